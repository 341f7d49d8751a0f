/**
 * Why a probe went no further, decided from the kernel state of the place it was last seen:
 * a TTL that ran out, a cable that is down, forwarding switched off, no route, no ARP/NDP answer,
 * or a firewall rule. Questions are asked in that order because each one explains the later ones
 * (a router with forwarding off also has no use for its routes).
 */
import { execInNode } from '../engine';
import type { KernelView } from './kernel-view';
import type { Loss, Observation } from './types';

export interface LossContext {
  path: 'request' | 'reply';
  /** the node that sent this packet first (source for the request, destination for the reply) */
  origin: string;
  /** where the packet was going */
  target: string;
  family: 4 | 6;
  /** the last observation of this packet, or null if it was never seen */
  last: Observation | null;
  /** ICMP errors seen during the trace */
  errors: Observation[];
}

/** `ip -j` output as an array; anything else (a warning on stdout, nothing at all) as none. */
function jsonArray<T>(text: string): T[] {
  try { const v = JSON.parse(text.trim() || '[]'); return Array.isArray(v) ? v as T[] : []; } catch { return []; }
}

const where = (o: Observation) => `${o.node} ${o.iface}`;

export async function diagnose(view: KernelView, ctx: LossContext): Promise<Loss> {
  const base = { path: ctx.path, node: ctx.last?.node ?? ctx.origin, iface: ctx.last?.iface ?? null, direction: ctx.last?.direction ?? null };
  const loss = (reason: Loss['reason'], detail: string, at: Partial<Loss> = {}): Loss => ({ ...base, ...at, reason, detail });

  const exceeded = ctx.errors.find((e) => e.packet.l4?.proto === 'icmp' && e.packet.l4.type === 'time-exceeded');
  if (exceeded) {
    const by = view.owner(exceeded.packet.l3!.src) ?? exceeded.packet.l3!.src;
    return loss('ttl-expired', `the TTL ran out at ${by}, which answered with ICMP time exceeded (a routing loop, or too many hops)`, { node: by, iface: null, direction: null });
  }

  const last = ctx.last;
  if (last?.direction === 'out') {
    // Seen leaving, never arriving: the cable. (A firewall at the far end still sees it arrive.)
    const peer = view.peer(last.node, last.iface);
    const mine = view.link(last.node, last.iface);
    const theirs = peer ? view.link(peer.node, peer.iface) : null;
    if (mine?.operState !== 'UP' || (peer && theirs?.operState !== 'UP')) {
      const down = mine?.operState !== 'UP' ? `${last.node} ${last.iface} is ${mine?.operState ?? 'gone'}` : `the far end ${peer!.node} ${peer!.iface} is ${theirs?.operState ?? 'gone'}`;
      return loss('link-down', `it left ${where(last)} but the link is down: ${down}`);
    }
    return loss('unknown', `it left ${where(last)} but never arrived at ${peer ? `${peer.node} ${peer.iface}` : 'the other end'} (lost on the link: netem loss?)`);
  }

  const node = base.node;
  const nv = view.nodes.get(node);
  if (!nv) return loss('unknown', `${node} is not a running node of the lab`);
  if (nv.kind === 'switch') {
    const down = nv.links.filter((l) => l.name !== 'lo' && l.operState !== 'UP' && l.operState !== 'UNKNOWN');
    if (down.length) return loss('link-down', `${node} received it${last ? ` on ${last.iface}` : ''} but ports are down: ${down.map((l) => `${l.name} (${l.operState})`).join(', ')}`);
    return loss('unknown', `${node} received it${last ? ` on ${last.iface}` : ''} and did not pass it on`);
  }

  const transit = node !== ctx.origin;
  const fwdKey = ctx.family === 4 ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding';
  if (transit && nv.sysctl[fwdKey] === '0') {
    return loss('forwarding-off', `${node} received it${last ? ` on ${last.iface}` : ''} but does not forward: ${fwdKey} is 0`);
  }

  const fam = ctx.family === 6 ? ['-6'] : [];
  const rg = await execInNode(view.lab, node, ['ip', '-j', ...fam, 'route', 'get', ctx.target]);
  if (rg.exitCode !== 0) {
    const why = rg.stderr.replace(/^RTNETLINK answers: /m, '').trim();
    return loss('no-route', `${node} has no route to ${ctx.target}${why ? ` (${why})` : ''}`);
  }
  const route = jsonArray<{ type?: string; gateway?: string; dev?: string }>(rg.stdout)[0] ?? {};
  if (route.type && ['unreachable', 'blackhole', 'prohibit', 'throw'].includes(route.type)) {
    return loss('no-route', `${node} routes ${ctx.target} to ${route.type}`);
  }
  const dev = route.dev ? view.link(node, route.dev) : null;
  if (dev && dev.operState !== 'UP') {
    return loss('link-down', `${node} would send it out ${route.dev}, which is ${dev.operState}${dev.adminUp ? '' : ' (administratively down)'}`, { iface: route.dev ?? null, direction: 'out' });
  }

  const hop = route.gateway ?? ctx.target;
  if (route.dev) {
    const nb = await execInNode(view.lab, node, ['ip', '-j', ...fam, 'neigh', 'show', 'to', hop, 'dev', route.dev]);
    const entry = jsonArray<{ state?: string[] }>(nb.stdout)[0];
    const state = entry?.state ?? [];
    if (state.includes('FAILED') || state.includes('INCOMPLETE')) {
      // No answer because the next hop is cut off (its cable or its switch port is down)?
      const cut = cutOff(view, hop);
      if (cut) return loss('link-down', `${node} asked for ${hop} on ${route.dev} and got no answer: ${cut.why}`, { node: cut.node, iface: cut.iface, direction: null });
      return loss('no-neighbour', `${node} asked for ${hop} on ${route.dev} (${ctx.family === 4 ? 'ARP' : 'neighbour discovery'}) and got no answer: neighbour ${state.join(',')}`, { iface: route.dev, direction: 'out' });
    }
  }

  const fw = await firewallDrops(view, node);
  if (fw) return loss('firewall', `${node} has firewall rules that drop or reject packets: ${fw}`);

  return loss('unknown', transit || ctx.path === 'reply'
    ? `${node} received it${last ? ` on ${last.iface}` : ''} and sent nothing on; routes, neighbours and firewall look fine`
    : `${node} did not send it; routes, neighbours and firewall look fine`);
}

