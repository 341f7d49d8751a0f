// planSubset gives exactly the full plan's ops for the namespaces asked for, and planReusing
// (incremental.ts) exactly the full plan, over random lab edits and outside changes applied to
// the model kernel (testing/simulate.ts) — observations reused by identity where a namespace's
// state did not change, as the engine's observation cache does; now and then all objects fresh
// (a resolve without memo, an observation without cache) or an outdated memo passed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdit, editArb } from '../../testing/edits';
import { exampleTexts } from '../../testing/hostile';
import { simulate } from '../../testing/simulate';
import { LabMemo } from '../lab/incremental';
import { parseLab } from '../lab/parse';
import { resolveLab } from '../lab/resolve';
import type { Lab } from '../lab/schema';
import type { Op } from '../ops/types';
import type { ObservedLab } from '../state/observed';
import { planReusing, type PlanMemo } from './incremental';
import { plan, planSubset } from './plan';

const examples = exampleTexts.map((e) => { const r = parseLab(e.text); if (!r.ok) throw new Error(e.file); return { ...r.lab, name: 'p' }; });

/**
 * Outside changes someone makes with `ip`: picked among what exists then. (A changed cable alias
 * changes what the far end needs while the far end's own state stays the same: the case for
 * planning neighbours; a copied one, what the namespaces it names need.)
 */
const outsideKinds = ['link.del', 'down', 'addr.del', 'route.del', 'forwarding', 'alias', 'ns.del', 'stray'] as const;
const outsideArb = fc.record({ kind: fc.constantFrom(...outsideKinds), at: fc.nat() });
/**
 * With 'copy' too. A namespace whose cable carries a copied alias gets its cable removed, and the
 * plan counts the interface the alias names (and whose own alias names it back) as gone with it:
 * a relation its aliases show from one side only. planReusing plans both sides together (a
 * namespace's alias-named ones and those naming it); an arbitrary subset, as planSubset is given
 * below, may hold just one.
 */
const outsideOrCopyArb = fc.record({ kind: fc.constantFrom(...outsideKinds, 'copy'), at: fc.nat() });
function outside(s: ObservedLab, o: { kind: string; at: number }): ObservedLab {
  const nss = Object.keys(s).sort();
  if (!nss.length) return s;
  const ns = nss[o.at % nss.length]!;
  const links = s[ns]!.links.filter((l) => l.name !== 'lo');
  const l = links[o.at % Math.max(1, links.length)];
  switch (o.kind) {
    case 'link.del': return l ? simulate(s, [{ kind: 'link.del', ns, name: l.name }]) : s;
    case 'down': return l ? simulate(s, [{ kind: 'link.set', ns, name: l.name, up: false }]) : s;
    case 'addr.del': { const a = l?.addresses[0]; return a ? simulate(s, [{ kind: 'addr.del', ns, dev: l.name, cidr: a }]) : s; }
    case 'route.del': {
      const r = s[ns]!.routes.find((x) => x.protocol === 'boot');
      return r ? simulate(s, [{ kind: 'route.del', ns, route: { family: r.family, to: r.to, via: r.via, dev: r.dev, metric: r.metric } }]) : s;
    }
    case 'forwarding': return simulate(s, [{ kind: 'sysctl.set', ns, key: 'net.ipv4.ip_forward', value: s[ns]!.sysctl['net.ipv4.ip_forward'] === '1' ? '0' : '1' }]);
    case 'alias': return l ? simulate(s, [{ kind: 'link.set', ns, name: l.name, alias: 'someone' }]) : s;
    case 'copy': { // another namespace's cable alias, copied here: it names the ends of that cable
      const from = s[nss[(o.at >> 4) % nss.length]!]!.links.find((x) => x.alias?.startsWith('nslab:'));
      return l && from ? simulate(s, [{ kind: 'link.set', ns, name: l.name, alias: from.alias! }]) : s;
    }
    case 'ns.del': return simulate(s, [{ kind: 'netns.del', ns }]);
    // a namespace of the lab's that is no node of it (the tests take every namespace as owned)
    case 'stray': return s['nslab-p-stray'] ? s : simulate(s, [{ kind: 'netns.add', ns: 'nslab-p-stray' }]);
  }
  return s;
}

/** `next`, with the previous objects kept for namespaces whose state is unchanged (the cache). */
function keepIdentity(prev: ObservedLab, next: ObservedLab): ObservedLab {
  return Object.fromEntries(Object.entries(next).map(([ns, o]) => [ns, prev[ns] && JSON.stringify(prev[ns]) === JSON.stringify(o) ? prev[ns] : o]));
}

/** Run ops as the executor does: in order, stopping at the first the (model) kernel refuses. */
function execute(s: ObservedLab, ops: Op[]): ObservedLab {
  for (const op of ops) { try { s = simulate(s, [op]); } catch { break; } }
  return s;
}

const onlyOps = (ops: Op[], only: ReadonlySet<string>) => ops.filter((op) => only.has(op.ns));

const stepArb = fc.record({
  edits: fc.array(editArb, { maxLength: 2 }),
  outside: fc.array(outsideOrCopyArb, { maxLength: 2 }),
  /** stop after this many ops (a failed apply), or run them all */
  cut: fc.option(fc.nat(), { freq: 4 }),
  ahead: fc.boolean(),
  /** this round's input made of fresh objects: desired (no LabMemo), observed (no cache) */
  fresh: fc.constantFrom(null, null, null, 'desired', 'observed', 'both'),
  /** plan with the memo from before the last round (updated in place since, or replaced) */
  outdated: fc.constantFrom(false, false, false, false, false, true),
});

