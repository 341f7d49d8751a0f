import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerOf, byTime, dropFlooded, matchProbe } from './path';
import { parseTcpdump } from './tcpdump-parse';
import type { Observation } from './types';

// Real captures of one ping h1 → h2 in a dual-stack lab: h1 eth0 (both ways), r1 eth0 in, r1 eth1 out.
const obsOf = (file: string, node: string, iface: string, direction: 'in' | 'out', keep?: (o: Observation) => boolean): Observation[] =>
  parseTcpdump(readFileSync(join(__dirname, 'fixtures', file), 'utf8')).map((packet) => ({ node, iface, direction, packet })).filter(keep ?? (() => true));
const h1 = [
  ...obsOf('h1-eth0-brief.txt', 'h1', 'eth0', 'out', (o) => o.packet.l2!.src === '12:26:f9:a8:ff:59'),
  ...obsOf('h1-eth0-brief.txt', 'h1', 'eth0', 'in', (o) => o.packet.l2!.src !== '12:26:f9:a8:ff:59'),
];
const all = [...obsOf('r1-eth1-out-verbose.txt', 'r1', 'eth1', 'out'), ...h1, ...obsOf('r1-eth0-in-verbose.txt', 'r1', 'eth0', 'in')];

describe('probe path from captures', () => {
  it('orders the echo request h1 out → r1 in → r1 out and finds the reply, by ping id', () => {
    const m = matchProbe(all, { kind: 'icmp' }, '10.0.2.2', null);
    expect(m.request.map((o) => `${o.node}:${o.iface}:${o.direction}`)).toEqual(['h1:eth0:out', 'r1:eth0:in', 'r1:eth1:out']);
    expect(m.srcAddress).toBe('10.0.1.2');
    // (this fixture holds later probes too; their ICMP errors, unquoted without -v, follow the reply)
    expect(m.reply[0]).toMatchObject({ node: 'h1', direction: 'in', packet: { l4: { type: 'echo-reply' } } });
    expect(answerOf(m.reply, 'h1')).toBe('echo reply');
  });

  it('matches UDP and TCP probes by the chosen source port; ICMP errors count as answers', () => {
    const udp = matchProbe(all, { kind: 'udp', port: 9999 }, '10.0.2.2', 40001);
    expect(udp.request).toHaveLength(3);
    expect(answerOf(udp.reply, 'h1')).toBe('port unreachable');
    const tcp = matchProbe(all, { kind: 'tcp', port: 80 }, '10.0.2.2', 40002);
    expect(tcp.request.map((o) => o.node)).toEqual(['h1', 'r1', 'r1']);
    expect(answerOf(tcp.reply, 'h1')).toBe('tcp reset');
  });

  it('breaks timestamp ties: in before out within a node, out before in across a cable', () => {
    const p = all[0]!.packet;
    const at = (node: string, direction: 'in' | 'out'): Observation => ({ node, iface: 'x', direction, packet: { ...p, ts: '1.000000001' } });
    expect([at('r1', 'out'), at('r1', 'in')].sort(byTime).map((o) => o.direction)).toEqual(['in', 'out']);
    expect([at('r1', 'in'), at('h1', 'out')].sort(byTime).map((o) => o.node)).toEqual(['h1', 'r1']);
  });

  it('drops copies a switch flooded to a host the frame was not for', () => {
    const p = all.find((o) => o.packet.l4?.proto === 'icmp')!.packet;
    const frame = { ...p, l2: { ...p.l2!, dst: '02:00:00:00:00:02' } };
    const obs: Observation[] = [
      { node: 'sw1', iface: 'p1', direction: 'in', packet: frame },
      { node: 'sw1', iface: 'p3', direction: 'out', packet: frame },
      { node: 'h3', iface: 'eth0', direction: 'in', packet: frame },
    ];
    const kept = dropFlooded(obs, (n) => (n === 'h3' ? '02:00:00:00:00:03' : null), (n, i) => (n === 'h3' ? { node: 'sw1', iface: 'p3' } : i === 'p3' ? { node: 'h3', iface: 'eth0' } : null), (n) => n === 'sw1');
    expect(kept.map((o) => `${o.node}:${o.iface}`)).toEqual(['sw1:p1']);
  });
});