/**
 * The node holding `address` is unreachable because its interface, or the port it plugs into, is
 * down. Of the two ends the one switched off (admin down) is the cause; the other only lost carrier.
 */
function cutOff(view: KernelView, address: string): { node: string; iface: string; why: string } | null {
  const owner = view.owner(address);
  const ifc = owner ? view.nodes.get(owner)?.links.find((l) => l.addresses.some((a) => a.slice(0, a.indexOf('/')) === address)) : undefined;
  if (!owner || !ifc) return null;
  const peer = view.peer(owner, ifc.name);
  const ends = [{ node: owner, link: ifc }, ...(peer ? [{ node: peer.node, link: view.link(peer.node, peer.iface) }] : [])]
    .filter((e): e is { node: string; link: NonNullable<typeof ifc> } => e.link !== null);
  const end = ends.find((e) => !e.link.adminUp) ?? ends.find((e) => e.link.operState !== 'UP');
  if (!end) return null;
  const what = end.node === owner ? `${owner} ${end.link.name}` : `${end.node} ${end.link.name}, the other end of ${owner}'s cable,`;
  return { node: end.node, iface: end.link.name, why: `${what} is ${end.link.adminUp ? end.link.operState : 'switched off (admin down)'}` };
}

interface NftRule { rule?: { chain: string; expr?: Record<string, unknown>[] } }

/** nftables rules in the node that drop or reject, with their counters where they have one. */
async function firewallDrops(view: KernelView, node: string): Promise<string | null> {
  const r = await execInNode(view.lab, node, ['nft', '-j', 'list', 'ruleset']).catch(() => null);
  if (!r || r.exitCode !== 0 || !r.stdout.trim()) return null;
  let items: NftRule[];
  try { items = (JSON.parse(r.stdout) as { nftables?: NftRule[] }).nftables ?? []; } catch { return null; }
  const dropping = items.flatMap((i) => {
    const expr = i.rule?.expr ?? [];
    const verdict = expr.find((e) => 'drop' in e || 'reject' in e);
    if (!verdict) return [];
    const counter = expr.find((e) => 'counter' in e)?.counter as { packets?: number } | undefined;
    return [{ chain: i.rule!.chain, verdict: 'drop' in verdict ? 'drop' : 'reject', packets: counter?.packets ?? null }];
  });
  if (dropping.length === 0) return null;
  // Rules that actually counted packets explain the loss best.
  dropping.sort((a, b) => (b.packets ?? -1) - (a.packets ?? -1));
  return dropping.slice(0, 3).map((d) => `${d.verdict} in chain ${d.chain}${d.packets !== null ? ` (${d.packets} packets)` : ''}`).join('; ');
}
