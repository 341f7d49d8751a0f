/**
 * Live kernel state of a lab, as the helper's watcher streams it: one snapshot (`LiveState`), then
 * typed diffs (`LiveDiff`) that the renderer folds in with the pure `applyLiveDiff`. Changes are
 * data (STYLE.md 2), like xyflow's NodeChange + applyNodeChanges.
 */
import type { PlannedOp } from '../protocol/api';
import type { CounterSample } from './counters';
import type { ObservedLink, ObservedNs, ObservedRoute } from './observed';

/** One neighbour (ARP / NDP) entry, as `ip -j neigh show` prints it. */
export interface LiveNeighbour {
  /** the neighbour's IP address (canonical text) */
  dst: string;
  dev: string;
  lladdr: string | null;
  /** NUD states: REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT, NOARP … */
  state: string[];
  /** the neighbour announced itself as a router (IPv6) */
  router: boolean;
}

/** A link without its addresses: addresses change only through `addr` diffs. */
export type LiveLink = Omit<ObservedLink, 'addresses'>;

/** One namespace: what the observer reads, plus neighbours and the lab node it stands for. */
export interface LiveNs extends ObservedNs {
  node: string;
  neighbours: LiveNeighbour[];
}

export interface LiveState {
  lab: string;
  /** namespaces that exist and belong to the lab, by namespace name */
  namespaces: Record<string, LiveNs>;
}

interface At { ns: string; node: string }

export type LiveDiff = At & (
  | { kind: 'ns'; op: 'add'; value: LiveNs }
  | { kind: 'ns'; op: 'del' }
  | { kind: 'link'; op: 'add' | 'change'; value: LiveLink }
  | { kind: 'link'; op: 'del'; name: string }
  | { kind: 'addr'; op: 'add' | 'del'; dev: string; cidr: string }
  | { kind: 'route'; op: 'add' | 'del'; route: ObservedRoute }
  | { kind: 'neigh'; op: 'add' | 'change'; value: LiveNeighbour }
  | { kind: 'neigh'; op: 'del'; dev: string; dst: string }
  | { kind: 'sysctl'; op: 'change'; key: string; value: string | null }
);

export type LiveDiffKind = LiveDiff['kind'];

/** Identity of a route: two routes with the same key are the same kernel object. */
export const routeKey = (r: ObservedRoute): string =>
  [r.family, r.table, r.type, r.to, r.metric, r.via ?? '', r.dev ?? '', r.protocol].join('|');
export const neighKey = (n: { dev: string; dst: string }): string => `${n.dev}|${n.dst}`;

const withoutAddresses = ({ addresses: _a, ...link }: ObservedLink): LiveLink => link;

/**
 * Fold one diff into a state, returning a new state (the input is not modified; namespaces the
 * diff does not touch keep their identity, so React memoisation holds). Idempotent: applying a
 * diff twice gives the same state, so a diff that crosses a re-snapshot does no harm.
 *
 * @example state = diffs.reduce(applyLiveDiff, snapshot)
 */
export function applyLiveDiff(state: LiveState, d: LiveDiff): LiveState {
  if (d.kind === 'ns') {
    const namespaces = { ...state.namespaces };
    if (d.op === 'add') namespaces[d.ns] = d.value;
    else delete namespaces[d.ns];
    return { ...state, namespaces };
  }
  const ns = state.namespaces[d.ns];
  if (!ns) return state; // a diff for a namespace we never saw: the next snapshot brings it
  return { ...state, namespaces: { ...state.namespaces, [d.ns]: applyToNs(ns, d) } };
}

function applyToNs(ns: LiveNs, d: LiveDiff): LiveNs {
  switch (d.kind) {
    case 'link': {
      if (d.op === 'del') return { ...ns, links: ns.links.filter((l) => l.name !== d.name) };
      const old = ns.links.find((l) => l.name === d.value.name);
      const next: ObservedLink = { ...d.value, addresses: old?.addresses ?? [] };
      return { ...ns, links: old ? ns.links.map((l) => (l === old ? next : l)) : [...ns.links, next].sort(byIndex) };
    }
    case 'addr':
      return {
        ...ns,
        links: ns.links.map((l) => {
          if (l.name !== d.dev) return l;
          const rest = l.addresses.filter((a) => a !== d.cidr);
          return { ...l, addresses: d.op === 'add' ? [...rest, d.cidr].sort() : rest };
        }),
      };
    case 'route': {
      const key = routeKey(d.route);
      const rest = ns.routes.filter((r) => routeKey(r) !== key);
      return { ...ns, routes: d.op === 'add' ? [...rest, d.route] : rest };
    }
    case 'neigh': {
      const key = d.op === 'del' ? neighKey(d) : neighKey(d.value);
      const rest = ns.neighbours.filter((n) => neighKey(n) !== key);
      return { ...ns, neighbours: d.op === 'del' ? rest : [...rest, d.value] };
    }
    case 'sysctl': {
      const sysctl = { ...ns.sysctl };
      if (d.value === null) delete sysctl[d.key];
      else sysctl[d.key] = d.value;
      return { ...ns, sysctl };
    }
    case 'ns': return ns;
  }
}

