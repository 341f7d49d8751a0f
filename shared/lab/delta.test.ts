// deltaOf/withDelta: a delta rebuilds the next lab exactly (keys, values, node order), sends only
// what changed when unchanged parts are shared, and a delta that does not fit its base is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, editArb } from '../../testing/edits';
import { exampleTexts } from '../../testing/hostile';
import { DeltaError, deltaOf, shareUnchanged, withDelta, type DeltaBody } from './delta';
import { parseLab } from './parse';
import type { Lab } from './schema';

const examples = exampleTexts.map((e) => { const r = parseLab(e.text); if (!r.ok) throw new Error(e.file); return r.lab; });

const text = (v: unknown) => JSON.stringify(v);
/** The same lab input: keys and values, the nodes' order and each node's and link's text (the top-level order aside: checkLab's result keeps the schema's). */
function expectSame(got: unknown, want: unknown): void {
  expect(got).toEqual(want);
  const g = got as Record<string, unknown>, w = want as Record<string, unknown>;
  expect(Object.keys(g).sort()).toEqual(Object.keys(w).sort());
  for (const k of Object.keys(w)) expect(text(g[k])).toBe(text(w[k]));
}

describe('deltaOf / withDelta', () => {
  it('rebuild the next lab exactly, over random edits', () => {
    fc.assert(fc.property(fc.constantFrom(...examples), fc.array(editArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (start, edits, share) => {
      let base: Lab = structuredClone(start);
      for (const e of edits) {
        const edited = applyEdit(base, e);
        const next = share ? shareUnchanged(base, edited) : edited;
        const d = deltaOf(base, next);
        expect(d).not.toBeNull();
        // the delta crosses a process boundary as JSON
        const rebuilt = withDelta(base as unknown as Record<string, unknown>, JSON.parse(JSON.stringify(d)) as DeltaBody);
        expectSame(rebuilt, next);
        if (share) {
          // only what changed is sent
          const changed = Object.keys(next.nodes).filter((k) => next.nodes[k] !== base.nodes[k]);
          expect(Object.keys(d!.nodes ?? {}).sort()).toEqual(changed.sort());
          const links = next.links ?? [], was = base.links ?? [];
          if (links.length === was.length && links.every((l, i) => l === was[i])) expect(d!.links).toBeUndefined();
        }
        base = next;
      }
    }), { numRuns: 300 });
  });

  it('an unchanged lab is an empty delta, and the base is never changed', () => {
    const lab = structuredClone(examples[0]!);
    const before = text(lab);
    expect(deltaOf(lab, lab)).toEqual({});
    const added = { ...lab, description: 'x', nodes: { ...lab.nodes, zz: { kind: 'host' as const } }, links: [] };
    const d = deltaOf(lab, added)!;
    expect(d.set).toEqual({ description: 'x' });
    expect(Object.keys(d.nodes!)).toEqual(['zz']);
    expectSame(withDelta(lab as unknown as Record<string, unknown>, d), added);
    expect(text(lab)).toBe(before);
  });

  it('says null where a delta cannot rebuild the lab: another name, nodes reordered, not objects', () => {
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    expect(deltaOf(lab, { ...lab, name: 'other' })).toBeNull();
    expect(deltaOf(lab, { ...lab, nodes: Object.fromEntries(Object.entries(lab.nodes).reverse()) })).toBeNull();
    expect(deltaOf(lab, [])).toBeNull();
    expect(deltaOf(lab, { ...lab, nodes: [] })).toBeNull();
  });

  it('removes and re-adds links and keys, including "links" itself and non-list links', () => {
    const lab = examples.find((l) => (l.links?.length ?? 0) > 1)!;
    const { links: _links, ...noLinks } = lab;
    for (const next of [noLinks, { ...lab, links: [] }, { ...lab, links: lab.links!.slice(1) }, { ...lab, links: 'x' }]) {
      const d = deltaOf(lab, next)!;
      expectSame(withDelta(lab as unknown as Record<string, unknown>, d), next);
      expectSame(withDelta(next as unknown as Record<string, unknown>, deltaOf(next, lab)!), lab);
    }
  });

  it('keeps a "__proto__" node name a key', () => {
    const lab = structuredClone(examples[0]!) as unknown as Record<string, unknown>;
    const d = JSON.parse('{"nodes":{"__proto__":{"kind":"host"}}}') as DeltaBody;
    const out = withDelta(lab, d);
    expect(Object.hasOwn(out.nodes as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out.nodes)).toBe(Object.prototype);
  });

  it('refuses a delta that does not fit its base, naming where', () => {
    const lab = examples.find((l) => (l.links?.length ?? 0) > 0)!;
    const base = lab as unknown as Record<string, unknown>;
    const n = lab.links!.length;
    const cases: [DeltaBody, string][] = [
      [{ drop: ['nope'] }, 'drop: the base lab has no node "nope"'],
      [{ links: [{ at: n, remove: 1, insert: [] }] }, `links[0]: removes links ${n}–${n} of a list of ${n}`],
      [{ set: { name: 'x' } }, 'set.name:'],
      [{ set: { nodes: {} } }, 'set.nodes:'],
      [{ unset: ['nodes'] }, 'unset: a lab always has "nodes"'],
      [{ unset: ['exercise-not-there'] }, 'unset: the base lab has no "exercise-not-there"'],
    ];
    for (const [d, msg] of cases) {
      expect(() => withDelta(base, d)).toThrow(DeltaError);
      expect(() => withDelta(base, d)).toThrow(msg);
    }
  });
});
