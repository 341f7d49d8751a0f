/**
 * Planning again after a small change: only namespaces whose inputs changed, and their cable
 * neighbours, are planned (planSubset); the others are known to need nothing. The ops are
 * exactly plan(input)'s (incremental.property.test.ts checks it over random edits and outside
 * changes with the model kernel).
 *
 * A namespace is clean when it was planned before with no ops for it and both its desired node
 * and its observation are the same objects as then (identity: shared/lab/incremental.ts reuses
 * DesiredNode objects for unchanged nodes, the engine's observation cache reuses ObservedNs
 * objects for namespaces without kernel events; fresh objects just make everything dirty).
 * Ops in a namespace depend only on its own desired/observed state and on its cable neighbours'
 * (the other ends of its desired links, and the namespaces its or their veth aliases name):
 * so planning the dirty namespaces plus all their neighbours gives every op of the full plan,
 * and, by induction over applies, every namespace left out would get none.
 */
import type { ObservedNs } from '../state/observed';
import { ALIAS_PREFIX } from '../lab/resolve';
import type { Op } from '../ops/types';
import type { DesiredNode } from './desired';
import { plan, planSubset, type PlanInput } from './plan';

export interface PlanMemo {
  lab: string;
  ns: Map<string, { desired: DesiredNode; observed: ObservedNs | undefined; clean: boolean }>;
  /** namespaces that plan removed */
  removals: number;
}

/** Namespaces named by an observation's cable aliases, kept per (immutable) observation. */
const aliasNsMemo = new WeakMap<ObservedNs, string[]>();
function aliasNs(o: ObservedNs, labPrefix: string): string[] {
  let out = aliasNsMemo.get(o);
  if (out) return out;
  out = [];
  for (const l of o.links) {
    if (l.kind !== 'veth' || !l.alias?.startsWith(ALIAS_PREFIX)) continue;
    for (const e of l.alias.slice(ALIAS_PREFIX.length).split('--')) out.push(labPrefix + e.slice(0, e.indexOf(':')));
  }
  aliasNsMemo.set(o, out);
  return out;
}

/**
 * plan(input), reusing `memo` from the previous call for the same lab (null: plan everything).
 * Returns the ops, the memo for next time, and how many namespaces were planned.
 */
export function planReusing(input: PlanInput, memo: PlanMemo | null, opts: { maxShare?: number } = {}): { ops: Op[]; memo: PlanMemo; planned: number } {
  const { desired, observed, owned } = input;
  const labPrefix = `nslab-${desired.name}-`;
  const prev = memo && memo.lab === desired.name ? memo.ns : null;
  const dirty = new Set<string>();
  const desiredNs = new Set<string>();
  for (const node of desired.nodes) {
    desiredNs.add(node.ns);
    const p = prev?.get(node.ns);
    if (!p || !p.clean || p.desired !== node || p.observed !== observed[node.ns]) dirty.add(node.ns);
  }
  // Namespaces to remove take their cables' far ends with them, which changes what those
  // namespaces need: a plan with removals (now or last time) is a full one.
  let removals = memo?.removals ?? 0;
  for (const ns of owned) if (!desiredNs.has(ns) && observed[ns]) { dirty.add(ns); removals++; }

  let ops: Op[];
  let only: Set<string> | null = null;
  // more than `maxShare` of the namespaces dirty: the whole plan costs no more
  if (!prev || removals > 0 || dirty.size > (opts.maxShare ?? 0.5) * desired.nodes.length) {
    ops = plan(input);
  } else {
    only = new Set(dirty);
    const add = (ns: string) => { only!.add(ns); };
    for (const link of desired.links) {
      if (dirty.has(link.a.ns)) add(link.b.ns);
      if (dirty.has(link.b.ns)) add(link.a.ns);
    }
    for (const [ns, o] of Object.entries(observed)) {
      if (!o) continue;
      const named = aliasNs(o, labPrefix);
      if (dirty.has(ns)) named.forEach(add);
      else if (named.some((x) => dirty.has(x))) add(ns);
    }
    ops = planSubset(input, only);
  }
  const withOps = new Set(ops.map((op) => op.ns));
  const next = new Map(prev ?? []);
  for (const ns of [...next.keys()]) if (!desiredNs.has(ns)) next.delete(ns);
  for (const node of desired.nodes) {
    if (only && !only.has(node.ns)) continue;
    next.set(node.ns, { desired: node, observed: observed[node.ns], clean: !withOps.has(node.ns) });
  }
  const removed = owned.filter((ns) => !desiredNs.has(ns) && observed[ns]).length;
  return { ops, memo: { lab: desired.name, ns: next, removals: removed }, planned: only ? only.size : desired.nodes.length };
}