const byIndex = (a: ObservedLink, b: ObservedLink) => a.ifindex - b.ifindex;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The diffs that turn `before` into `after` for one namespace (null = absent). Order: links
 * added, addresses, routes, neighbours, sysctls, links removed — so a consumer applying them in
 * order never sees an address on a link it does not know.
 *
 * @example diffLiveNs(prev.namespaces[ns] ?? null, fresh)
 */
export function diffLiveNs(before: LiveNs | null, after: LiveNs | null): LiveDiff[] {
  if (!before && !after) return [];
  if (!before) return [{ kind: 'ns', op: 'add', ns: after!.ns, node: after!.node, value: after! }];
  if (!after) return [{ kind: 'ns', op: 'del', ns: before.ns, node: before.node }];
  const at = { ns: after.ns, node: after.node };
  const out: LiveDiff[] = [];
  const oldLinks = new Map(before.links.map((l) => [l.name, l]));
  const newLinks = new Map(after.links.map((l) => [l.name, l]));
  for (const l of after.links) {
    const o = oldLinks.get(l.name);
    if (!o) out.push({ kind: 'link', op: 'add', ...at, value: withoutAddresses(l) });
    else if (!sameJson(withoutAddresses(o), withoutAddresses(l))) out.push({ kind: 'link', op: 'change', ...at, value: withoutAddresses(l) });
  }
  for (const l of after.links) {
    const had = new Set(oldLinks.get(l.name)?.addresses ?? []);
    for (const a of l.addresses) if (!had.has(a)) out.push({ kind: 'addr', op: 'add', ...at, dev: l.name, cidr: a });
  }
  for (const o of before.links) {
    const has = new Set(newLinks.get(o.name)?.addresses ?? []);
    // Addresses of a removed link go with it; they are reported so a consumer's view is exact.
    for (const a of o.addresses) if (!has.has(a)) out.push({ kind: 'addr', op: 'del', ...at, dev: o.name, cidr: a });
  }
  const oldRoutes = new Set(before.routes.map(routeKey));
  const newRoutes = new Set(after.routes.map(routeKey));
  for (const r of before.routes) if (!newRoutes.has(routeKey(r))) out.push({ kind: 'route', op: 'del', ...at, route: r });
  for (const r of after.routes) if (!oldRoutes.has(routeKey(r))) out.push({ kind: 'route', op: 'add', ...at, route: r });
  const oldNeigh = new Map(before.neighbours.map((n) => [neighKey(n), n]));
  const newNeigh = new Set(after.neighbours.map(neighKey));
  for (const n of after.neighbours) {
    const o = oldNeigh.get(neighKey(n));
    if (!o) out.push({ kind: 'neigh', op: 'add', ...at, value: n });
    else if (!sameJson(o, n)) out.push({ kind: 'neigh', op: 'change', ...at, value: n });
  }
  for (const n of before.neighbours) if (!newNeigh.has(neighKey(n))) out.push({ kind: 'neigh', op: 'del', ...at, dev: n.dev, dst: n.dst });
  for (const key of new Set([...Object.keys(before.sysctl), ...Object.keys(after.sysctl)])) {
    const v = after.sysctl[key] ?? null;
    if ((before.sysctl[key] ?? null) !== v) out.push({ kind: 'sysctl', op: 'change', ...at, key, value: v });
  }
  for (const o of before.links) if (!newLinks.has(o.name)) out.push({ kind: 'link', op: 'del', ...at, name: o.name });
  return out;
}

/** The live state as the planner's observed input (neighbours dropped). */
export function observedOf(state: LiveState): Record<string, ObservedNs> {
  const out: Record<string, ObservedNs> = {};
  for (const [ns, { node: _n, neighbours: _x, ...o }] of Object.entries(state.namespaces)) out[ns] = o;
  return out;
}

/**
 * What a watcher sends its subscribers, in order: `snapshot` first (also to a late subscriber),
 * then `diff`s, `counters` samples and `drift` reports. `seq` grows by one per state change
 * (snapshot and diff), so a consumer that missed one asks for a new snapshot.
 */
export type LiveEvent =
  | { type: 'snapshot'; lab: string; seq: number; state: LiveState }
  | {
      type: 'diff'; lab: string; seq: number; diffs: LiveDiff[];
      /** kernel time of the first event of the burst (ms since epoch), when ip reported one */
      kernelAt: number | null;
    }
  | { type: 'counters'; lab: string; samples: CounterSample[] }
  /** ops: what `nslab up` would run to re-apply the lab; null when the ledger holds no lab */
  | { type: 'drift'; lab: string; ops: PlannedOp[] | null }
  | { type: 'error'; lab: string; ns?: string; message: string };