describe('incremental planning', () => {
  it('planSubset(S) = the full plan restricted to S', () => {
    fc.assert(fc.property(fc.constantFrom(...examples), fc.array(editArb, { maxLength: 3 }), fc.array(outsideArb, { maxLength: 3 }), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), (start, edits, outs, pick) => {
      const memo = new LabMemo();
      let state = simulate({}, plan({ desired: memo.resolve(start), observed: {}, owned: [] }));
      for (const o of outs) state = outside(state, o);
      let lab: Lab = start;
      for (const e of edits) { const n = applyEdit(lab, e); const c = memo.check(n); if (c.ok) lab = c.lab; }
      const input = { desired: memo.resolve(lab), observed: state, owned: Object.keys(state) };
      const full = plan(input);
      const all = [...new Set([...input.desired.nodes.map((n) => n.ns), ...Object.keys(state)])].sort();
      const only = new Set(all.filter((_, i) => pick[i % pick.length]));
      expect(planSubset(input, only)).toEqual(onlyOps(full, only));
    }), { numRuns: 300 });
  });

  it('planReusing = plan over sequences of edits, outside changes and cut-short applies', () => {
    let subsets = 0;
    fc.assert(fc.property(fc.constantFrom(...examples), fc.array(stepArb, { minLength: 1, maxLength: 8 }), (start, steps) => {
      const labMemo = new LabMemo();
      let lab = start;
      let memo: PlanMemo | null = null;
      let older: PlanMemo | null = null;
      let state: ObservedLab = {};
      let owned: string[] = [];
      const round = (s?: { fresh: string | null; outdated: boolean }) => {
        const desired = s?.fresh === 'desired' || s?.fresh === 'both' ? resolveLab(lab) : labMemo.resolve(lab);
        const observed = s?.fresh === 'observed' || s?.fresh === 'both' ? structuredClone(state) : state;
        const input = { desired, observed, owned };
        const r = planReusing(input, s?.outdated ? older : memo, { maxShare: 1 });
        expect(r.ops).toEqual(plan(input));
        if (r.planned < desired.nodes.length) subsets++;
        older = memo;
        memo = r.memo;
        return r.ops;
      };
      state = simulate(state, round());
      owned = Object.keys(state);
      for (const s of steps) {
        for (const e of s.edits) { const c = labMemo.check(applyEdit(lab, e)); if (c.ok) lab = c.lab; }
        let next = state;
        for (const o of s.outside) next = outside(next, o);
        state = keepIdentity(state, next);
        if (s.ahead) round(); // the engine's plan-ahead: a plan not executed
        const ops = round(s);
        const run = s.cut === null ? ops : ops.slice(0, s.cut % (ops.length + 1));
        state = keepIdentity(state, execute(state, run));
        owned = [...new Set([...owned.filter((ns) => state[ns]), ...Object.keys(state)])];
      }
      // and it converged where the whole plan was run
      round();
    }), { numRuns: 300 });
    // the subset path was taken, not only whole plans (85-125 times in 300 random runs; the bound
    // leaves room for the random draw)
    expect(subsets).toBeGreaterThan(40);
  });
});

describe('a cable alias copied by hand', () => {
  // routed.yaml: h1 – r1 – sw1 – h2, h3. A namespace whose cable carries a copy of h1's cable
  // alias gets that cable removed, and the plan counts h1's end as gone with it (routes through
  // it are added again): h1 is planned with that namespace, and again once the copy is gone.
  const start = examples.find((l) => l.description === 'Two subnets joined by one router')!;
  const rounds = (lab: Lab, onto: string, n: number): Op[][] => {
    const labMemo = new LabMemo();
    const resolved = (l: Lab) => { const c = labMemo.check(l); if (!c.ok) throw new Error('invalid'); return labMemo.resolve(c.lab); };
    let state = simulate({}, plan({ desired: resolved(start), observed: {}, owned: [] }));
    let { memo } = planReusing({ desired: resolved(start), observed: state, owned: Object.keys(state) }, null);
    const alias = state['nslab-p-h1']!.links.find((l) => l.name === 'eth0')!.alias!;
    state = keepIdentity(state, simulate(state, [{ kind: 'link.set', ns: onto, name: 'eth0', alias }]));
    const all: Op[][] = [];
    for (let i = 0; i < n; i++) {
      const input = { desired: resolved(lab), observed: state, owned: Object.keys(state) };
      const r = planReusing(input, memo, { maxShare: 1 });
      expect(r.ops).toEqual(plan(input));
      all.push(r.ops);
      state = keepIdentity(state, execute(state, r.ops));
      memo = r.memo;
    }
    return all;
  };
  const inH1 = (ops: Op[] | undefined) => ops!.some((op) => op.ns === 'nslab-p-h1');

  it('plans the namespaces it names', () => {
    expect(inH1(rounds(start, 'nslab-p-h3', 1)[0])).toBe(true);
  });

  it('plans them again once it is gone', () => {
    // h1's address changed and its route dropped: no ops for h1 while its end counts as gone
    const lab = applyEdit(applyEdit(start, { kind: 'route', at: 0 }), { kind: 'addr', at: 0, octet: 3 });
    const [first, second] = rounds(lab, 'nslab-p-h2', 2);
    expect(inH1(first)).toBe(false);
    expect(inH1(second)).toBe(true);
  });
});
