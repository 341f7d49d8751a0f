/** What a packet path trace reports (issue #5: debugging and teaching). */
import type { Packet } from './packet';
import type { Probe } from './probe';

export type Direction = 'in' | 'out';

/** A packet as one capture saw it: which node, which interface, which way. */
export interface Observation { node: string; iface: string; direction: Direction; packet: Packet }

export interface Hop {
  node: string;
  iface: string;
  direction: Direction;
  /** microseconds since the trace's first packet */
  atUs: number;
  l2: { src: string; dst: string } | null;
  l3: { family: 4 | 6; src: string; dst: string; ttl: number | null; proto: string | null } | null;
  l4: Packet['l4'];
  summary: string;
}

export type LossReason = 'no-route' | 'no-neighbour' | 'ttl-expired' | 'link-down' | 'forwarding-off' | 'firewall' | 'unknown';

export interface Loss {
  /** which way the packet that was lost was going */
  path: 'request' | 'reply';
  /** where it was last seen (or the node that should have sent it) */
  node: string;
  iface: string | null;
  direction: Direction | null;
  reason: LossReason;
  /** one sentence a student can act on */
  detail: string;
}

export interface TraceResult {
  lab: string;
  src: string;
  dst: string;
  dstAddress: string;
  /** the source address the probe left with (null when it never left) */
  srcAddress: string | null;
  probe: Probe;
  /** the probe arrived at the node that owns the destination address */
  reached: boolean;
  /** an answer (echo reply, SYN-ACK, reset, port unreachable) came back to the source */
  replied: boolean;
  /** `echo reply`, `tcp reset`, `port unreachable`, … or `none` */
  answer: string;
  request: Hop[];
  /** the answer's path, ICMP errors included */
  reply: Hop[];
  lost: Loss | null;
  /** interfaces captured on */
  captured: number;
  durationMs: number;
  /** what the probe program printed (ping's summary, or the UDP/TCP sender's JSON line) */
  probeOutput: string;
}
