import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsNs } from './packet';
import { groupLines, parseTcpdump } from './tcpdump-parse';

// Real output of `tcpdump -nn -e -l -tt [-v] --time-stamp-precision=nano` in a dual-stack lab
// (h1 — r1 — h2): pings v4/v6, TTL 1 pings, UDP and TCP to closed ports, unreachable nets.
const fixture = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');

describe('tcpdump text parser', () => {
  const verbose = parseTcpdump(fixture('h1-eth0-verbose.txt'));
  const find = (pred: (s: string) => boolean) => verbose.find((p) => pred(p.summary))!;

  it('groups -v continuation lines with their packet', () => {
    const groups = groupLines(fixture('h1-eth0-verbose.txt').split('\n'));
    const te = groups.find((g) => g[1]?.includes('time exceeded'))!;
    expect(te).toHaveLength(4);
    expect(verbose).toHaveLength(groups.length);
  });

  it('IPv4 echo request with -v: MACs, TTL, protocol, id and seq', () => {
    const p = find((s) => s.startsWith('10.0.1.2 > 10.0.2.2: ICMP echo request, id 11128'));
    expect(p.ts).toBe('1795918762.584927018');
    expect(tsNs(p.ts)).toBe(1795918762584927018n);
    expect(p.l2).toEqual({ src: '12:26:f9:a8:ff:59', dst: '06:03:1c:9d:2b:b9', ethertype: 'IPv4', length: 98 });
    expect(p.l3).toEqual({ family: 4, src: '10.0.1.2', dst: '10.0.2.2', ttl: 64, proto: 'ICMP' });
    expect(p.l4).toMatchObject({ proto: 'icmp', type: 'echo-request', id: 11128, seq: 1 });
  });

  it('IPv6 echo reply on one line: hop limit, next header', () => {
    const p = find((s) => s.includes('echo reply, id 11129'));
    expect(p.l3).toEqual({ family: 6, src: 'fd00:2::2', dst: 'fd00:1::2', ttl: 63, proto: 'ICMPv6' });
    expect(p.l4).toMatchObject({ proto: 'icmp', type: 'echo-reply', id: 11129, seq: 1 });
  });

  it('ICMP errors: time exceeded (v4 with quoted packet, v6), net and port unreachable', () => {
    const te4 = find((s) => s.startsWith('10.0.1.1 > 10.0.1.2: ICMP time exceeded'));
    expect(te4.l4).toMatchObject({ type: 'time-exceeded', code: 'in-transit' });
    expect(te4.extra[1]).toBe('10.0.1.2 > 10.0.2.2: ICMP echo request, id 11130, seq 1, length 64');
    expect(te4.l3!.ttl).toBe(64);
    expect(find((s) => s.includes('time exceeded in-transit for fd00:2::2')).l4).toMatchObject({ type: 'time-exceeded' });
    expect(find((s) => s.includes('ICMP net 10.0.9.9 unreachable')).l4).toMatchObject({ type: 'unreachable', code: 'net' });
    expect(find((s) => s.includes('udp port 9999 unreachable')).l4).toMatchObject({ type: 'unreachable', code: 'port' });
    expect(find((s) => s.includes('unreachable port, fd00:2::2')).l4).toMatchObject({ type: 'unreachable', code: 'port' });
  });

  it('UDP and TCP ports and flags, v4 and v6, despite checksum notes', () => {
    expect(find((s) => s.startsWith('10.0.1.2.40001 >')).l4).toEqual({ proto: 'udp', sport: 40001, dport: 9999 });
    const u6 = find((s) => s.startsWith('fd00:1::2.40004 >'));
    expect(u6.l3).toMatchObject({ family: 6, src: 'fd00:1::2', dst: 'fd00:2::2', proto: 'UDP' });
    expect(u6.l4).toEqual({ proto: 'udp', sport: 40004, dport: 9999 });
    expect(find((s) => s.startsWith('10.0.1.2.40002 >')).l4).toEqual({ proto: 'tcp', sport: 40002, dport: 80, flags: 'S' });
    expect(find((s) => s.startsWith('10.0.2.2.80 >')).l4).toEqual({ proto: 'tcp', sport: 80, dport: 40002, flags: 'R.' });
  });

  it('ARP and neighbour discovery', () => {
    const brief = parseTcpdump(fixture('h1-eth0-brief.txt'));
    const req = brief.find((p) => p.l2?.ethertype === 'ARP' && p.summary.startsWith('Request'))!;
    expect(req.l4).toEqual({ proto: 'arp', op: 'request', target: '10.0.1.1', sender: '10.0.1.2' });
    expect(brief.find((p) => p.summary.startsWith('Reply'))!.l4).toEqual({ proto: 'arp', op: 'reply', target: null, sender: '10.0.1.1', mac: '06:03:1c:9d:2b:b9' });
    const verboseArp = parseTcpdump(fixture('r1-eth1-out-verbose.txt')).find((p) => p.l2?.ethertype === 'ARP')!;
    expect(verboseArp.l4).toMatchObject({ op: 'request', target: '10.0.2.2', sender: '10.0.2.1' });
    expect(brief.find((p) => p.summary.includes('neighbor solicitation, who has fd00:1::1'))!.l4).toMatchObject({ type: 'neighbor-solicitation', target: 'fd00:1::1' });
    expect(verbose.find((p) => p.summary.includes('neighbor advertisement'))!.l4).toMatchObject({ type: 'neighbor-advertisement', target: 'fe80::403:1cff:fe9d:2bb9' });
  });

  it('brief (one line per packet) output, as the live capture prints it', () => {
    const brief = parseTcpdump(fixture('h1-eth0-brief.txt'));
    expect(brief).toHaveLength(fixture('h1-eth0-brief.txt').trim().split('\n').length);
    const tcp6 = brief.find((p) => p.summary.startsWith('fd00:2::2.80 >'))!;
    expect(tcp6.l3).toEqual({ family: 6, src: 'fd00:2::2', dst: 'fd00:1::2', ttl: null, proto: null });
    expect(tcp6.l4).toEqual({ proto: 'tcp', sport: 80, dport: 40003, flags: 'R.' });
    const mld = brief[0]!;
    expect(mld.l3).toMatchObject({ src: '::', dst: 'ff02::16' });
  });

  it('ignores tcpdump status lines and half lines', () => {
    expect(parseTcpdump('tcpdump: listening on eth0\n14 packets captured\n\n')).toEqual([]);
    expect(parseTcpdump('1.5 garbage that is not a packet')[0]).toMatchObject({ ts: '1.5', l2: null, l3: null, l4: null });
  });
});
