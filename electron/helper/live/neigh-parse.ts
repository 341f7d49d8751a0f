/** `ip -j neigh show` → neighbour entries (shared/state/live.ts). Pure; fixtures/neigh-show.json is real output. */
import { canonicalIp } from '../../../shared/net/ip';
import type { LiveNeighbour } from '../../../shared/state/live';
import { nameOrder } from '../../../shared/net/name-order';

type Json = any;

export function parseNeighbours(json: unknown): LiveNeighbour[] {
  if (!Array.isArray(json)) return [];
  return json
    .filter((n: Json) => typeof n?.dst === 'string' && typeof n?.dev === 'string')
    .map((n: Json): LiveNeighbour => ({
      dst: canonicalIp(n.dst) ?? n.dst,
      dev: n.dev,
      lladdr: typeof n.lladdr === 'string' ? n.lladdr.toLowerCase() : null,
      state: Array.isArray(n.state) ? n.state.filter((s: unknown): s is string => typeof s === 'string') : [],
      // iproute2 prints the flag as `"router": null` (a key without a value)
      router: 'router' in n,
    }))
    .sort((a, b) => nameOrder(a.dev, b.dev) || nameOrder(a.dst, b.dst));
}
