/**
 * Pure reading of live state for the canvas: a cable's state from its two kernel interfaces, a
 * node's forwarding, and where each node's namespace is in a snapshot.
 */
import type { ObservedLink } from '../../shared/state/observed';
import type { LiveNs, LiveState } from '../../shared/state/live';

/**
 * A cable as the kernel has it:
 * - `up`: both ends administratively up with carrier (operstate UP)
 * - `partial`: one end (or the carrier) is down — someone ran `ip link set … down` on one side
 * - `down`: both ends administratively down (as a lab with `up: false` wants it)
 * - `missing`: an end does not exist (its namespace or interface is gone)
 */
export type LinkOper = 'up' | 'partial' | 'down' | 'missing';

type End = Pick<ObservedLink, 'adminUp' | 'operState' | 'carrier'> | null | undefined;

/** An end passes traffic: admin up and operationally up (UNKNOWN with carrier counts: some drivers never say UP). */
export const endUp = (l: NonNullable<End>): boolean => l.adminUp && (l.operState === 'UP' || (l.operState === 'UNKNOWN' && l.carrier));

/**
 * @example linkOper(nsA.links.find(eth0), nsB.links.find(eth0)) // 'partial' after `ip link set eth0 down` in A
 */
export function linkOper(a: End, b: End): LinkOper {
  if (!a || !b) return 'missing';
  if (!a.adminUp && !b.adminUp) return 'down';
  return endUp(a) && endUp(b) ? 'up' : 'partial';
}

const nodeIndex = new WeakMap<LiveState, Map<string, LiveNs>>();

/** The namespace standing for a lab node (indexed once per state object). */
export function nsOfNode(state: LiveState, node: string): LiveNs | undefined {
  let idx = nodeIndex.get(state);
  if (!idx) {
    idx = new Map(Object.values(state.namespaces).map((ns) => [ns.node, ns]));
    nodeIndex.set(state, idx);
  }
  return idx.get(node);
}

export const ifaceOf = (state: LiveState, node: string, iface: string): ObservedLink | undefined =>
  nsOfNode(state, node)?.links.find((l) => l.name === iface);

/** IPv4 forwarding of a namespace: 'on', 'off', or null when the sysctl was not read. */
export function forwarding(ns: LiveNs | undefined): 'on' | 'off' | null {
  const v = ns?.sysctl['net.ipv4.ip_forward'];
  return v === undefined ? null : v === '1' ? 'on' : 'off';
}
