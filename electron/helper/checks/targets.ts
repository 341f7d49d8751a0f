/** What a `ping:` check aims at: an address as written, or every address of the named node. */
import type { Lab } from '../../../shared/lab/schema';
import { canonicalIp } from '../../../shared/net/ip';

/** Addresses (without prefix length) of a node's interfaces, in the order the lab file lists them. */
export function nodeAddresses(lab: Lab, node: string): string[] {
  const ifaces = lab.nodes[node]?.interfaces ?? {};
  return Object.values(ifaces).flatMap((i) => i.addresses ?? []).map((a) => a.slice(0, a.indexOf('/')));
}

/** The addresses a ping check sends to; `[]` for a node without addresses. */
export function pingTargets(lab: Lab, target: string): string[] {
  const ip = canonicalIp(target);
  if (ip) return [ip];
  return nodeAddresses(lab, target);
}

/** First address of each family per node: what the connectivity matrix pings. */
export function firstAddresses(lab: Lab, node: string): { 4?: string; 6?: string } {
  const out: { 4?: string; 6?: string } = {};
  for (const a of nodeAddresses(lab, node)) {
    const f = a.includes(':') ? 6 : 4;
    out[f] ??= a;
  }
  return out;
}
