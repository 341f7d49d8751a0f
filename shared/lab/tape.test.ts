import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build, same, tapeOf } from './tape';

const D = 12;

describe('tape', () => {
  it('equals exactly the JSON data with the same text (key order included)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 5 }), (a, b) => {
      // a JSON text round trip: what JSON keeps (no -0)
      const x = JSON.parse(JSON.stringify(a)) as unknown, y = JSON.parse(JSON.stringify(b)) as unknown;
      const t = tapeOf(x, D)!;
      expect(t).not.toBeNull();
      expect(same(structuredClone(x), t, D)).toBe(true);
      expect(same(y, t, D)).toBe(JSON.stringify(x) === JSON.stringify(y));
      expect(JSON.stringify(build(t))).toBe(JSON.stringify(x));
    }), { numRuns: 500 });
  });

  it('tells key order, extra and missing keys and items apart', () => {
    const t = tapeOf({ a: 1, b: [1, 2], c: { d: 'x' } }, D)!;
    expect(same({ a: 1, b: [1, 2], c: { d: 'x' } }, t, D)).toBe(true);
    for (const v of [{ b: [1, 2], a: 1, c: { d: 'x' } }, { a: 1, b: [1, 2] }, { a: 1, b: [1, 2], c: { d: 'x' }, e: 1 }, { a: 1, b: [1], c: { d: 'x' } },
      { a: 1, b: [1, 2, 3], c: { d: 'x' } }, { a: '1', b: [1, 2], c: { d: 'x' } }, { a: 1, b: { 0: 1, 1: 2 }, c: { d: 'x' } }, [1, [1, 2], { d: 'x' }], null, 'a'])
      expect(same(v, t, D)).toBe(false);
  });

  it('records and matches only plain JSON data', () => {
    class C { a = 1; }
    const getter = Object.defineProperty({}, 'a', { get: () => 1, enumerable: true });
    const arrayGetter = Object.defineProperty([0], 0, { get: () => 1, enumerable: true });
    const sparse = [1, , 3];
    const notPlain: unknown[] = [undefined, -0, NaN, Infinity, 1n, () => 1, Symbol('s'), new C(), new Date(0), new Map(), getter, arrayGetter, sparse,
      Object.create({ a: 1 }), Object.assign(Object.create({}), { a: 1 }), { a: undefined }, [undefined], Object.setPrototypeOf([1], null)];
    for (const v of notPlain) {
      expect(tapeOf(v, D)).toBeNull();
      expect(tapeOf({ k: v }, D)).toBeNull();
    }
    // a twin of plain data that is not plain data does not match it
    const twins: [unknown, unknown][] = [[0, -0], [{ a: 1 }, new C()], [{ a: 1 }, getter], [[1], arrayGetter], [[1, null, 3], sparse], [{ a: 1 }, Object.assign(Object.create({}), { a: 1 })]];
    for (const [plain, twin] of twins) expect(same(twin, tapeOf(plain, D)!, D)).toBe(false);
    // null prototype objects are plain (JSON text cannot tell them apart, nor can the parsers)
    expect(same(Object.assign(Object.create(null), { a: 1 }), tapeOf({ a: 1 }, D)!, D)).toBe(true);
  });

  it('is bounded in depth (no stack overflow on hostile nesting)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(tapeOf(deep, D)).toBeNull();
    expect(same(deep, tapeOf({ k: [1] }, D)!, D)).toBe(false);
    const ok = tapeOf({ a: { b: { c: 1 } } }, 3);
    expect(ok).not.toBeNull();
    expect(tapeOf({ a: { b: { c: {} } } }, 3)).toBeNull();
  });

  it('keeps "__proto__" a key, in the tape and when built', () => {
    const v = JSON.parse('{"__proto__":{"x":1},"a":2}') as Record<string, unknown>;
    const t = tapeOf(v, D)!;
    const b = build(t) as Record<string, unknown>;
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(Object.keys(b)).toEqual(['__proto__', 'a']);
    expect(same(v, t, D)).toBe(true);
    expect(same({ a: 2 }, t, D)).toBe(false);
  });

  it('leaves out the values of skipped top-level keys', () => {
    const skip = (k: string) => k === 'nodes';
    const t = tapeOf({ name: 'x', nodes: { a: 1 } }, D, skip)!;
    expect(same({ name: 'x', nodes: 'anything' }, t, D, skip)).toBe(true);
    expect(same({ nodes: {}, name: 'x' }, t, D, skip)).toBe(false);
    expect(same({ name: 'y', nodes: {} }, t, D, skip)).toBe(false);
    expect(same({ name: 'x' }, t, D, skip)).toBe(false);
  });

  it('keeps no reference to its input', () => {
    const v = { a: [{ b: 1 }] };
    const t = tapeOf(v, D)!;
    v.a[0]!.b = 2;
    expect(same({ a: [{ b: 1 }] }, t, D)).toBe(true);
    expect(same(v, t, D)).toBe(false);
  });
});
