// Incremental checking/resolving (incremental.ts) gives exactly checkLab/resolveLab's results,
// over sequences of random edits (valid or not) and hostile mutations of the example labs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, editArb } from '../../testing/edits';
import { exampleTexts, mutationArb, mutate } from '../../testing/hostile';
import { LabMemo } from './incremental';
import { checkLab, parseLab } from './parse';
import { resolveLab } from './resolve';
import type { Lab } from './schema';

const examples = exampleTexts.map((e) => { const r = parseLab(e.text); if (!r.ok) throw new Error(e.file); return r.lab; });

const stepArb = fc.oneof(
  { weight: 4, arbitrary: editArb.map((e) => ({ edit: e })) },
  { weight: 1, arbitrary: mutationArb.map((m) => ({ hostile: m })) },
);

describe('LabMemo', () => {
  it('check and resolve equal checkLab and resolveLab over random edits', () => {
    fc.assert(fc.property(fc.constantFrom(...examples), fc.array(stepArb, { minLength: 1, maxLength: 12 }), (start, steps) => {
      const memo = new LabMemo();
      let lab: Lab = start;
      const inputs: unknown[] = [structuredClone(lab)];
      for (const s of steps) {
        if ('edit' in s) { lab = applyEdit(lab, s.edit); inputs.push(structuredClone(lab)); }
        else inputs.push(mutate(structuredClone(lab) as never, [s.hostile]));
      }
      for (const data of inputs) {
        const got = memo.check(structuredClone(data));
        const want = checkLab(structuredClone(data));
        expect(got).toEqual(want);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        if (got.ok && want.ok) {
          const r = memo.resolve(got.lab);
          expect(r).toEqual(resolveLab(want.lab));
          expect(JSON.stringify(r)).toBe(JSON.stringify(resolveLab(want.lab)));
        }
      }
    }), { numRuns: 150 });
  });

  it('reuses unchanged nodes (same objects) and keeps them from being changed', () => {
    const memo = new LabMemo();
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    const a = memo.check(structuredClone(lab));
    const b = memo.check(applyEdit(lab, { kind: 'sysctl', at: 0, value: 2 }));
    if (!a.ok || !b.ok) throw new Error('invalid');
    const same = Object.keys(a.lab.nodes).filter((n) => a.lab.nodes[n] === b.lab.nodes[n]);
    expect(same.length).toBeGreaterThan(0);
    expect(Object.isFrozen(a.lab.nodes[same[0]!])).toBe(true);
    const ra = memo.resolve(a.lab), rb = memo.resolve(b.lab);
    expect(rb.nodes.filter((n, i) => n === ra.nodes[i]).length).toBeGreaterThan(0);
  });

  it('a non-JSON value (-0, undefined) is checked afresh, not matched to its JSON twin', () => {
    const memo = new LabMemo();
    const lab = structuredClone(examples[0]!) as Lab;
    const node = Object.values(lab.nodes)[0]!;
    (node as Record<string, unknown>).stp = undefined;
    expect(memo.check(structuredClone(lab))).toEqual(checkLab(structuredClone(lab)));
    expect(memo.check(structuredClone(lab))).toEqual(checkLab(structuredClone(lab)));
  });
});
