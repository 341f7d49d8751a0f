import { describe, expect, it } from 'vitest';
import { canonicalPercent, canonicalQdisc, canonicalRate, canonicalTime, formatRateBytes, rateBytes } from './tc-units';

describe('tc units', () => {
  it('computes bytes per second the way tc does (truncating)', () => {
    // values recorded from `tc -j qdisc show` after `tbf rate X` on a real kernel
    expect(rateBytes('10mbit')).toBe(1250000);
    expect(rateBytes('1500kbit')).toBe(187500);
    expect(rateBytes('1gbit')).toBe(125000000);
    expect(rateBytes('2.5mbit')).toBe(312500);
    expect(rateBytes('1mbps')).toBe(1000000);
    expect(rateBytes('64kbps')).toBe(64000);
    expect(rateBytes('10Mbit')).toBe(1250000);
    expect(rateBytes('999bit')).toBe(124);
    expect(rateBytes('1234567bit')).toBe(154320);
    expect(rateBytes('fast')).toBeNull();
  });

  it('formats kernel bytes per second as the shortest exact rate', () => {
    expect(formatRateBytes(1250000)).toBe('10mbit');
    expect(formatRateBytes(187500)).toBe('1500kbit');
    expect(formatRateBytes(125000000)).toBe('1gbit');
    expect(formatRateBytes(124)).toBe('992bit');
  });

  it('makes both sides of an unchanged link equal, and is idempotent', () => {
    for (const r of ['10mbit', '10Mbit', '2.5mbit', '1mbps', '999bit', '1234567bit', '100kbit', '40gbit']) {
      const c = canonicalRate(r);
      expect(formatRateBytes(rateBytes(r)!)).toBe(c);
      expect(canonicalRate(c)).toBe(c);
    }
    expect(canonicalRate('1mbps')).toBe('8mbit');
  });

  it('normalises times and percentages; zero means none', () => {
    expect(canonicalTime('20ms')).toBe('20ms');
    expect(canonicalTime('1.5ms')).toBe('1500us');
    expect(canonicalTime('1000ms')).toBe('1s');
    expect(canonicalTime('0ms')).toBeNull();
    expect(canonicalPercent('1.50%')).toBe('1.5%');
    expect(canonicalPercent('0%')).toBeNull();
    expect(canonicalPercent('100%')).toBe('100%');
  });

  it('canonicalises whole qdiscs', () => {
    expect(canonicalQdisc({ kind: 'tbf', rate: '10Mbit' })).toEqual({ kind: 'tbf', rate: '10mbit' });
    expect(canonicalQdisc({ kind: 'netem', delay: '20ms', jitter: '5ms', loss: '1%', rate: '10mbit' }))
      .toEqual({ kind: 'netem', delay: '20ms', jitter: '5ms', loss: '1%', rate: '10mbit' });
    expect(canonicalQdisc({ kind: 'netem', delay: '0ms', jitter: '5ms', loss: null, rate: null }))
      .toEqual({ kind: 'netem', delay: null, jitter: null, loss: null, rate: null });
  });
});
