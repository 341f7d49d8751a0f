/**
 * `ip -d -j` / `tc -j` output → the observed-state model (shared/state/observed.ts). Pure, so it
 * is tested against output recorded from a real kernel (fixtures/). Every value is normalised to
 * the form the resolved lab uses, so an unchanged object compares equal.
 */
import type { Qdisc } from '../../../shared/lab/resolve';
import { canonicalCidr, canonicalIp } from '../../../shared/net/ip';
import { formatMicros, formatPercent, formatRateBytes } from '../../../shared/net/tc-units';
import type { ObservedLink, ObservedRoute } from '../../../shared/state/observed';

// Kernel JSON is untyped; fields are checked one by one.
type Json = any;

/**
 * Split batch output into its JSON values. iproute2 prints one array per batch line, each ending
 * in a newline, but we do not rely on the newline: strings are skipped and brackets counted.
 */
export function splitJsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0, start = -1, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') { if (depth++ === 0) start = i; }
    else if (c === ']' || c === '}') {
      if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

const arr = (v: unknown): Json[] => (Array.isArray(v) ? v : []);

/** `ip -d -j link show` + `ip -j addr show` → links (qdisc filled in later from tc). */
export function parseLinks(links: unknown, addrs: unknown): ObservedLink[] {
  const addrByName = new Map<string, Json[]>();
  for (const a of arr(addrs)) if (typeof a?.ifname === 'string') addrByName.set(a.ifname, arr(a.addr_info));
  const indexOf = new Map<string, number>(arr(links).filter((l) => typeof l?.ifname === 'string').map((l) => [l.ifname, Number(l.ifindex)]));
  return arr(links).filter((l) => typeof l?.ifname === 'string').map((l): ObservedLink => {
    const flags: string[] = arr(l.flags);
    const kind: string | null = typeof l.linkinfo?.info_kind === 'string' ? l.linkinfo.info_kind : null;
    const link: ObservedLink = {
      name: l.ifname,
      ifindex: Number(l.ifindex),
      kind,
      mtu: Number(l.mtu),
      mac: typeof l.address === 'string' ? l.address.toLowerCase() : '',
      adminUp: flags.includes('UP'),
      operState: typeof l.operstate === 'string' ? l.operstate : 'UNKNOWN',
      carrier: flags.includes('LOWER_UP'),
      master: typeof l.master === 'string' ? l.master : null,
      alias: typeof l.ifalias === 'string' && l.ifalias !== '' ? l.ifalias : null,
      addresses: l.ifname === 'lo' || flags.includes('LOOPBACK') ? [] : globalAddresses(addrByName.get(l.ifname) ?? []),
      qdisc: null,
    };
    if (kind === 'bridge') link.stp = Number(l.linkinfo?.info_data?.stp_state ?? 0) !== 0;
    if (kind === 'veth') {
      // peer in another namespace: `link_index` (+ `link_netnsid`); in this one: `link` = its name
      const peer = typeof l.link_index === 'number' ? l.link_index
        : typeof l.link === 'string' ? indexOf.get(l.link) ?? (/^if(\d+)$/.exec(l.link) ? Number(l.link.slice(2)) : undefined)
        : undefined;
      if (peer) link.peerIfindex = peer;
    }
    return link;
  });
}

/** Global-scope addresses as canonical CIDRs, sorted; link-local and host scope left out. */
function globalAddresses(info: Json[]): string[] {
  const out = new Set<string>();
  for (const a of info) {
    if (a?.scope !== 'global' || typeof a.local !== 'string') continue;
    const cidr = canonicalCidr(`${a.local}/${a.prefixlen}`);
    if (!cidr || /^fe[89ab][0-9a-f]:/i.test(cidr)) continue;
    out.add(cidr);
  }
  return [...out].sort();
}

/** The root qdisc kinds nslab manages; only these make the observer ask tc. */
export const MANAGED_QDISCS = new Set(['tbf', 'netem']);

/** `tc -j qdisc show` → root tbf/netem qdisc per device, in the lab's canonical text. */
export function parseTcQdiscs(json: unknown): Map<string, Qdisc> {
  const out = new Map<string, Qdisc>();
  for (const q of arr(json)) {
    if (!q?.root || typeof q.dev !== 'string') continue;
    const parsed = qdiscOf(q);
    if (parsed) out.set(q.dev, parsed);
  }
  return out;
}

/**
 * tc -j prints rates in bytes per second, netem times in seconds and loss as a fraction
 * (iproute2 q_tbf.c / q_netem.c JSON output).
 */
function qdiscOf(q: Json): Qdisc | null {
  const o = q.options ?? {};
  if (q.kind === 'tbf') return typeof o.rate === 'number' ? { kind: 'tbf', rate: formatRateBytes(o.rate) } : null;
  if (q.kind !== 'netem') return null;
  const delaySec = typeof o.delay?.delay === 'number' ? o.delay.delay : 0;
  const jitterSec = typeof o.delay?.jitter === 'number' ? o.delay.jitter : 0;
  const lossFrac = typeof o['loss-random']?.loss === 'number' ? o['loss-random'].loss : 0;
  const rateBytes = typeof o.rate?.rate === 'number' ? o.rate.rate : 0;
  const micros = (s: number) => Math.round(s * 1e6);
  return {
    kind: 'netem',
    delay: micros(delaySec) > 0 ? formatMicros(micros(delaySec)) : null,
    jitter: micros(delaySec) > 0 && micros(jitterSec) > 0 ? formatMicros(micros(jitterSec)) : null,
    loss: formatPercent(lossFrac * 100),
    rate: rateBytes > 0 ? formatRateBytes(rateBytes) : null,
  };
}

/** `ip -d -j route show table all` → routes with the resolver's normalisations. */
export function parseRoutes(json: unknown): ObservedRoute[] {
  return arr(json).filter((r) => typeof r?.dst === 'string').map((r): ObservedRoute => {
    const family = routeFamily(r);
    const gateway = typeof r.gateway === 'string' ? r.gateway : typeof r.via?.host === 'string' ? r.via.host : null;
    return {
      family,
      to: routeTo(r.dst, family),
      via: gateway ? canonicalIp(gateway) ?? gateway : null,
      // a multipath route has its gateways and devices under `nexthops`; nslab makes none
      dev: typeof r.dev === 'string' ? r.dev : null,
      metric: typeof r.metric === 'number' ? r.metric : 0,
      // without -d iproute2 leaves out `boot`, the protocol of routes a person added
      protocol: typeof r.protocol === 'string' ? r.protocol : 'boot',
      table: r.table === undefined ? 'main' : String(r.table),
      type: typeof r.type === 'string' ? r.type : 'unicast',
    };
  });
}

/** JSON routes carry no family: IPv6 routes have `:` in an address or an RA preference (`pref`). */
function routeFamily(r: Json): 4 | 6 {
  if (r.dst !== 'default') return r.dst.includes(':') ? 6 : 4;
  if (typeof r.gateway === 'string') return r.gateway.includes(':') ? 6 : 4;
  return 'pref' in r || (typeof r.prefsrc === 'string' && r.prefsrc.includes(':')) ? 6 : 4;
}

/** `default`, or a canonical subnet; host routes come without a prefix length. */
function routeTo(dst: string, family: 4 | 6): string {
  if (dst === 'default') return 'default';
  const withLen = dst.includes('/') ? dst : `${dst}/${family === 4 ? 32 : 128}`;
  const c = canonicalCidr(withLen);
  if (c === '0.0.0.0/0' || c === '::/0') return 'default';
  return c ?? dst;
}

/** `ip -j netconf show` → the forwarding sysctls, from the `all` entries. */
export function parseForwarding(json: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of arr(json)) {
    if (e?.interface !== 'all' || typeof e.forwarding !== 'boolean') continue;
    if (e.family === 'inet') out['net.ipv4.ip_forward'] = e.forwarding ? '1' : '0';
    if (e.family === 'inet6') out['net.ipv6.conf.all.forwarding'] = e.forwarding ? '1' : '0';
  }
  return out;
}
