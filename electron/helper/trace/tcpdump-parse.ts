/**
 * Parser for tcpdump's text output (`-nn -e -tt [-v]`). Text rather than pcap because the same
 * decode is what the UI shows a student, and tcpdump already knows every protocol. Pure: tested
 * against lines captured from real labs (fixtures/).
 */
import { parseIp } from '../../../shared/net/ip';
import type { IcmpType, Packet } from './packet';

const HEADER = /^(\d+\.\d+) (.*)$/;
const ETHER = /^([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > ([0-9a-f]{2}(?::[0-9a-f]{2}){5}), ethertype (\S+) \(0x[0-9a-f]+\), length (\d+): (.*)$/;

/**
 * Group output lines into packets: a packet starts with a timestamp; `-v` continues it on lines
 * that start with white space. Lines that are neither (tcpdump's own messages) are dropped.
 */
export function groupLines(lines: string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) {
    if (HEADER.test(line)) out.push([line]);
    else if (/^\s/.test(line) && out.length && line.trim()) out[out.length - 1]!.push(line);
  }
  return out;
}

/** Parse everything tcpdump printed. */
export function parseTcpdump(text: string): Packet[] {
  return groupLines(text.split('\n')).map(parsePacket).filter((p): p is Packet => p !== null);
}

/** One packet: its header line and any continuation lines. */
export function parsePacket(lines: string[]): Packet | null {
  const m = HEADER.exec(lines[0] ?? '');
  if (!m) return null;
  const ts = m[1]!;
  let rest = m[2]!;
  let l2: Packet['l2'] = null;
  const e = ETHER.exec(rest);
  if (e) {
    l2 = { src: e[1]!, dst: e[2]!, ethertype: e[3]!, length: Number(e[4]) };
    rest = e[5]!;
  } else {
    // Without -e tcpdump names the protocol first: `IP 10.0.1.2 > …`, `IP6 …`, `ARP, Request …`.
    rest = rest.replace(/^(IP6?|ARP,) /, '');
  }
  let extra = lines.slice(1).map((l) => l.replace(/^\s+/, ''));
  let opts = '';
  if (rest.startsWith('(')) {
    const close = matchingParen(rest);
    opts = rest.slice(1, close);
    rest = rest.slice(close + 1).trim();
    // IPv4 with -v: the options fill the header line and the addresses follow on the next.
    if (!rest && extra.length) { rest = extra[0]!; extra = extra.slice(1); }
  }
  const packet: Packet = { ts, l2, l3: null, l4: null, summary: rest, extra };
  if (l2?.ethertype === 'ARP' || /^(Ethernet \(len 6\), IPv4 \(len 4\), )?(Request|Reply) /.test(rest)) {
    packet.l4 = parseArp(rest);
    return packet;
  }
  const ip = /^(\S+) > (\S+): (.*)$/.exec(rest);
  if (!ip) return packet;
  const src = splitPort(ip[1]!);
  const dst = splitPort(ip[2]!);
  if (!src || !dst) return packet;
  const family = src.addr.includes(':') ? 6 : 4;
  const ttl = /\b(?:ttl|hlim) (\d+)/.exec(opts);
  const proto = /\b(?:proto|next-header) (\S+) \(/.exec(opts);
  packet.l3 = { family, src: src.addr, dst: dst.addr, ttl: ttl ? Number(ttl[1]) : null, proto: proto ? proto[1]! : null };
  packet.l4 = parseL4(ip[3]!, src.port, dst.port);
  return packet;
}

/** Index of the `)` closing the `(` at 0; tcpdump nests them (`proto ICMP (1)`). */
function matchingParen(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return s.length;
}

/** `10.0.1.2` or `10.0.1.2.40001` / `fd00:1::2.40003`: tcpdump glues the port on with a dot. */
function splitPort(text: string): { addr: string; port: number | null } | null {
  if (parseIp(text)) return { addr: text, port: null };
  const m = /^(.*)\.(\d{1,5})$/.exec(text);
  if (m && parseIp(m[1]!)) return { addr: m[1]!, port: Number(m[2]) };
  return null;
}

function parseArp(text: string): Packet['l4'] {
  const req = /Request who-has (\S+)(?: \([^)]*\))? tell (\S+?),/.exec(text);
  if (req) return { proto: 'arp', op: 'request', target: req[1]!, sender: req[2]! };
  const rep = /Reply (\S+) is-at (\S+?),/.exec(text);
  if (rep) return { proto: 'arp', op: 'reply', target: null, sender: rep[1]!, mac: rep[2]! };
  return { proto: 'arp', op: 'other', target: null, sender: null };
}

function parseL4(payload: string, sport: number | null, dport: number | null): Packet['l4'] {
  // Checksum notes (`[icmp6 sum ok]`, `[bad udp cksum …]`) precede the protocol; veth offload makes them noise.
  const p = payload.replace(/^\[[^\]]*\]\s*/, '');
  if (p.startsWith('Flags [') && sport !== null && dport !== null) {
    return { proto: 'tcp', sport, dport, flags: /^Flags \[([^\]]*)\]/.exec(p)![1]! };
  }
  if (/^UDP\b/.test(p) && sport !== null && dport !== null) return { proto: 'udp', sport, dport };
  if (/^ICMP6?\b/.test(p)) return parseIcmp(p);
  // UDP that tcpdump decoded as an application (DNS, …): ports still identify it.
  if (sport !== null && dport !== null) return { proto: 'udp', sport, dport };
  return null;
}

function parseIcmp(p: string): Packet['l4'] {
  const text = p.replace(/^ICMP6?,? /, '').replace(/, length \d+$/, '');
  let type: IcmpType = 'other';
  let code: string | undefined;
  let target: string | undefined;
  if (/^echo request\b/.test(text)) type = 'echo-request';
  else if (/^echo reply\b/.test(text)) type = 'echo-reply';
  else if (/^time exceeded\b/.test(text)) { type = 'time-exceeded'; code = /time exceeded (\S+)/.exec(text)?.[1]; }
  else if (/unreachable/.test(text)) {
    type = 'unreachable';
    // IPv4: `net 10.0.9.9 unreachable`, `10.0.2.2 udp port 9999 unreachable`; IPv6: `destination unreachable, unreachable port, …`
    code = /unreachable (\w+),/.exec(text)?.[1] ?? /^(\w+) \S+ unreachable/.exec(text)?.[1] ?? (/ port \d+ unreachable/.test(text) ? 'port' : /^(.*?) unreachable/.exec(text)?.[1]);
  } else if (/^neighbor solicitation\b/.test(text)) { type = 'neighbor-solicitation'; target = /who has (\S+?)(,|$)/.exec(text)?.[1]; }
  else if (/^neighbor advertisement\b/.test(text)) { type = 'neighbor-advertisement'; target = /tgt is (\S+?)(,|$)/.exec(text)?.[1]; }
  const id = /\bid (\d+)/.exec(text);
  const seq = /\bseq (\d+)/.exec(text);
  return {
    proto: 'icmp', type, text,
    ...(id && (type === 'echo-request' || type === 'echo-reply') ? { id: Number(id[1]), seq: Number(seq?.[1]) } : {}),
    ...(code ? { code } : {}), ...(target ? { target } : {}),
  };
}
