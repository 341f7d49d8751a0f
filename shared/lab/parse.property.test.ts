// Property tests (fast-check) for the lab parser: whatever arrives — random text, random JSON,
// mutated example labs — parseLab/checkLab never throw, answer in bounded time, and every
// rejection carries a path and a message a terminal can print safely.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { damagedTextArb, mutatedExampleArb } from '../../testing/hostile';
import { formatIssue } from './issues';
import { checkLab, parseLab, type ParseResult } from './parse';

/** C0/C1 controls and bidi overrides: what could rewrite a terminal line or reorder text. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const BOUND_MS = 2_000;

function wellFormed(r: ParseResult, ms: number): void {
  expect(ms).toBeLessThan(BOUND_MS);
  if (r.ok) {
    expect(typeof r.lab.name).toBe('string');
    return;
  }
  expect(r.issues.length).toBeGreaterThan(0);
  for (const i of r.issues) {
    expect(Array.isArray(i.path)).toBe(true);
    for (const p of i.path) expect(['string', 'number']).toContain(typeof p);
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
    // what the CLI prints: no raw control characters from the file reach the terminal
    const line = formatIssue(i, 'lab.yaml');
    expect(UNSAFE.test(line), JSON.stringify(line)).toBe(false);
  }
}

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

const parseChecked = (text: string) => { const [r, ms] = timed(() => parseLab(text)); wellFormed(r, ms); return r; };
const checkChecked = (data: unknown) => { const [r, ms] = timed(() => checkLab(data)); wellFormed(r, ms); return r; };

describe('lab parser under hostile input (properties)', () => {
  it('arbitrary strings: never throws, well-formed result', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom(...'{}[]:-,&*!|>\'"#%@`\n \t?'), maxLength: 200 })), (s) => {
      parseChecked(s);
    }), { numRuns: 250 });
  });

  it('arbitrary JSON-ish values: checkLab and parseLab of their YAML never throw', () => {
    fc.assert(fc.property(fc.oneof(fc.anything({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 5 }), fc.record({ name: fc.string(), nodes: fc.anything({ maxDepth: 3 }) })), (v) => {
      checkChecked(v);
      let text: unknown = null;
      try { text = stringify(v); } catch { text = null; }
      if (typeof text === 'string') parseChecked(text);
      parseChecked(v as string); // a caller that hands over something other than text
    }), { numRuns: 300 });
  });

  it('mutated example labs: never throw, and no prototype is polluted', () => {
    fc.assert(fc.property(mutatedExampleArb, ({ lab }) => {
      checkChecked(lab);
      parseChecked(stringify(lab));
      parseChecked(JSON.stringify(lab) ?? 'null');
      expect(({} as Record<string, unknown>).kind).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    }), { numRuns: 400 });
  });

  it('damaged example text (duplicate keys, cut lines, injected characters): never throws', () => {
    fc.assert(fc.property(damagedTextArb, ({ text, how }) => {
      const r = parseChecked(text);
      if (how === 'dup' && !r.ok) expect(r.issues.every((i) => i.message.length > 0)).toBe(true);
    }), { numRuns: 300 });
  });

  it('`__proto__` / `constructor` keys are refused as unknown keys, never merged', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const r = parseLab(`name: demo\nnodes: {}\n${key}: { polluted: 1 }\n`);
      expect(r.ok).toBe(false);
      const j = checkLab(JSON.parse(`{"name":"demo","nodes":{"h1":{"kind":"host","${key}":{"polluted":1}}}}`));
      expect(j.ok).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
