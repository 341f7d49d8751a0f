/**
 * The kernel layer against the real kernel: execute hand-written plans in namespaces this file
 * creates (unique prefix, removed in afterAll), check the result with `ip -j` directly, ping across,
 * and compare the observer's view. Nothing outside these namespaces is touched.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STAGE, type Op } from '../../../shared/ops/types';
import { canonicalQdisc } from '../../../shared/net/tc-units';
import { describeRoot } from '../../../testing/root';
import { ipJson, netnsList, nsExec, removeNetnsWithPrefix } from '../../../testing/netns';
import { execute, PlanRefused } from './executor';
import { listNetns, observeNamespaces } from './observer';
import { detectFeatures } from './features';
import { runStats } from './run';
import { nsfd } from './nl/native';

const prefix = `nslab-t${randomBytes(3).toString('hex')}-`;
const ns = (node: string) => `${prefix}${node}`;
const [H1, H2, H3, SW] = ['h1', 'h2', 'h3', 'sw'].map(ns) as [string, string, string, string];

const veth = (a: string, an: string, b: string, bn: string, extra: Partial<Extract<Op, { kind: 'veth.add' }>> = {}): Op => ({
  kind: 'veth.add', ns: a, name: an, mtu: 1500, mac: null, peerNs: b, peerName: bn, peerMtu: 1500, peerMac: null, ...extra,
});

/** h1 routes between h2 (10.0.1.0/24, direct veth) and h3 (10.0.2.0/24, through switch sw). */
const plan: Op[] = [
  ...[H1, H2, H3, SW].map((n): Op => ({ kind: 'netns.add', ns: n })),
  ...[H1, H2, H3, SW].map((n): Op => ({ kind: 'ns.init', ns: n, lab: 'test' })),
  { kind: 'bridge.add', ns: SW, name: 'br0', stp: false },
  veth(H1, 'eth0', H2, 'eth0', { mtu: 1400, peerMtu: 1400, mac: '02:00:00:00:01:01' }),
  veth(SW, 'p1', H1, 'eth1'),
  veth(SW, 'p2', H3, 'eth0'),
  { kind: 'link.set', ns: SW, name: 'br0', up: true },
  { kind: 'link.set', ns: SW, name: 'p1', master: 'br0', up: true },
  { kind: 'link.set', ns: SW, name: 'p2', master: 'br0', up: true },
  { kind: 'link.set', ns: H1, name: 'eth0', up: true },
  { kind: 'link.set', ns: H1, name: 'eth1', up: true },
  { kind: 'addr.add', ns: H1, dev: 'eth0', cidr: '10.0.1.1/24' },
  { kind: 'addr.add', ns: H1, dev: 'eth0', cidr: 'fd00:1::1/64' },
  { kind: 'addr.add', ns: H1, dev: 'eth1', cidr: '10.0.2.1/24' },
  { kind: 'link.set', ns: H2, name: 'eth0', up: true },
  { kind: 'addr.add', ns: H2, dev: 'eth0', cidr: '10.0.1.2/24' },
  { kind: 'addr.add', ns: H2, dev: 'eth0', cidr: 'fd00:1::2/64' },
  { kind: 'route.add', ns: H2, route: { family: 4, to: '10.0.2.0/24', via: '10.0.1.1', dev: null, metric: 0 } },
  { kind: 'link.set', ns: H3, name: 'eth0', up: true },
  { kind: 'addr.add', ns: H3, dev: 'eth0', cidr: '10.0.2.2/24' },
  { kind: 'route.add', ns: H3, route: { family: 4, to: 'default', via: '10.0.2.1', dev: null, metric: 0 } },
  { kind: 'qdisc.replace', ns: H1, dev: 'eth0', qdisc: { kind: 'tbf', rate: '10mbit' } },
  { kind: 'sysctl.set', ns: H1, key: 'net.ipv4.ip_forward', value: '1' },
];

