/**
 * Raw → resolved: the lab with every default filled in and every name turned into the kernel
 * object it stands for. The planner and executor see only this model, never optional fields.
 */
import { canonicalCidr, canonicalIp, parseCidr, parseIp, subnetOf } from '../net/ip';
import { BRIDGE_NAME, nsName } from '../net/names';
import { labLinks, linkKey, parseEndpoint, type Endpoint } from './links';
import type { Lab, LabLinkObject, LabNode, NodeKind } from './schema';
import { nameOrder } from '../net/name-order';

export type Qdisc =
  | { kind: 'tbf'; rate: string }
  | { kind: 'netem'; delay: string | null; jitter: string | null; loss: string | null; rate: string | null };

export interface DesiredIface {
  name: string;
  mtu: number;
  mac: string | null;
  up: boolean;
  /** canonical CIDRs, sorted */
  addresses: string[];
  /** the veth alias: `nslab:<link key>` */
  alias: string;
  master: string | null;
  qdisc: Qdisc | null;
}

export interface DesiredRoute {
  family: 4 | 6;
  /** `default` or a canonical subnet */
  to: string;
  via: string | null;
  dev: string | null;
  /** normalised as the kernel reports it (IPv6 0 → 1024) */
  metric: number;
}

export interface DesiredNode {
  name: string;
  kind: NodeKind;
  ns: string;
  ifaces: DesiredIface[];
  routes: DesiredRoute[];
  /** every sysctl nslab sets, forwarding included */
  sysctl: Record<string, string>;
  bridge: { name: string; stp: boolean } | null;
}

export interface DesiredLink {
  key: string;
  a: { node: string; ns: string; iface: string };
  b: { node: string; ns: string; iface: string };
}

export interface ResolvedLab {
  name: string;
  nodes: DesiredNode[];
  links: DesiredLink[];
}

export const ALIAS_PREFIX = 'nslab:';
export const FORWARDING_KEYS = ['net.ipv4.ip_forward', 'net.ipv6.conf.all.forwarding'] as const;

/** Resolve a validated lab. */
export function resolveLab(lab: Lab): ResolvedLab {
  const { links, touching } = resolveLinks(lab);
  const nodes = Object.entries(lab.nodes).map(([name, n]) => resolveNode(lab.name, name, n, touching.get(name) ?? []))
    .sort((a, b) => nameOrder(a.name, b.name));
  return { name: lab.name, nodes, links };
}

/** A link end at a node: the link, its key, and the node's interface. */
export interface LinkEnd { l: LabLinkObject; key: string; iface: string }

/** The lab's links resolved (sorted by key), and per node the link ends at it in lab order. */
export function resolveLinks(lab: Lab): { links: DesiredLink[]; touching: Map<string, LinkEnd[]> } {
  const touching = new Map<string, LinkEnd[]>();
  const resolvedLinks: DesiredLink[] = [];
  for (const l of labLinks(lab)) {
    const key = linkKey(l);
    const ends = sortedEnds(l);
    resolvedLinks.push(desiredLink(lab.name, key, ends));
    ends.forEach((e) => {
      const list = touching.get(e.node) ?? [];
      list.push({ l, key, iface: e.iface });
      touching.set(e.node, list);
    });
  }
  return { links: resolvedLinks.sort((a, b) => nameOrder(a.key, b.key)), touching };
}

/** A link's two ends in the order of DesiredLink's `a` and `b`. */
export const sortedEnds = (l: LabLinkObject): [Endpoint, Endpoint] =>
  l.endpoints.map(parseEndpoint).sort((x, y) => nameOrder(`${x.node}:${x.iface}`, `${y.node}:${y.iface}`)) as [Endpoint, Endpoint];

/** One link resolved, given its key and sortedEnds. */
export const desiredLink = (labName: string, key: string, ends: readonly [Endpoint, Endpoint]): DesiredLink => ({
  key,
  a: { ...ends[0], ns: nsName(labName, ends[0].node) },
  b: { ...ends[1], ns: nsName(labName, ends[1].node) },
});

/** One node resolved, given the link ends at it in lab order. */
export function resolveNode(labName: string, name: string, n: LabNode, mine: readonly LinkEnd[]): DesiredNode {
  const fwd = n.kind === 'router' ? '1' : '0';
  const sysctl: Record<string, string> = { [FORWARDING_KEYS[0]]: fwd, [FORWARDING_KEYS[1]]: fwd };
  for (const [k, v] of Object.entries(n.sysctl ?? {})) sysctl[k] = String(v);
  const ifaces: DesiredIface[] = [];
  for (const { l, key, iface } of mine) {
    const own = n.interfaces?.[iface];
    ifaces.push({
      name: iface,
      mtu: l.mtu ?? own?.mtu ?? 1500,
      mac: own?.mac?.toLowerCase() ?? null,
      up: l.up ?? true,
      addresses: (own?.addresses ?? []).map((a) => canonicalCidr(a)!).sort(),
      alias: ALIAS_PREFIX + key,
      master: n.kind === 'switch' ? BRIDGE_NAME : null,
      qdisc: qdiscOf(l),
    });
  }
  return {
    name,
    kind: n.kind,
    ns: nsName(labName, name),
    ifaces: ifaces.sort((a, b) => nameOrder(a.name, b.name)),
    routes: (n.routes ?? []).map((r) => {
      const via = r.via ? parseIp(r.via) : null;
      const to = r.to === 'default' ? null : parseCidr(r.to);
      const family = (to?.family ?? via?.family ?? 4) as 4 | 6;
      const metric = r.metric ?? 0;
      return {
        family,
        to: to && to.prefix > 0 ? subnetOf(to) : 'default',
        via: r.via ? canonicalIp(r.via) : null,
        dev: r.dev ?? null,
        metric: family === 6 && metric === 0 ? 1024 : metric,
      };
    }),
    sysctl,
    bridge: n.kind === 'switch' ? { name: BRIDGE_NAME, stp: n.stp ?? false } : null,
  };
}

function qdiscOf(l: { rate?: string; delay?: string; jitter?: string; loss?: string }): Qdisc | null {
  if (l.delay || l.loss || l.jitter) {
    return { kind: 'netem', delay: l.delay ?? null, jitter: l.jitter ?? null, loss: l.loss ?? null, rate: l.rate?.toLowerCase() ?? null };
  }
  return l.rate ? { kind: 'tbf', rate: l.rate.toLowerCase() } : null;
}

/** Kernel features a lab needs beyond veth and bridge. */
export function requiredFeatures(lab: ResolvedLab): Set<'tbf' | 'netem'> {
  const out = new Set<'tbf' | 'netem'>();
  // (forEach: on every apply, mostly unoptimised, where for…of allocates per element)
  lab.nodes.forEach((n) => { n.ifaces.forEach((i) => { if (i.qdisc) out.add(i.qdisc.kind); }); });
  return out;
}
