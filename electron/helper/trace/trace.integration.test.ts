import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import type { Lab } from '../../../shared/lab/schema';
import { nsName } from '../../../shared/net/names';
import { loadExample, uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy } from '../engine';
import { trace } from './trace';

const made: string[] = [];
async function up(file: string): Promise<Lab> {
  const lab = loadExample(file, uniqueName('trc'));
  made.push(lab.name);
  await apply(lab);
  return lab;
}
const tcpdumps = () => { try { return execFileSync('pgrep', ['-x', 'tcpdump'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean); } catch { return []; } };
const before = new Set<string>();

afterEach(async () => {
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
  // no capture of ours outlives a trace (others' tcpdumps, if any, are left alone)
  expect(tcpdumps().filter((p) => !before.has(p))).toEqual([]);
});

describeRoot('packet path trace', () => {
  it('routed.yaml: ping h1 → h2 reaches h2 through r1 and sw1, hops in order, and comes back', async () => {
    tcpdumps().forEach((p) => before.add(p));
    const lab = await up('routed.yaml');
    const r = await trace(lab.name, 'h1', 'h2');
    expect(r.lost).toBeNull();
    expect(r.reached && r.replied).toBe(true);
    expect(r.answer).toBe('echo reply');
    expect(r.request.map((h) => `${h.node}:${h.iface}:${h.direction}`)).toEqual([
      'h1:eth0:out', 'r1:eth0:in', 'r1:eth1:out', 'sw1:p1:in', 'sw1:p2:out', 'h2:eth0:in',
    ]);
    expect(r.reply.map((h) => `${h.node}:${h.iface}:${h.direction}`)).toEqual([
      'h2:eth0:out', 'sw1:p2:in', 'sw1:p1:out', 'r1:eth1:in', 'r1:eth0:out', 'h1:eth0:in',
    ]);
    // the router decrements the TTL and rewrites the MACs; times only go forward
    expect(r.request.map((h) => h.l3?.ttl)).toEqual([64, 64, 63, 63, 63, 63]);
    expect(r.request[2]!.l2!.src).not.toBe(r.request[0]!.l2!.src);
    expect(r.request[0]!.l4).toMatchObject({ proto: 'icmp', type: 'echo-request', seq: 1 });
    for (let i = 1; i < r.request.length; i++) expect(r.request[i]!.atUs).toBeGreaterThanOrEqual(r.request[i - 1]!.atUs);
    expect(r.captured).toBe(8);
    console.log(`trace h1 → h2 (ping): ${r.durationMs} ms`);
  });

  it('TCP and UDP probes are matched by port: a reset and a port unreachable come back', async () => {
    tcpdumps().forEach((p) => before.add(p));
    const lab = await up('routed.yaml');
    const tcp = await trace(lab.name, 'h1', 'h3', { kind: 'tcp', port: 80 });
    expect(tcp.answer).toBe('tcp reset');
    expect(tcp.request.at(-1)).toMatchObject({ node: 'h3', direction: 'in', l4: { proto: 'tcp', dport: 80, flags: 'S' } });
    const udp = await trace(lab.name, 'h1', '10.0.2.2', { kind: 'udp', port: 5353 });
    expect(udp.answer).toBe('port unreachable');
    expect(udp.reached).toBe(true);
    expect(udp.lost).toBeNull();
  });

  it('forwarding off at the router: the drop is located at r1, reason forwarding-off', async () => {
    tcpdumps().forEach((p) => before.add(p));
    const lab = await up('routed.yaml');
    execFileSync('ip', ['netns', 'exec', nsName(lab.name, 'r1'), 'sysctl', '-qw', 'net.ipv4.ip_forward=0']);
    const r = await trace(lab.name, 'h1', 'h2');
    expect(r.reached).toBe(false);
    expect(r.lost).toMatchObject({ path: 'request', node: 'r1', iface: 'eth0', direction: 'in', reason: 'forwarding-off' });
    expect(r.request.map((h) => `${h.node}:${h.direction}`)).toEqual(['h1:out', 'r1:in']);
    console.log(`trace with a loss: ${r.durationMs} ms`);
  });

  it("h1's default route deleted: the drop is at h1, reason no-route", async () => {
    tcpdumps().forEach((p) => before.add(p));
    const lab = await up('routed.yaml');
    execFileSync('ip', ['-n', nsName(lab.name, 'h1'), 'route', 'del', 'default']);
    const r = await trace(lab.name, 'h1', 'h2');
    expect(r.request).toEqual([]);
    expect(r.lost).toMatchObject({ path: 'request', node: 'h1', reason: 'no-route' });
  });

  it('no ARP answer, a link down behind a switch, and a firewall drop at the destination', async () => {
    tcpdumps().forEach((p) => before.add(p));
    const lab = await up('routed.yaml');
    const ghost = await trace(lab.name, 'h1', '10.0.2.9');
    expect(ghost.lost).toMatchObject({ node: 'r1', iface: 'eth1', direction: 'out', reason: 'no-neighbour' });
    execFileSync('ip', ['-n', nsName(lab.name, 'sw1'), 'link', 'set', 'dev', 'p2', 'down']);
    const down = await trace(lab.name, 'h1', 'h2');
    expect(down.lost).toMatchObject({ node: 'sw1', reason: 'link-down' });
    execFileSync('ip', ['-n', nsName(lab.name, 'sw1'), 'link', 'set', 'dev', 'p2', 'up']);
    const h3 = nsName(lab.name, 'h3');
    const nft = (...a: string[]) => execFileSync('ip', ['netns', 'exec', h3, 'nft', ...a]);
    nft('add', 'table', 'inet', 'lab');
    nft('add', 'chain', 'inet', 'lab', 'in', '{ type filter hook input priority 0; }');
    nft('add', 'rule', 'inet', 'lab', 'in', 'icmp', 'type', 'echo-request', 'counter', 'drop');
    const fw = await trace(lab.name, 'h1', 'h3');
    expect(fw.reached).toBe(true);
    expect(fw.lost).toMatchObject({ path: 'reply', node: 'h3', reason: 'firewall' });
    expect(fw.lost!.detail).toMatch(/drop in chain in \(1 packets\)/);
  });
});
