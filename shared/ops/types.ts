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
  'netns.del': 0,
  'netns.add': 0,
  'link.del': 1,
  'route.del': 1,
  'addr.del': 1,
  'qdisc.del': 1,
  'ns.init': 1,
  'sysctl.early': 1,
  'bridge.add': 1,
  'veth.add': 2,
  'bridge.set': 3,
  'link.set': 3,
  'addr.add': 3,
  'route.add': 4,
  'qdisc.replace': 4,
  'sysctl.set': 5,
};
