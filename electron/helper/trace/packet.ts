/** One decoded packet as tcpdump prints it (`-nn -e -tt`, with or without `-v`). */

export type IcmpType =
  | 'echo-request' | 'echo-reply' | 'time-exceeded' | 'unreachable'
  | 'neighbor-solicitation' | 'neighbor-advertisement' | 'other';

export interface Packet {
  /** seconds.fraction exactly as tcpdump printed it (nanoseconds with --time-stamp-precision=nano) */
  ts: string;
  l2: { src: string; dst: string; ethertype: string; length: number } | null;
  l3: { family: 4 | 6; src: string; dst: string; ttl: number | null; proto: string | null } | null;
  l4:
    | { proto: 'icmp'; type: IcmpType; text: string; id?: number; seq?: number; code?: string; target?: string }
    | { proto: 'tcp'; sport: number; dport: number; flags: string }
    | { proto: 'udp'; sport: number; dport: number }
    | { proto: 'arp'; op: 'request' | 'reply' | 'other'; target: string | null; sender: string | null; mac?: string }
    | null;
  /** the one-line decode without timestamp and MACs, e.g. `10.0.1.2 > 10.0.2.2: ICMP echo request, id 5, seq 1, length 64` */
  summary: string;
  /** lines tcpdump printed below the packet (the packet quoted inside an ICMP error, NDP options) */
  extra: string[];
}

/** Timestamp as integer nanoseconds, for exact ordering across capture processes. */
export function tsNs(ts: string): bigint {
  const [s, frac = ''] = ts.split('.');
  return BigInt(s!) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
}
