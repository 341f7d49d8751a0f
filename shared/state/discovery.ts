/**
 * A read-only picture of every network namespace on the machine and the cables between them:
 * what `nslab discover` prints and what the app can draw for namespaces nslab did not make.
 */
import type { ObservedLink } from './observed';

export type DiscoveredIface = Omit<ObservedLink, 'qdisc' | 'stp' | 'peerIfindex'> & {
  /** veth only: the peer's ifindex and the nsid (in this namespace) of the peer's namespace */
  peerIfindex: number | null;
  peerNsid: number | null;
};

export interface DiscoveredNs {
  /** `netns:<inode>` — the namespace's identity; names and pids are only ways to reach it */
  id: string;
  inode: number;
  /** the name under /run/netns, if it has one */
  name: string | null;
  /** the namespace the machine itself runs in */
  host: boolean;
  /** processes running in it (only listed for namespaces without a name, up to 16) */
  pids: number[];
  /** the command name of the first of those processes */
  command: string | null;
  /** nslab lab and node, from the loopback tag `nslab-lab:<lab>` and the namespace name */
  lab: string | null;
  node: string | null;
  interfaces: DiscoveredIface[];
  /** why the namespace could not be read, if it could not */
  error?: string;
}

export interface IfaceRef { ns: string; iface: string }

export type DiscoveredLink =
  | { kind: 'veth'; a: IfaceRef; b: IfaceRef }
  | { kind: 'bridge-port'; bridge: IfaceRef; port: IfaceRef };

export interface DiscoveryGraph {
  namespaces: DiscoveredNs[];
  links: DiscoveredLink[];
  /** veth ends whose peer could not be placed with certainty */
  unresolved: IfaceRef[];
}
