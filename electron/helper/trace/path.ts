/**
 * From packets seen on every interface to the probe's path: pick the probe's own packets, order
 * them in time (nanosecond kernel timestamps; the clock is shared by every namespace), and turn
 * them into hops. Pure, so the ordering rules are tested without a kernel.
 */
import { canonicalIp } from '../../../shared/net/ip';
import { tsNs, type Packet } from './packet';
import type { Probe } from './probe';
import type { Hop, Observation } from './types';

const same = (a: string | undefined, b: string | null | undefined): boolean => !!a && !!b && canonicalIp(a) === canonicalIp(b);

/** Time order; at the same nanosecond a node's `in` precedes its own `out`, and a sender's `out` the receiver's `in`. */
export function byTime(a: Observation, b: Observation): number {
  const d = tsNs(a.packet.ts) - tsNs(b.packet.ts);
  if (d !== 0n) return d < 0n ? -1 : 1;
  if (a.direction === b.direction) return 0;
  const inFirst = a.node === b.node;
  return (a.direction === 'in') === inFirst ? -1 : 1;
}

/**
 * Leave out the copies a switch floods to ports whose host is not the frame's destination (a
 * switch floods until it learns where a MAC lives, e.g. right after a link went down): that host
 * drops the frame on arrival, so neither its `in` nor the switch's `out` towards it is the path.
 */
export function dropFlooded(
  obs: Observation[],
  macOf: (node: string, iface: string) => string | null,
  peerOf: (node: string, iface: string) => { node: string; iface: string } | null,
  isSwitch: (node: string) => boolean,
): Observation[] {
  const key = (o: Observation) => `${o.node}:${o.iface}:${o.direction}:${o.packet.ts}`;
  const stray = obs.filter((o) => {
    const dst = o.packet.l2?.dst;
    // group bit set: broadcast/multicast is for everyone on the segment
    if (!dst || o.direction !== 'in' || isSwitch(o.node) || (parseInt(dst.slice(0, 2), 16) & 1) === 1) return false;
    const mine = macOf(o.node, o.iface);
    return mine !== null && mine.toLowerCase() !== dst.toLowerCase();
  });
  const strayIn = new Set(stray.map(key));
  const strayOut = new Set(stray.map((o) => { const p = peerOf(o.node, o.iface); return p ? `${p.node}:${p.iface}|${o.packet.summary}` : ''; }));
  return obs.filter((o) => !strayIn.has(key(o)) && !(o.direction === 'out' && isSwitch(o.node) && strayOut.has(`${o.node}:${o.iface}|${o.packet.summary}`)));
}

export interface Matched { request: Observation[]; reply: Observation[]; srcAddress: string | null }

/**
 * The probe's packets. ICMP: ping picks its own id, so the id is learnt from the first echo
 * request to the destination. UDP/TCP: the source port we chose. ICMP errors addressed to the
 * probe's source count as answers.
 */
export function matchProbe(obs: Observation[], probe: Probe, dstAddress: string, sport: number | null): Matched {
  const sorted = [...obs].sort(byTime);
  const l4 = (p: Packet) => p.l4;
  let isRequest: (p: Packet) => boolean;
  let isReply: (p: Packet) => boolean;
  if (probe.kind === 'icmp') {
    const first = sorted.find((o) => { const x = l4(o.packet); return x?.proto === 'icmp' && x.type === 'echo-request' && same(dstAddress, o.packet.l3?.dst); });
    const x = first ? l4(first.packet) : null;
    const id = x?.proto === 'icmp' ? x.id : undefined;
    isRequest = (p) => { const y = l4(p); return y?.proto === 'icmp' && y.type === 'echo-request' && y.id === id && same(dstAddress, p.l3?.dst); };
    isReply = (p) => { const y = l4(p); return y?.proto === 'icmp' && y.type === 'echo-reply' && y.id === id && same(dstAddress, p.l3?.src); };
  } else {
    const proto = probe.kind;
    isRequest = (p) => { const y = l4(p); return y?.proto === proto && y.sport === sport && y.dport === probe.port && (proto === 'udp' || (y.proto === 'tcp' && y.flags.includes('S') && !y.flags.includes('.'))); };
    // The answer to a SYN is a SYN-ACK or a reset; what follows a connect is not the probe.
    isReply = (p) => { const y = l4(p); return y?.proto === proto && y.sport === probe.port && y.dport === sport && (proto === 'udp' || (y.proto === 'tcp' && (y.flags === 'S.' || y.flags.includes('R')))); };
  }
  const request = sorted.filter((o) => isRequest(o.packet));
  const srcAddress = request[0]?.packet.l3?.src ?? null;
  const first = request[0]?.packet;
  const quoted = first?.l4?.proto === 'icmp' ? `id ${first.l4.id}, seq` : sport !== null ? `.${sport} > ` : null;
  const isError = (p: Packet) => {
    const y = l4(p);
    if (y?.proto !== 'icmp' || (y.type !== 'time-exceeded' && y.type !== 'unreachable') || !same(srcAddress ?? undefined, p.l3?.dst)) return false;
    if (!first || tsNs(p.ts) < tsNs(first.ts)) return false;
    // With -v an IPv4 error quotes the packet it is about: it must be ours. IPv6 errors quote nothing.
    const inner = p.extra.find((l) => / > .*: /.test(l));
    return !inner || !quoted || inner.includes(quoted);
  };
  const reply = sorted.filter((o) => isReply(o.packet) || (srcAddress !== null && isError(o.packet)));
  return { request, reply, srcAddress };
}

export function toHops(obs: Observation[], t0: bigint): Hop[] {
  return obs.map((o) => ({
    node: o.node, iface: o.iface, direction: o.direction,
    atUs: Number((tsNs(o.packet.ts) - t0) / 1000n),
    l2: o.packet.l2 ? { src: o.packet.l2.src, dst: o.packet.l2.dst } : null,
    l3: o.packet.l3, l4: o.packet.l4, summary: o.packet.summary,
  }));
}

/** How the source learnt its answer, in words. */
export function answerOf(reply: Observation[], srcNode: string): string {
  const back = reply.find((o) => o.node === srcNode && o.direction === 'in');
  const y = back?.packet.l4;
  if (!y) return 'none';
  if (y.proto === 'icmp') return y.type === 'unreachable' ? `${y.code ?? 'destination'} unreachable` : y.type.replace('-', ' ');
  if (y.proto === 'tcp') return y.flags.includes('R') ? 'tcp reset' : 'tcp syn-ack';
  return 'udp reply';
}
