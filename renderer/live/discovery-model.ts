/**
 * The discovery graph as boxes and lines: one box per namespace (its interfaces listed, bridge
 * ports under their bridge), one line per veth cable between namespaces, and the namespaces of
 * each nslab lab inside a labelled group. Pure; the positions come from elkjs (layoutDiscovery).
 */
import type { DiscoveredIface, DiscoveredNs, DiscoveryGraph } from '../../shared/state/discovery';

export const NS_WIDTH = 230;
const ROW = 17;
const HEAD = 44;
/** interfaces listed in a box; the rest are counted */
export const MAX_ROWS = 14;

export interface NsBox {
  id: string;
  title: string;
  subtitle: string;
  host: boolean;
  lab: string | null;
  error: string | null;
  rows: { name: string; text: string; up: boolean; depth: number }[];
  more: number;
  /** a lab too big to draw, shown as one box standing for all its namespaces */
  collapsedLab?: string;
  width: number;
  height: number;
}

export interface Cable { id: string; a: string; b: string; label: string }

export interface DiscoveryModel { boxes: NsBox[]; cables: Cable[]; labs: string[] }

function title(ns: DiscoveredNs): { title: string; subtitle: string } {
  if (ns.host) return { title: 'this machine', subtitle: 'the host’s own namespace' };
  if (ns.node) return { title: ns.node, subtitle: ns.name ?? ns.id };
  if (ns.name) return { title: ns.name, subtitle: ns.lab ? `lab ${ns.lab}` : 'named namespace' };
  return { title: ns.command ?? ns.id, subtitle: `${ns.id}${ns.pids.length ? ` · pid ${ns.pids.join(', ')}` : ''}` };
}

const describe = (i: DiscoveredIface) => [i.kind ?? (i.name === 'lo' ? 'loopback' : ''), ...i.addresses].filter(Boolean).join(' ');

/** Interfaces in display order: bridges followed by their ports, then the rest (loopback left out). */
function rowsOf(ns: DiscoveredNs): NsBox['rows'] {
  const ifaces = ns.interfaces.filter((i) => i.name !== 'lo');
  const up = (i: DiscoveredIface) => i.adminUp && (i.operState === 'UP' || i.operState === 'UNKNOWN');
  const out: NsBox['rows'] = [];
  const placed = new Set<string>();
  for (const br of ifaces.filter((i) => i.kind === 'bridge')) {
    out.push({ name: br.name, text: describe(br), up: up(br), depth: 0 });
    placed.add(br.name);
    for (const p of ifaces.filter((i) => i.master === br.name)) {
      out.push({ name: p.name, text: describe(p), up: up(p), depth: 1 });
      placed.add(p.name);
    }
  }
  for (const i of ifaces) if (!placed.has(i.name)) out.push({ name: i.name, text: describe(i), up: up(i), depth: 0 });
  return out;
}

/** Labs with more namespaces than this are drawn as one box (a 1000-node bench lab would be dust). */
export const COLLAPSE_OVER = 24;

export function discoveryModel(g: DiscoveryGraph, collapseOver = COLLAPSE_OVER): DiscoveryModel {
  const sizes = new Map<string, number>();
  for (const n of g.namespaces) if (n.lab) sizes.set(n.lab, (sizes.get(n.lab) ?? 0) + 1);
  const collapsed = new Set([...sizes].filter(([, n]) => n > collapseOver).map(([lab]) => lab));
  // namespace id → the box that stands for it
  const boxOf = new Map(g.namespaces.map((n) => [n.id, n.lab && collapsed.has(n.lab) ? labGroupId(n.lab) : n.id]));
  const summaries = [...collapsed].sort().map((lab): NsBox => {
    const inside = g.links.filter((l) => l.kind === 'veth' && boxOf.get(l.a.ns) === labGroupId(lab) && boxOf.get(l.b.ns) === labGroupId(lab)).length;
    return {
      id: labGroupId(lab), title: `nslab lab “${lab}”`, subtitle: `${sizes.get(lab)} namespaces · ${inside} cable${inside === 1 ? '' : 's'} between them`,
      host: false, lab: null, error: null, rows: [], more: 0, collapsedLab: lab, width: NS_WIDTH + 40, height: HEAD + ROW,
    };
  });
  const boxes = g.namespaces.filter((ns) => boxOf.get(ns.id) === ns.id).map((ns): NsBox => {
    const rows = rowsOf(ns);
    const shown = rows.slice(0, MAX_ROWS);
    return {
      id: ns.id, ...title(ns), host: ns.host, lab: ns.lab, error: ns.error ?? null,
      rows: shown, more: rows.length - shown.length,
      width: NS_WIDTH, height: HEAD + ROW * Math.max(1, shown.length + (rows.length > shown.length ? 1 : 0)) + (ns.error ? ROW : 0),
    };
  });
  const all = g.links.flatMap((l, i): Cable[] => {
    if (l.kind !== 'veth') return [];
    const a = boxOf.get(l.a.ns) ?? l.a.ns, b = boxOf.get(l.b.ns) ?? l.b.ns;
    return a !== b ? [{ id: `c${i}`, a, b, label: `${l.a.iface} — ${l.b.iface}` }] : [];
  });
  // parallel cables between the same two boxes (a collapsed lab) become one line with a count
  const byPair = new Map<string, Cable[]>();
  for (const c of all) {
    const k = [c.a, c.b].sort().join('|');
    byPair.set(k, [...(byPair.get(k) ?? []), c]);
  }
  const cables = [...byPair.values()].map((cs) => (cs.length === 1 ? cs[0]! : { ...cs[0]!, label: `${cs.length} cables` }));
  const labs = [...sizes.keys()].filter((lab) => !collapsed.has(lab)).sort();
  return { boxes: [...summaries, ...boxes], cables, labs };
}

/** Group id of a lab's namespaces. */
export const labGroupId = (lab: string) => `lab:${lab}`;
