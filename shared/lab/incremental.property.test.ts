// Incremental checking/resolving (incremental.ts) gives exactly checkLab/resolveLab's results,
// over sequences of random edits (valid or not) and hostile mutations of the example labs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, editArb } from '../../testing/edits';
import { exampleTexts, mutationArb, mutate } from '../../testing/hostile';
import { deltaOf, shareUnchanged, withDelta } from './delta';
import { LabMemo } from './incremental';
import { parseEndpoint } from './links';
import { checkLab, parseLab } from './parse';
import { resolveLab } from './resolve';
import type { Lab, LabLink } from './schema';

const examples = exampleTexts.map((e) => { const r = parseLab(e.text); if (!r.ok) throw new Error(e.file); return r.lab; });

/** Edits testing/edits.ts does not make: ones that move things rather than change them. */
type Extra =
  | { kind: 'moveLink'; from: number; to: number }
  | { kind: 'insertLink'; at: number; a: number; b: number; net: number }
  | { kind: 'form'; at: number }
  | { kind: 'reorder'; at: number; where: 'lab' | 'nodes' | 'node' | 'link' }
  | { kind: 'rename'; at: number; to: string }
  | { kind: 'frame'; what: 'description' | 'exercise' | 'checks' | 'version' }
  | { kind: 'ifmtu'; at: number; mtu: number | null }
  | { kind: 'ifname'; at: number; to: string };

