/**
 * Does a node's routing table hold the route a `route:` check asks for? Pure: it reads the JSON
 * `ip -j route show` prints, so it is tested against the kernel's own output format.
 */
import { canonicalIp, parseCidr, subnetOf } from '../../../shared/net/ip';

/** One entry of `ip -j route show` (only what the match needs). */
export interface KernelRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  type?: string;
  nexthops?: { gateway?: string; dev?: string }[];
}

export interface RouteWanted { to: string; via?: string; dev?: string }

/** `default`, a canonical subnet, or a host route (ip prints `/32` and `/128` routes bare). */
export function normaliseDst(dst: string): string {
  if (dst === 'default') return 'default';
  const withPrefix = dst.includes('/') ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`;
  const c = parseCidr(withPrefix);
  return c ? subnetOf(c) : dst;
}

const sameIp = (a: string | undefined, b: string): boolean => a !== undefined && canonicalIp(a) === canonicalIp(b);

/** The kernel routes that satisfy the wanted one: same destination; via and dev where given. */
export function findRoute(routes: KernelRoute[], want: RouteWanted): KernelRoute[] {
  const to = normaliseDst(want.to);
  return routes.filter((r) => {
    if (r.type && r.type !== 'unicast') return false;
    if (normaliseDst(r.dst) !== to) return false;
    // A multipath route satisfies the check when one of its next hops does.
    const hops = r.nexthops?.length ? r.nexthops : [{ gateway: r.gateway, dev: r.dev }];
    return hops.some((h) => (!want.via || sameIp(h.gateway, want.via)) && (!want.dev || h.dev === want.dev));
  });
}

/** `default via 10.0.1.1 dev eth0; 10.0.1.0/24 dev eth0` — what a student sees with `ip route`. */
export function describeRoutes(routes: KernelRoute[], max = 6): string {
  if (routes.length === 0) return 'no routes';
  const text = routes.slice(0, max).map((r) => {
    const hops = r.nexthops?.length ? r.nexthops : [{ gateway: r.gateway, dev: r.dev }];
    const prefix = r.type && r.type !== 'unicast' ? `${r.type} ` : '';
    return `${prefix}${r.dst}${hops.map((h) => `${h.gateway ? ` via ${h.gateway}` : ''}${h.dev ? ` dev ${h.dev}` : ''}`).join(',')}`;
  });
  return text.join('; ') + (routes.length > max ? `; … ${routes.length - max} more` : '');
}
