/**
 * Planning again after a small change: only namespaces whose inputs changed, and their cable
 * neighbours, are planned (planSubset); the others are known to need nothing. The ops are
 * exactly plan(input)'s (incremental.property.test.ts checks it over random edits and outside
 * changes with the model kernel).
 *
 * A namespace is clean when it was planned before with no ops for it (and see entry) and both
 * its desired node and its observation are the same objects as then (identity:
 * shared/lab/incremental.ts reuses DesiredNode objects for unchanged nodes, the engine's
 * observation cache reuses ObservedNs objects for namespaces without kernel events; fresh
 * objects just make everything dirty).
 * Ops in a namespace depend only on its own desired/observed state and on its cable neighbours'
 * (the other ends of its desired links, and the namespaces its or their veth aliases name, now or
 * when last planned): so planning the dirty namespaces plus all their neighbours gives every op
 * of the full plan, and, by induction over applies, every namespace left out would get none.
 */
import type { ObservedNs } from '../state/observed';
import { ALIAS_PREFIX } from '../lab/resolve';
import type { Op } from '../ops/types';
import type { DesiredNode } from './desired';
import { plan, planSubsetKnowingRemovals, removedNamespaces, type PlanInput } from './plan';

/**
 * What the last plan found per namespace. planReusing updates the memo it is given in place when
 * it plans a few namespaces (a copy would cost more than planning them): the memo then describes
 * that call's input, as any memo must describe one input.
 */
export interface PlanMemo {
  lab: string;
  ns: Map<string, MemoEntry>;
  /** namespaces that plan removed */
  removals: number;
}

interface MemoEntry { desired: DesiredNode; observed: ObservedNs | undefined; clean: boolean }

/** The other namespaces an observation's cable aliases name, kept per (immutable) observation. */
const aliasNsMemo = new WeakMap<ObservedNs, string[]>();
function aliasNs(o: ObservedNs, labPrefix: string): string[] {
  let out = aliasNsMemo.get(o);
  if (out) return out;
  out = [];
  for (const l of o.links) {
    if (l.kind !== 'veth' || !l.alias?.startsWith(ALIAS_PREFIX)) continue;
    for (const e of l.alias.slice(ALIAS_PREFIX.length).split('--')) {
      const ns = labPrefix + e.slice(0, e.indexOf(':'));
      if (ns !== o.ns && !out.includes(ns)) out.push(ns);
    }
  }
  aliasNsMemo.set(o, out);
  return out;
}

/**
 * plan(input), reusing `memo` from the previous call for the same lab (null: plan everything).
 * Returns the ops, the memo for next time, and how many namespaces were planned.
 */
export function planReusing(input: PlanInput, memo: PlanMemo | null, opts: { maxShare?: number } = {}): { ops: Op[]; memo: PlanMemo; planned: number } {
  const { desired, observed } = input;
  const prev = memo && memo.lab === desired.name ? memo.ns : null;
  // Passes over the whole lab use forEach/filter, here and in plan.ts: the helper runs this code
  // a few times per apply, mostly unoptimized, where for…of allocates for every element.
  /** desired nodes not known to be clean, by namespace */
  const dirty = new Map<string, DesiredNode>();
  let known = 0, existing = 0;
  desired.nodes.forEach((node) => {
    const p = prev?.get(node.ns), o = observed[node.ns];
    if (p) known++;
    if (o) existing++;
    if (!p || !p.clean || p.desired !== node || p.observed !== o) dirty.set(node.ns, node);
  });
  // Namespaces to remove take their cables' far ends with them, which changes what those
  // namespaces need: a plan with removals (now or last time) is a full one. So is one where a
  // namespace observed is no node (existing < observed: a removal, or a stray), or one after a
  // node left the lab (`prev` has a namespace that is no node: known < size). And with more than
  // `maxShare` of the namespaces dirty, the whole plan costs no more.
  if (!prev || known !== prev.size || existing !== Object.keys(observed).length || memo!.removals > 0 || dirty.size > (opts.maxShare ?? 0.5) * desired.nodes.length) {
    const ops = plan(input);
    const withOps = new Set(ops.map((op) => op.ns));
    const ns: PlanMemo['ns'] = new Map();
    desired.nodes.forEach((node) => { ns.set(node.ns, entry(node, observed[node.ns], withOps)); });
    return { ops, memo: { lab: desired.name, ns, removals: removedNamespaces(input).length }, planned: desired.nodes.length };
  }

  // The neighbours: by the lab's cables, and by what the dirty namespaces' aliases name, now and
  // last time (a copied alias can make the plan count an interface it names gone). Those whose
  // aliases name a dirty one are the dirty one's cable neighbours: any other would not be clean.
  const labPrefix = `nslab-${desired.name}-`;
  const only = new Set(dirty.keys());
  const add = (ns: string) => { only.add(ns); };
  desired.links.forEach((link) => {
    if (dirty.has(link.a.ns)) add(link.b.ns);
    if (dirty.has(link.b.ns)) add(link.a.ns);
  });
  dirty.forEach((_, ns) => {
    const o = observed[ns], was = prev.get(ns)?.observed;
    if (o) aliasNs(o, labPrefix).forEach(add);
    if (was && was !== o) aliasNs(was, labPrefix).forEach(add);
  });
  const ops = planSubsetKnowingRemovals(input, only, []);
  const withOps = new Set(ops.map((op) => op.ns));
  // The namespaces not planned keep their entries: the same inputs, still clean. (One planned
  // that is no node gets none: it is not observed either.)
  only.forEach((ns) => {
    const node = dirty.get(ns) ?? prev.get(ns)?.desired;
    if (node) prev.set(ns, entry(node, observed[ns], withOps));
  });
  return { ops, memo: memo!, planned: only.size };
}

/**
 * A namespace is clean when the plan has no ops for it and its cables carry the aliases the lab
 * gives them, so that what its aliases name are the far ends of its cables in the lab.
 */
function entry(node: DesiredNode, o: ObservedNs | undefined, withOps: ReadonlySet<string>): MemoEntry {
  const tagged = (o?.links ?? []).every((l) => l.kind !== 'veth' || !l.alias?.startsWith(ALIAS_PREFIX) || node.ifaces.some((i) => i.name === l.name && i.alias === l.alias));
  return { desired: node, observed: o, clean: tagged && !withOps.has(node.ns) };
}
