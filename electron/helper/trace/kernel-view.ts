/**
 * The lab as the kernel has it right now (the engine's status/observer state), indexed for the
 * questions a trace asks: which node owns an address, what is at the other end of a cable, is a
 * node forwarding. Cable ends come from the veth alias nslab writes (`nslab:h1:eth0--r1:eth0`).
 */
import { ALIAS_PREFIX } from '../../../shared/lab/resolve';
import type { Lab } from '../../../shared/lab/schema';
import { canonicalIp } from '../../../shared/net/ip';
import type { ObservedLab, ObservedLink } from '../../../shared/state/observed';

export interface NodeView {
  node: string;
  ns: string;
  kind: 'host' | 'router' | 'switch';
  links: ObservedLink[];
  sysctl: Record<string, string>;
}

export interface KernelView {
  lab: string;
  nodes: Map<string, NodeView>;
  /** the node holding an address, if any */
  owner(address: string): string | null;
  /** the other end of a node's interface */
  peer(node: string, iface: string): { node: string; iface: string } | null;
  link(node: string, iface: string): ObservedLink | null;
}

export function kernelView(lab: string, namespaces: Record<string, { node: string }>, observed: ObservedLab, spec: Lab | null): KernelView {
  const nodes = new Map<string, NodeView>();
  const owners = new Map<string, string>();
  const peers = new Map<string, { node: string; iface: string }>();
  for (const [ns, o] of Object.entries(observed)) {
    const node = namespaces[ns]?.node;
    if (!node) continue;
    const hasBridge = o.links.some((l) => l.kind === 'bridge');
    const kind = spec?.nodes[node]?.kind ?? (hasBridge ? 'switch' : o.sysctl['net.ipv4.ip_forward'] === '1' ? 'router' : 'host');
    nodes.set(node, { node, ns, kind, links: o.links, sysctl: o.sysctl });
    for (const l of o.links) {
      for (const a of l.addresses) owners.set(canonicalIp(a.slice(0, a.indexOf('/')))!, node);
      if (l.alias?.startsWith(ALIAS_PREFIX)) {
        const ends = l.alias.slice(ALIAS_PREFIX.length).split('--');
        const other = ends.find((e) => e !== `${node}:${l.name}`);
        const i = other?.indexOf(':') ?? -1;
        if (other && i > 0) peers.set(`${node}:${l.name}`, { node: other.slice(0, i), iface: other.slice(i + 1) });
      }
    }
  }
  return {
    lab, nodes,
    owner: (a) => owners.get(canonicalIp(a) ?? a) ?? null,
    peer: (n, i) => peers.get(`${n}:${i}`) ?? null,
    link: (n, i) => nodes.get(n)?.links.find((l) => l.name === i) ?? null,
  };
}

/** First address of a node: IPv4 first, as `ping NAME` would pick. */
export function firstAddressOf(view: KernelView, node: string): string | null {
  const addrs = (view.nodes.get(node)?.links ?? []).flatMap((l) => l.addresses).map((a) => a.slice(0, a.indexOf('/')));
  return addrs.find((a) => !a.includes(':')) ?? addrs[0] ?? null;
}
