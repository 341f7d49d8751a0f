import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameOrder } from './name-order';

const sign = (x: number) => Math.sign(x);
/** names, interface names and link keys: the alphabet nameOrder ranks itself */
const ranked = fc.string({ unit: fc.constantFrom(...'_-:.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), maxLength: 12 });
/** near misses of one another: short strings over a few letters in both cases, digits and punctuation */
const close = fc.string({ unit: fc.constantFrom(...'aAbB19_-:.'.split('')), maxLength: 6 });
/** anything else goes to localeCompare */
const other = fc.string({ unit: fc.constantFrom(...'aAé ~@/Ω\u0301\u00df'.split('')), maxLength: 5 });

describe('nameOrder', () => {
  it('orders as localeCompare does, on the names alphabet and beyond it', () => {
    for (const arb of [ranked, close, other, fc.oneof(ranked, other)]) {
      fc.assert(fc.property(arb, arb, (a, b) => {
        expect([a, b, sign(nameOrder(a, b))]).toEqual([a, b, sign(a.localeCompare(b))]);
      }), { numRuns: 5000 });
    }
  });

  it('sorts lists as localeCompare does', () => {
    fc.assert(fc.property(fc.array(fc.oneof(ranked, close), { maxLength: 40 }), (xs) => {
      expect([...xs].sort(nameOrder)).toEqual([...xs].sort((a, b) => a.localeCompare(b)));
    }), { numRuns: 500 });
    expect(['r10', 'R1', 'r1:eth0', 'r1', 'r1-x', 'r1_x', 'r1.x'].sort(nameOrder)).toEqual(['r1', 'R1', 'r1_x', 'r1-x', 'r1:eth0', 'r1.x', 'r10']);
  });
});