describeRoot('kernel layer (executor, observer, features) on the real kernel', () => {
  beforeAll(() => removeNetnsWithPrefix(prefix));
  afterAll(() => {
    removeNetnsWithPrefix(prefix);
    expect(netnsList().filter((n) => n.startsWith(prefix) || n.startsWith(`nslabprobe-${process.pid}-`))).toEqual([]);
  });

  it('applies a routed lab with a bridge, a tbf link and routes, in few processes', async () => {
    const reports: [number, string][] = [];
    const before = runStats.spawned;
    const r = await execute(plan, { allowedNs: new Set([H1, H2, H3, SW]), onOp: (i, s) => reports.push([i, s]) });
    const spawned = runStats.spawned - before;
    expect(r).toEqual({ applied: plan.length });
    // plan order within each stage, stages in order (this hand-written plan is not stage-sorted)
    const expected = plan.map((op, i) => [STAGE[op.kind], i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, i]) => i);
    expect(reports.map(([i]) => i)).toEqual(expected);
    expect(reports.every(([, s]) => s === 'done')).toBe(true);
    // stage 0: 1 host batch; 1: 4 namespaces; 2: 2 veth owners; 3: 4 namespaces;
    // 4: 2 route batches + 1 tc batch; 5: 1 sysctl. The fast executor (nl/): tc alone (and the
    // host batch with an addon older than netnsBatch).
    expect(spawned).toBe(nsfd()?.netnsBatch ? 1 : nsfd() ? 2 : 15);

    const h1 = ipJson(H1, '-d', 'link', 'show');
    const eth0 = h1.find((l: any) => l.ifname === 'eth0');
    expect(eth0).toMatchObject({ mtu: 1400, address: '02:00:00:00:01:01', qdisc: 'tbf', linkinfo: { info_kind: 'veth' } });
    expect(ipJson(H2, 'link', 'show', 'dev', 'eth0')[0]).toMatchObject({ mtu: 1400 });
    const ports = ipJson(SW, 'link', 'show', 'master', 'br0').map((l: any) => l.ifname).sort();
    expect(ports).toEqual(['p1', 'p2']);
    const h1addrs = ipJson(H1, 'addr', 'show', 'dev', 'eth0')[0].addr_info.map((a: any) => `${a.local}/${a.prefixlen}`);
    expect(h1addrs).toEqual(expect.arrayContaining(['10.0.1.1/24', 'fd00:1::1/64']));
    expect(ipJson(H3, 'route', 'show', 'default')[0]).toMatchObject({ gateway: '10.0.2.1', dev: 'eth0' });

    expect(nsExec(H2, ['ping', '-c1', '-W1', '10.0.1.1']).code).toBe(0);
    expect(nsExec(H2, ['ping', '-6', '-c1', '-W1', 'fd00:1::1']).code).toBe(0);
    // through the switch and the router
    expect(nsExec(H3, ['ping', '-c1', '-W2', '10.0.1.2']).code).toBe(0);
  });

  it('observes what was applied, the same way the lab describes it', async () => {
    const before = runStats.spawned;
    const seen = await observeNamespaces([H1, H2, H3, SW, ns('missing')], { sysctlKeys: (n) => (n === H1 ? ['net.ipv4.conf.all.rp_filter'] : []) });
    // one ip batch per namespace (the missing one fails without output) + tc for h1 + sysctl for h1;
    // over netlink only tc
    expect(runStats.spawned - before).toBe(nsfd() ? 1 : 5 + 1 + 1);
    expect(Object.keys(seen).sort()).toEqual([H1, H2, H3, SW].sort());

    const link = (n: string, name: string) => seen[n]!.links.find((l) => l.name === name)!;
    // cross-check against ip -j read independently
    for (const n of [H1, H2, H3, SW]) {
      const raw = ipJson(n, 'link', 'show');
      expect(seen[n]!.links.map((l) => [l.name, l.mtu, l.mac, l.master])).toEqual(raw.map((l: any) => [l.ifname, l.mtu, l.address, l.master ?? null]));
    }
    expect(link(H1, 'eth0')).toMatchObject({
      kind: 'veth', mtu: 1400, mac: '02:00:00:00:01:01', adminUp: true, carrier: true, operState: 'UP',
      addresses: ['10.0.1.1/24', 'fd00:1::1/64'],
      qdisc: canonicalQdisc({ kind: 'tbf', rate: '10mbit' }),
    });
    // No link.set alias in this plan, so no alias (the planner tags cables with link.set: the
    // kernel ignores IFLA_IFALIAS on RTM_NEWLINK).
    expect(link(H1, 'eth0').alias).toBeNull();
    expect(link(SW, 'br0')).toMatchObject({ kind: 'bridge', stp: false, adminUp: true });
    expect(link(SW, 'p1')).toMatchObject({ master: 'br0', adminUp: true, carrier: true, qdisc: null });
    expect(link(H2, 'lo')).toMatchObject({ adminUp: true, addresses: [] });

    expect(seen[H3]!.routes).toContainEqual({ family: 4, to: 'default', via: '10.0.2.1', dev: 'eth0', metric: 0, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(seen[H2]!.routes).toContainEqual({ family: 4, to: '10.0.2.0/24', via: '10.0.1.1', dev: 'eth0', metric: 0, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(seen[H1]!.sysctl).toEqual({ 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '0', 'net.ipv4.conf.all.rp_filter': expect.stringMatching(/^[0-2]$/) });
    expect(seen[H2]!.sysctl['net.ipv4.ip_forward']).toBe('0');
  });

  it('refuses an operation outside the lab and creates nothing', async () => {
    const a = ns('r1'), outsider = ns('r2');
    await expect(execute([
      { kind: 'netns.add', ns: a },
      { kind: 'netns.add', ns: outsider },
    ], { allowedNs: new Set([a]) })).rejects.toThrow(PlanRefused);
    expect(netnsList()).not.toContain(a);
    expect(netnsList()).not.toContain(outsider);
  });

  it('reports a failing line with its plan index; earlier operations ran, later stages did not', async () => {
    const a = ns('f1'), b = ns('f2');
    const ops: Op[] = [
      { kind: 'netns.add', ns: a },            // 0
      { kind: 'netns.add', ns: b },            // 1
      { kind: 'ns.init', ns: a, lab: 'test' }, // 2
      { kind: 'bridge.add', ns: a, name: 'br0', stp: false }, // 3
      { kind: 'ns.init', ns: b, lab: 'test' }, // 4
      { kind: 'bridge.add', ns: a, name: 'br0', stp: false }, // 5: fails, br0 exists
      { kind: 'bridge.add', ns: a, name: 'br1', stp: false }, // 6: never runs
      veth(a, 'eth0', b, 'eth0'),              // 7: later stage, never runs
    ];
    const reports: [number, string, string?][] = [];
    const r = await execute(ops, { allowedNs: new Set([a, b]), onOp: (i, s, e) => reports.push([i, s, e]) });
    expect(r.failed?.index).toBe(5);
    expect(r.failed?.message).toMatch(/exists/i);
    expect(r.applied).toBe(5);
    expect(reports.map(([i, s]) => `${i}:${s}`)).toEqual(['0:done', '1:done', '2:done', '3:done', '4:done', '5:error']);
    const names = ipJson(a, 'link', 'show').map((l: any) => l.ifname);
    expect(names).toContain('br0');
    expect(names).not.toContain('br1');
    expect(names).not.toContain('eth0');
    expect(ipJson(a, 'link', 'show', 'dev', 'lo')[0].flags).toContain('UP');
  });

  it('many namespaces (run in parallel slices): a failing one is reported by its index, the ones before it exist, the ones after it in its slice do not', async () => {
    const names = Array.from({ length: 40 }, (_, i) => ns(`m${i}`));
    execFileSync('ip', ['netns', 'add', names[30]!]); // already there: `netns add` of it fails
    const ops: Op[] = names.map((n) => ({ kind: 'netns.add', ns: n }));
    const reports: [number, string][] = [];
    const r = await execute(ops, { allowedNs: new Set(names), onOp: (i, st) => reports.push([i, st]) });
    expect(r.failed?.index).toBe(30);
    expect(r.failed?.message).toMatch(/exists/i);
    // whatever the number of slices (one per core, consecutive), 0–29 ran and 31–39 did not
    const present = new Set(netnsList());
    expect(names.slice(0, 30).filter((n) => !present.has(n))).toEqual([]);
    expect(names.slice(31).filter((n) => present.has(n))).toEqual([]);
    expect(r.applied).toBe(30);
    expect(reports.filter(([, st]) => st === 'done').map(([i]) => i).sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
    expect(reports.filter(([, st]) => st === 'error')).toEqual([[30, 'error']]);
  });

  // a key the kernel lacks (the open fails) and a value it refuses (the write fails), in procps's
  // words; sysctl.early in a new namespace is written by the thread that made it (firstSteps)
  it.each([
    { what: 'a missing key', ns: 's1', key: 'net.ipv4.no_such_key', value: '1', message: /^sysctl: cannot stat \/proc\/sys\/net\/ipv4\/no_such_key: No such file or directory$/ },
    { what: 'a refused value', ns: 's2', key: 'net.ipv4.tcp_syn_retries', value: 'many', message: /^sysctl: setting key "net\.ipv4\.tcp_syn_retries": Invalid argument$/ },
  ].flatMap((c) => (['sysctl.set', 'sysctl.early'] as const).map((kind) => ({ ...c, kind, ns: `${c.ns}${kind === 'sysctl.early' ? 'e' : 's'}` }))))('$kind: reports $what by its own index; the keys around it were written', async ({ ns: node, key, value, message, kind }) => {
    const a = ns(node);
    const ops: Op[] = [
      { kind: 'netns.add', ns: a },
      { kind, ns: a, key: 'net.ipv4.ip_forward', value: '1' },
      { kind, ns: a, key, value },
      { kind, ns: a, key: 'net.ipv6.conf.all.forwarding', value: '1' },
    ];
    const r = await execute(ops, { allowedNs: new Set([a]) });
    expect(r.failed?.index).toBe(2);
    expect(r.failed?.message).toMatch(message);
    expect(r.applied).toBe(3);
    expect(nsExec(a, ['sysctl', '-n', 'net.ipv4.ip_forward', 'net.ipv6.conf.all.forwarding']).out.trim().split('\n')).toEqual(['1', '1']);
  });

  it.each(['fast', 'iproute2'])('%s: a device that is not there is reported in iproute2\'s words', async (executor) => {
    const a = ns(`n${executor[0]}`);
    if (executor === 'iproute2') process.env.NSLAB_EXECUTOR = 'iproute2';
    try {
      const ops: Op[] = [
        { kind: 'netns.add', ns: a },
        { kind: 'link.set', ns: a, name: 'lo', up: true },
        { kind: 'addr.add', ns: a, dev: 'nope0', cidr: '10.9.1.1/24' },
      ];
      const r = await execute(ops, { allowedNs: new Set([a]) });
      expect(r.failed).toEqual({ index: 2, message: expect.stringMatching(/Cannot find device "nope0"/) });
      expect(r.applied).toBe(2);
    } finally { delete process.env.NSLAB_EXECUTOR; }
  });

  it('reports a route through an interface that is down with the kernel message', async () => {
    const a = ns('d1'), b = ns('d2');
    const ops: Op[] = [
      { kind: 'netns.add', ns: a }, { kind: 'netns.add', ns: b },
      veth(a, 'eth0', b, 'eth0'),
      { kind: 'addr.add', ns: a, dev: 'eth0', cidr: '10.9.0.1/24' },
      // the link is still down: the kernel has no connected route to the gateway yet
      { kind: 'route.add', ns: a, route: { family: 4, to: 'default', via: '10.9.0.2', dev: null, metric: 0 } },
    ];
    const r = await execute(ops, { allowedNs: new Set([a, b]) });
    expect(r.failed).toEqual({ index: 4, message: expect.stringMatching(/Nexthop has invalid gateway/) });
  });

  it('lists namespaces with the inode that identifies them', async () => {
    const list = await listNetns();
    const h1 = list.find((n) => n.name === H1);
    expect(h1?.inode).toBeGreaterThan(0);
    const fromInside = nsExec(H1, ['readlink', '/proc/self/ns/net']).out.trim();
    expect(fromInside).toBe(`net:[${h1!.inode}]`);
  });

  it('detects features by trying them, and leaves no scratch namespace', async () => {
    const f = await detectFeatures({ fresh: true });
    expect(f.privileges.ok).toBe(true);
    expect(f.iproute2.ok).toBe(true);
    expect(f.veth.ok).toBe(true);
    expect(f.bridge.ok).toBe(true);
    // netem and vlan differ between kernels: each is a definite answer with a fix when missing
    for (const k of ['tbf', 'netem', 'vlan', 'nftables'] as const) {
      expect(typeof f[k].ok).toBe('boolean');
      if (!f[k].ok) expect(f[k].fix).toBeTruthy();
    }
    expect(await detectFeatures()).toBe(await detectFeatures());
    expect(netnsList().filter((n) => n.startsWith('nslabprobe-'))).toEqual([]);
  });
});
