/**
 * Kernel operations as data (a tagged union, like xyflow's NodeChange). The planner produces
 * them, the executor runs them, and each renders to the iproute2 command a student could type.
 */
import type { DesiredRoute, Qdisc } from '../lab/resolve';

/** What an operation is about, for progress on the canvas: a node and/or a link key. */
export interface Subject { node?: string; link?: string }

export type Op = Subject & (
  | { kind: 'netns.add'; ns: string }
  | { kind: 'netns.del'; ns: string }
  /** loopback up in a fresh namespace, tagged with the lab that owns it */
  | { kind: 'ns.init'; ns: string; lab: string }
  /** sysctls a fresh namespace needs before its interfaces exist */
  | { kind: 'sysctl.early'; ns: string; key: string; value: string }
  | { kind: 'bridge.add'; ns: string; name: string; stp: boolean }
  | { kind: 'bridge.set'; ns: string; name: string; stp: boolean }
  | {
      kind: 'veth.add'; ns: string; name: string; mtu: number; mac: string | null;
      peerNs: string; peerName: string; peerMtu: number; peerMac: string | null;
    }
  | { kind: 'link.del'; ns: string; name: string }
  /** alias marks a cable's ends as ours (the kernel ignores alias on `link add`, so it is set here) */
  | { kind: 'link.set'; ns: string; name: string; mtu?: number; mac?: string; master?: string | null; up?: boolean; alias?: string }
  | { kind: 'addr.add'; ns: string; dev: string; cidr: string }
  | { kind: 'addr.del'; ns: string; dev: string; cidr: string }
  | { kind: 'route.add'; ns: string; route: DesiredRoute }
  | { kind: 'route.del'; ns: string; route: DesiredRoute }
  | { kind: 'qdisc.replace'; ns: string; dev: string; qdisc: Qdisc }
  | { kind: 'qdisc.del'; ns: string; dev: string }
  | { kind: 'sysctl.set'; ns: string; key: string; value: string }
);

export type OpKind = Op['kind'];

/**
 * The stage an operation runs in. Stages run in order; inside a stage the operations of different
 * namespaces are independent (each namespace gets one batch), so they may run concurrently.
 */
export const STAGE: Record<OpKind, number> = {
  // Removals inside namespaces first. A cable whose namespace goes away is deleted explicitly
  // here: the kernel tears a deleted namespace down asynchronously, so its peer end could still
  // hold the name a new cable needs.
  'link.del': 0,
  'route.del': 0,
  'addr.del': 0,
  'qdisc.del': 0,
  'netns.del': 1,
  'netns.add': 1,
  'ns.init': 2,
  'sysctl.early': 2,
  'bridge.add': 2,
  'veth.add': 3,
  'bridge.set': 4,
  'link.set': 4,
  'addr.add': 4,
  'route.add': 5,
  'qdisc.replace': 5,
  'sysctl.set': 6,
};