const extraArb: fc.Arbitrary<Extra> = fc.oneof(
  fc.record({ kind: fc.constant('moveLink' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('insertLink' as const), at: fc.nat(), a: fc.nat(), b: fc.nat(), net: fc.integer({ min: 0, max: 63 }) }),
  fc.record({ kind: fc.constant('form' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('reorder' as const), at: fc.nat(), where: fc.constantFrom('lab' as const, 'nodes' as const, 'node' as const, 'link' as const) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), to: fc.constantFrom('n1', 'renamed', 'h1', 'r1', 'constructor', 'toString', 'x-y_z') }),
  fc.record({ kind: fc.constant('frame' as const), what: fc.constantFrom('description' as const, 'exercise' as const, 'checks' as const, 'version' as const) }),
  fc.record({ kind: fc.constant('ifmtu' as const), at: fc.nat(), mtu: fc.constantFrom(1400, 1500, 9000, null) }),
  fc.record({ kind: fc.constant('ifname' as const), at: fc.nat(), to: fc.constantFrom('br0', 'lo', 'eth0', 'eth1', 'eth9', 'p0') }),
);

const reversed = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;

function applyExtra(lab: Lab, e: Extra): Lab {
  const c = structuredClone(lab);
  const links = c.links ?? [];
  const names = Object.keys(c.nodes);
  switch (e.kind) {
    case 'moveLink':
      if (links.length > 1) links.splice(e.to % links.length, 0, links.splice(e.from % links.length, 1)[0]!);
      break;
    case 'insertLink': {
      const n = applyEdit(c, { kind: 'link', a: e.a, b: e.b, net: e.net });
      const l = n.links ?? [];
      if (l.length > links.length) l.splice(e.at % l.length, 0, l.pop()!);
      return n;
    }
    case 'form': {
      if (!links.length) break;
      const i = e.at % links.length;
      const l = links[i]!;
      links[i] = Array.isArray(l) ? { endpoints: [l[0], l[1]] } : Object.keys(l).length === 1 ? [l.endpoints[0], l.endpoints[1]] : { ...l, up: l.up ?? true };
      break;
    }
    case 'reorder':
      if (e.where === 'lab') return reversed(c);
      if (e.where === 'nodes') c.nodes = reversed(c.nodes);
      else if (e.where === 'node' && names.length) { const k = names[e.at % names.length]!; c.nodes[k] = reversed(c.nodes[k]!); }
      else if (e.where === 'link' && links.length) { const i = e.at % links.length; const l = links[i]!; if (!Array.isArray(l)) links[i] = reversed(l); }
      break;
    case 'rename': {
      if (!names.length) break;
      const from = names[e.at % names.length]!;
      if (c.nodes[e.to]) break;
      const to = (s: string) => (s === from ? e.to : s);
      const ep = (t: string) => { const { node, iface } = parseEndpoint(t); return `${to(node)}:${iface}`; };
      c.nodes = Object.fromEntries(Object.entries(c.nodes).map(([k, v]) => [to(k), v]));
      c.links = c.links?.map((l): LabLink => (Array.isArray(l) ? [ep(l[0]), ep(l[1])] : { ...l, endpoints: [ep(l.endpoints[0]), ep(l.endpoints[1])] }));
      c.checks = c.checks?.map((k) => ({ ...k, from: to(k.from), ...(k.ping !== undefined ? { ping: to(k.ping) } : {}) }));
      break;
    }
    case 'ifmtu': {
      // an interface's own MTU, which a link's may then contradict
      const slots = names.flatMap((n) => Object.keys(c.nodes[n]!.interfaces ?? {}).map((i) => [n, i] as const));
      if (!slots.length) break;
      const [n, i] = slots[e.at % slots.length]!;
      const iface = c.nodes[n]!.interfaces![i]!;
      if (e.mtu === null) delete iface.mtu; else iface.mtu = e.mtu;
      break;
    }
    case 'ifname': {
      // a link end's interface renamed, in the link and its node (reserved names and reuse included)
      if (!links.length) break;
      const i = e.at % links.length;
      const l = links[i]!;
      const eps = Array.isArray(l) ? l : l.endpoints;
      const k = (e.at >> 3) % 2;
      const { node, iface } = parseEndpoint(eps[k]!);
      const n = c.nodes[node];
      if (n?.interfaces?.[iface]) n.interfaces = Object.fromEntries(Object.entries(n.interfaces).map(([name, v]) => [name === iface ? e.to : name, v]));
      eps[k] = `${node}:${e.to}`;
      break;
    }
    case 'frame':
      if (e.what === 'description') { if (c.description === undefined) c.description = 'changed'; else delete c.description; }
      else if (e.what === 'exercise') { if (c.exercise) delete c.exercise; else c.exercise = { instructions: 'Make h1 reach h2.', hidden_checks: true }; }
      else if (e.what === 'checks') { if (c.checks?.length) c.checks = c.checks.slice(1); else delete c.checks; }
      else if (c.version === undefined) c.version = 1; else delete c.version;
      break;
  }
  return c;
}

/** Turn `target` into a deep copy of `source` in place, keeping its objects: a caller reusing its input. */
function patch(target: Record<string, unknown> | unknown[], source: Record<string, unknown> | unknown[]): void {
  if (Array.isArray(target) && Array.isArray(source)) target.length = source.length;
  else for (const k of Object.keys(target)) if (!Object.hasOwn(source, k)) delete (target as Record<string, unknown>)[k];
  for (const [k, v] of Object.entries(source)) {
    // own properties only: a "__proto__" key must not reach Object.prototype
    const t = Object.hasOwn(target, k) ? (target as Record<string, unknown>)[k] : undefined;
    const bothObjects = v !== null && typeof v === 'object' && t !== null && typeof t === 'object' && Array.isArray(v) === Array.isArray(t);
    if (bothObjects) patch(t as Record<string, unknown>, v as Record<string, unknown>);
    else Object.defineProperty(target, k, { value: structuredClone(v), enumerable: true, writable: true, configurable: true });
  }
}

function deeplyFrozen(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  return Object.isFrozen(v) && Object.values(v).every(deeplyFrozen);
}

const stepArb = fc.oneof(
  { weight: 4, arbitrary: editArb.map((e) => ({ edit: e })) },
  { weight: 3, arbitrary: extraArb.map((e) => ({ extra: e })) },
  { weight: 1, arbitrary: mutationArb.map((m) => ({ hostile: m })) },
);

/** How often checkDelta answered (not null) in the property below: its fast path must be exercised. */
const deltaCalls = { answered: 0, declined: 0 };

/**
 * The helper's side of a delta: `memo` holds `base` (the lab it last returned, and the input the
 * sender made it from); the next input goes as a delta of the two inputs, applied to the lab.
 * The result must be checkLab's of the lab the delta makes, whether checkDelta answers or
 * declines (the helper then checks the whole lab). Returns the new base.
 */
function viaDeltaStep(memo: LabMemo, base: { input: unknown; lab: Lab } | null, json: unknown): { input: unknown; lab: Lab } | null {
  const next = base ? shareUnchanged(base.input, json) : json;
  const body = base ? deltaOf(base.input, next) : null;
  if (!base || !body) {
    const r = memo.check(json, { fromJson: true });
    return r.ok ? { input: json, lab: r.lab } : null;
  }
  // as it crosses the process boundary
  const d = JSON.parse(JSON.stringify(body)) as typeof body;
  const data = withDelta(base.lab as unknown as Record<string, unknown>, d);
  const want = checkLab(structuredClone(data));
  // the lab the delta makes is the sender's lab
  expect(JSON.stringify(want)).toBe(JSON.stringify(checkLab(structuredClone(json))));
  const fast = memo.checkDelta(base.lab, d);
  if (fast) deltaCalls.answered++; else deltaCalls.declined++;
  const got = fast ? { ok: true as const, lab: fast } : memo.check(data, { fromJson: true });
  expect(got).toEqual(want);
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  if (!got.ok || !want.ok) return null;
  expect(deeplyFrozen(got.lab.nodes) && deeplyFrozen(got.lab.links)).toBe(true);
  expect(memo.resolve(got.lab)).toEqual(resolveLab(want.lab));
  expect(memo.json(got.lab)).toBe(JSON.stringify(want.lab));
  return { input: next, lab: got.lab };
}

describe('LabMemo', () => {
  it('check, resolve and json equal checkLab, resolveLab and JSON.stringify over random edits', () => {
    fc.assert(fc.property(fc.constantFrom(...examples), fc.array(stepArb, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.nat(), (start, steps, inPlace, older) => {
      const memo = new LabMemo();
      // the same inputs as the helper receives them (JSON text, parsed), checked with fromJson
      const viaJson = new LabMemo();
      // and as deltas against the last lab (LabMemo.checkDelta)
      const viaDelta = new LabMemo();
      let base: { input: unknown; lab: Lab } | null = null;
      let lab: Lab = start;
      const inputs: unknown[] = [structuredClone(lab)];
      for (const s of steps) {
        if ('edit' in s) { lab = applyEdit(lab, s.edit); inputs.push(structuredClone(lab)); }
        else if ('extra' in s) { lab = applyExtra(lab, s.extra); inputs.push(structuredClone(lab)); }
        else inputs.push(mutate(structuredClone(lab) as never, [s.hostile]));
      }
      // inPlace: one object, changed in place into each input (the memo may keep none of it)
      const reused = structuredClone(inputs[0]) as Record<string, unknown>;
      const oks: Lab[] = [];
      for (const data of inputs) {
        let input: unknown = structuredClone(data);
        if (inPlace && data !== null && typeof data === 'object' && !Array.isArray(data)) { patch(reused, data as Record<string, unknown>); input = reused; }
        let text: string | undefined;
        try { text = JSON.stringify(input); } catch { /* not JSON: no frame could carry it */ }
        if (text !== undefined) {
          base = viaDeltaStep(viaDelta, base, JSON.parse(text));
          const gotJ = viaJson.check(JSON.parse(text), { fromJson: true });
          const wantJ = checkLab(JSON.parse(text));
          expect(gotJ).toEqual(wantJ);
          if (gotJ.ok && wantJ.ok) expect(viaJson.json(gotJ.lab)).toBe(JSON.stringify(wantJ.lab));
        }
        const want = checkLab(structuredClone(input));
        const got = memo.check(input);
        expect(got).toEqual(want);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
        if (got.ok && want.ok) {
          expect(deeplyFrozen(got.lab.nodes) && deeplyFrozen(got.lab.links)).toBe(true);
          const r = memo.resolve(got.lab);
          expect(r).toEqual(resolveLab(want.lab));
          expect(JSON.stringify(r)).toBe(JSON.stringify(resolveLab(want.lab)));
          expect(memo.json(got.lab)).toBe(JSON.stringify(want.lab));
          oks.push(got.lab);
        }
      }
      // a lab from an earlier check is resolved and stringified right too
      if (oks.length) {
        const old = oks[older % oks.length]!;
        expect(memo.resolve(old)).toEqual(resolveLab(old));
        expect(memo.json(old)).toBe(JSON.stringify(old));
      }
    }), { numRuns: 400 });
    // the deltas took the proportional path often, and declined (to the whole check) too
    expect(deltaCalls.answered).toBeGreaterThan(200);
    expect(deltaCalls.declined).toBeGreaterThan(20);
  });

  it('reuses unchanged nodes (same objects) and keeps them from being changed', () => {
    const memo = new LabMemo();
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    const a = memo.check(structuredClone(lab));
    if (!a.ok) throw new Error('invalid');
    const ra = memo.resolve(a.lab);
    const b = memo.check(applyEdit(lab, { kind: 'sysctl', at: 0, value: 2 }));
    if (!b.ok) throw new Error('invalid');
    const rb = memo.resolve(b.lab);
    const same = Object.keys(a.lab.nodes).filter((n) => a.lab.nodes[n] === b.lab.nodes[n]);
    expect(same.length).toBeGreaterThan(0);
    expect(Object.isFrozen(a.lab.nodes[same[0]!])).toBe(true);
    expect(rb.nodes.filter((n, i) => n === ra.nodes[i]).length).toBeGreaterThan(0);
    expect(rb.links.filter((l, i) => l === ra.links[i]).length).toBeGreaterThan(0);
    expect(Object.isFrozen(rb.links[0])).toBe(true);
  });

  it('input from JSON.parse (fromJson) reuses every unchanged node and link, as other input does', () => {
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2 && (l.links?.length ?? 0) > 1)!;
    for (const fromJson of [false, true]) {
      const memo = new LabMemo();
      const a = memo.check(JSON.parse(JSON.stringify(lab)), { fromJson });
      const edited = applyEdit(lab, { kind: 'sysctl', at: 0, value: 2 });
      const b = memo.check(JSON.parse(JSON.stringify(edited)), { fromJson });
      if (!a.ok || !b.ok) throw new Error('invalid');
      const changed = Object.keys(a.lab.nodes).filter((n) => a.lab.nodes[n] !== b.lab.nodes[n]);
      expect(changed, `fromJson ${fromJson}`).toEqual(Object.keys(lab.nodes).filter((n) => JSON.stringify(lab.nodes[n]) !== JSON.stringify(edited.nodes[n])));
      expect(b.lab.links!.every((l, i) => l === a.lab.links![i])).toBe(true);
    }
  });

  it('a node dropped (its links left dangling) and back again gets its link ends back', () => {
    for (const lab of examples) {
      const memo = new LabMemo();
      for (const name of Object.keys(lab.nodes)) {
        const without = structuredClone(lab);
        delete without.nodes[name];
        for (const data of [structuredClone(lab), without, structuredClone(lab)]) {
          const got = memo.check(data);
          expect(got).toEqual(checkLab(structuredClone(data)));
          if (got.ok) expect(memo.resolve(got.lab)).toEqual(resolveLab(got.lab));
        }
      }
    }
  });

  it('a delta giving a lab without links an empty list of links: the lab has "links": [] (found by the property above)', () => {
    const memo = new LabMemo();
    const lab = { version: 1, name: 'nolinks', nodes: { h1: { kind: 'host' }, h2: { kind: 'host' } } } as Lab;
    const base = memo.check(lab);
    expect(base).toEqual(checkLab(structuredClone(lab)));
    expect(base.ok).toBe(true);
    if (!base.ok) return;
    const next = { ...lab, links: [] };
    const d = deltaOf(lab, next)!;
    expect(d.links).toEqual([{ at: 0, remove: 0, insert: [] }]);
    const fast = memo.checkDelta(base.lab, d);
    const got = fast ? { ok: true, lab: fast } : memo.check(withDelta(base.lab as unknown as Record<string, unknown>, d), { fromJson: true });
    expect(JSON.stringify(got)).toBe(JSON.stringify(checkLab(structuredClone(next))));
  });

  it('a non-JSON value (-0, undefined) is checked afresh, not matched to its JSON twin', () => {
    const memo = new LabMemo();
    const lab = structuredClone(examples[0]!) as Lab;
    const node = Object.values(lab.nodes)[0]!;
    (node as Record<string, unknown>).stp = undefined;
    expect(memo.check(structuredClone(lab))).toEqual(checkLab(structuredClone(lab)));
    expect(memo.check(structuredClone(lab))).toEqual(checkLab(structuredClone(lab)));
  });

  it('a node behind a getter, a class or another prototype is parsed afresh, not matched as unchanged', () => {
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    const name = Object.keys(lab.nodes)[0]!;
    class Box { constructor(v: object) { Object.assign(this, v); } }
    const variants: ((n: Record<string, unknown>) => unknown)[] = [
      (n) => Object.defineProperty({ ...n }, 'kind', { get: () => n.kind, enumerable: true }),
      (n) => new Box(n),
      (n) => Object.assign(Object.create({ inherited: true }), n),
      // zod rejects a symbol key in a record (where a for…in walk would not see it)
      (n) => ({ ...n, interfaces: { ...(n.interfaces as object), [Symbol('s')]: {} } }),
    ];
    for (const variant of variants) {
      const memo = new LabMemo();
      const first = memo.check(structuredClone(lab));
      if (!first.ok) throw new Error('invalid');
      const data = structuredClone(lab) as unknown as { nodes: Record<string, unknown> };
      data.nodes[name] = variant(data.nodes[name] as Record<string, unknown>);
      const got = memo.check(data);
      expect(got).toEqual(checkLab(data));
      if (got.ok) expect(got.lab.nodes[name]).not.toBe(first.lab.nodes[name]);
    }
  });

  it('a proxy in the input that calls the memo back mid-check gets checkLab\'s results', () => {
    const lab = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    const other = examples.find((l) => l !== lab)!;
    const memo = new LabMemo();
    expect(memo.check(structuredClone(lab)).ok).toBe(true);
    for (const target of [structuredClone(other), structuredClone(lab), applyEdit(lab, { kind: 'sysctl', at: 0, value: 1 })]) {
      const data = structuredClone(lab) as unknown as { nodes: Record<string, unknown> };
      const name = Object.keys(data.nodes)[1]!;
      let calls = 0;
      data.nodes[name] = new Proxy(data.nodes[name] as object, {
        get: (t, k, r) => { if (calls++ === 0) expect(memo.check(structuredClone(target))).toEqual(checkLab(structuredClone(target))); return Reflect.get(t, k, r); },
      });
      const got = memo.check(data);
      calls = 1;
      expect(got).toEqual(checkLab(data));
      if (got.ok) expect(memo.resolve(got.lab)).toEqual(resolveLab(got.lab));
      expect(memo.check(structuredClone(lab))).toEqual(checkLab(structuredClone(lab)));
    }
  });

  it('survives hostile nesting without a stack overflow', () => {
    const memo = new LabMemo();
    const lab = structuredClone(examples[0]!) as unknown as Record<string, unknown>;
    expect(memo.check(structuredClone(lab)).ok).toBe(true);
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { k: deep };
    for (const at of ['description', 'nodes', 'links'] as const) {
      const data = structuredClone(lab);
      if (at === 'nodes') (data.nodes as Record<string, unknown>).h9 = deep;
      else if (at === 'links') (data.links as unknown[]).push(deep);
      else data.description = deep;
      expect(memo.check(data)).toEqual(checkLab(data));
    }
  });

  it('keeps one lab per name, and only the last lab\'s nodes', () => {
    const memo = new LabMemo(2);
    const base = examples.find((l) => Object.keys(l.nodes).length > 2)!;
    for (let i = 0; i < 20; i++) {
      const renamed = applyExtra(base, { kind: 'rename', at: i, to: `n${i}` });
      expect(memo.check({ ...renamed, name: `lab${i % 3}` }).ok).toBe(true);
    }
    const labs = (memo as unknown as { labs: Map<string, { nodes: Map<string, unknown> }> }).labs;
    expect(labs.size).toBe(2);
    for (const s of labs.values()) expect(s.nodes.size).toBe(Object.keys(base.nodes).length);
  });
});
