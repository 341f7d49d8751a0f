/**
 * IPv4/IPv6 address arithmetic with bigint, pure (no node:net): parsing, canonical text,
 * prefix containment. Enough for validation, the planner and auto-addressing.
 */
export type Family = 4 | 6;
export interface Ip { family: Family; value: bigint }
export interface Cidr { family: Family; addr: bigint; prefix: number }

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Memo of parsed addresses (frozen, so sharing them is safe): validation, resolution and the
 * planner parse the same few hundred addresses on every apply. Bounded: cleared when full.
 */
const parsed = new Map<string, Readonly<Ip> | null>();
const MEMO_MAX = 1 << 16;

export function parseIp(text: string): Ip | null {
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  const ip = parseIp4(text) ?? parseIp6(text);
  if (parsed.size >= MEMO_MAX) parsed.clear();
  parsed.set(text, ip && Object.freeze(ip));
  return ip;
}

function parseIp4(text: string): Ip | null {
  if (!V4.test(text)) return null;
  const p = text.split('.');
  return { family: 4, value: BigInt(((Number(p[0]) << 24) >>> 0) + (Number(p[1]) << 16) + (Number(p[2]) << 8) + Number(p[3])) };
}

function parseIp6(text: string): Ip | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp4(p);
        if (!v4) return null;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) };
}

/** Parse `10.0.1.2/24` or `fd00::1/64`. The address keeps its host bits. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp(text.slice(0, slash));
  const p = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p)) return null;
  const prefix = Number(p);
  if (prefix > (ip.family === 4 ? 32 : 128)) return null;
  return { family: ip.family, addr: ip.value, prefix };
}

const bits = (f: Family) => (f === 4 ? 32 : 128);
export const mask = (f: Family, prefix: number): bigint =>
  ((1n << BigInt(bits(f))) - 1n) ^ ((1n << BigInt(bits(f) - prefix)) - 1n);

export const network = (c: Cidr): bigint => c.addr & mask(c.family, c.prefix);

/** Does subnet `net` contain address `ip`? */
export function contains(net: Cidr, ip: Ip): boolean {
  return net.family === ip.family && (ip.value & mask(net.family, net.prefix)) === network(net);
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    const v = Number(ip.value);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const g = Array.from({ length: 8 }, (_, i) => Number((ip.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: compress the longest run (>= 2) of zero groups, leftmost on ties.
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

export const formatCidr = (c: Cidr): string => `${formatIp({ family: c.family, value: c.addr })}/${c.prefix}`;

/** Canonical text of an address or CIDR (lower case, compressed IPv6), or null if invalid. */
export function canonicalCidr(text: string): string | null {
  const c = parseCidr(text);
  return c ? formatCidr(c) : null;
}
export function canonicalIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

/** The subnet itself in canonical form: `10.0.1.2/24` → `10.0.1.0/24`. */
export const subnetOf = (c: Cidr): string => formatCidr({ ...c, addr: network(c) });
