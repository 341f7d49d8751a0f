/** The kernel's own view of a lab's namespaces, as the observer reads it (`ip -j`). */
import type { Qdisc } from '../lab/resolve';

export interface ObservedLink {
  name: string;
  ifindex: number;
  /** linkinfo kind: veth, bridge, … (null for loopback and plain devices) */
  kind: string | null;
  mtu: number;
  mac: string;
  adminUp: boolean;
  /** operstate as the kernel says: UP, DOWN, LOWERLAYERDOWN, UNKNOWN … */
  operState: string;
  carrier: boolean;
  master: string | null;
  alias: string | null;
  /** global-scope addresses, canonical CIDR, sorted (link-local and loopback left out) */
  addresses: string[];
  qdisc: Qdisc | null;
  /** bridge only: spanning tree on */
  stp?: boolean;
  /**
   * veth only: the ifindex of its peer, in the peer's namespace (the kernel's IFLA_LINK). Lets
   * the planner recognise a cable's two ends when an alias no longer says so.
   */
  peerIfindex?: number;
}

export interface ObservedRoute {
  family: 4 | 6;
  to: string;
  via: string | null;
  dev: string | null;
  metric: number;
  protocol: string;
  table: string;
  type: string;
}

export interface ObservedNs {
  ns: string;
  links: ObservedLink[];
  routes: ObservedRoute[];
  /** values of the sysctls the lab manages */
  sysctl: Record<string, string>;
}

/** Namespaces of one lab that exist, keyed by namespace name. */
export type ObservedLab = Record<string, ObservedNs>;

/** Routes the planner manages: unicast routes in the main table that a person or nslab added. */
export const isManagedRoute = (r: ObservedRoute): boolean =>
  r.table === 'main' && r.type === 'unicast' && (r.protocol === 'boot' || r.protocol === 'static');
