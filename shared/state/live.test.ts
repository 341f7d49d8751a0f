import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withRates } from './counters';
import { applyLiveDiff, diffLiveNs, observedOf, type LiveNs, type LiveState } from './live';
import type { ObservedLink, ObservedRoute } from './observed';

const link = (name: string, extra: Partial<ObservedLink> = {}): ObservedLink => ({
  name, ifindex: name === 'lo' ? 1 : 2, kind: name === 'lo' ? null : 'veth', mtu: 1500, mac: '02:00:00:00:00:01',
  adminUp: true, operState: 'UP', carrier: true, master: null, alias: null, addresses: [], qdisc: null, ...extra,
});
const route = (to: string, extra: Partial<ObservedRoute> = {}): ObservedRoute => ({
  family: 4, to, via: null, dev: 'eth0', metric: 0, protocol: 'kernel', table: 'main', type: 'unicast', ...extra,
});
const nsState = (extra: Partial<LiveNs> = {}): LiveNs => ({
  ns: 'nslab-l-h1', node: 'h1', links: [link('lo'), link('eth0', { addresses: ['10.0.0.1/24'] })],
  routes: [route('10.0.0.0/24')], sysctl: { 'net.ipv4.ip_forward': '0' }, neighbours: [], ...extra,
});
const state = (ns: LiveNs | null): LiveState => ({ lab: 'l', namespaces: ns ? { [ns.ns]: ns } : {} });
const replay = (before: LiveNs | null, after: LiveNs | null) => diffLiveNs(before, after).reduce(applyLiveDiff, state(before));

describe('diffLiveNs + applyLiveDiff', () => {
  it('a link going down is one link change', () => {
    const before = nsState();
    const after = nsState({ links: [link('lo'), link('eth0', { adminUp: false, operState: 'DOWN', carrier: false, addresses: ['10.0.0.1/24'] })] });
    const d = diffLiveNs(before, after);
    expect(d).toEqual([{ kind: 'link', op: 'change', ns: 'nslab-l-h1', node: 'h1', value: expect.objectContaining({ name: 'eth0', adminUp: false }) }]);
    expect(d[0]!.kind === 'link' && 'value' in d[0]! && 'addresses' in d[0]!.value).toBe(false);
    expect(replay(before, after)).toEqual(state(after));
  });

  it('addresses, routes, neighbours and sysctls each get their own diffs', () => {
    const before = nsState();
    const after = nsState({
      links: [link('lo'), link('eth0', { addresses: ['10.0.0.9/24'] })],
      routes: [route('10.0.0.0/24'), route('default', { via: '10.0.0.254', protocol: 'boot' })],
      neighbours: [{ dst: '10.0.0.2', dev: 'eth0', lladdr: '02:00:00:00:00:02', state: ['REACHABLE'], router: false }],
      sysctl: { 'net.ipv4.ip_forward': '1' },
    });
    const d = diffLiveNs(before, after);
    expect(d.map((x) => `${x.kind} ${x.op}`)).toEqual(['addr add', 'addr del', 'route add', 'neigh add', 'sysctl change']);
    expect(replay(before, after)).toEqual(state(after));
  });

  it('a neighbour changing state is a change; one that leaves is a del', () => {
    const n = { dst: '10.0.0.2', dev: 'eth0', lladdr: '02:00:00:00:00:02', state: ['REACHABLE'], router: false };
    const a = nsState({ neighbours: [n] });
    const b = nsState({ neighbours: [{ ...n, state: ['STALE'] }] });
    expect(diffLiveNs(a, b).map((x) => x.op)).toEqual(['change']);
    expect(diffLiveNs(b, nsState())).toEqual([{ kind: 'neigh', op: 'del', ns: 'nslab-l-h1', node: 'h1', dev: 'eth0', dst: '10.0.0.2' }]);
  });

  it('namespaces appear and disappear whole', () => {
    expect(replay(null, nsState())).toEqual(state(nsState()));
    expect(replay(nsState(), null)).toEqual(state(null));
    expect(diffLiveNs(null, null)).toEqual([]);
  });

  it('a link removed takes its addresses; the link diff comes last', () => {
    const before = nsState();
    const after = nsState({ links: [link('lo')], routes: [] });
    expect(diffLiveNs(before, after).map((x) => `${x.kind} ${x.op}`)).toEqual(['addr del', 'route del', 'link del']);
    expect(replay(before, after)).toEqual(state(after));
  });

  it('is idempotent and leaves untouched namespaces as they were', () => {
    const other: LiveNs = { ...nsState(), ns: 'nslab-l-h2', node: 'h2' };
    const s: LiveState = { lab: 'l', namespaces: { 'nslab-l-h1': nsState(), 'nslab-l-h2': other } };
    const d = diffLiveNs(nsState(), nsState({ sysctl: {} }));
    const once = d.reduce(applyLiveDiff, s);
    expect(d.reduce(applyLiveDiff, once)).toEqual(once);
    expect(once.namespaces['nslab-l-h2']).toBe(other);
    expect(s.namespaces['nslab-l-h1']!.sysctl).toEqual({ 'net.ipv4.ip_forward': '0' });
  });

  it('ignores a diff for a namespace it never saw', () => {
    const s = state(null);
    expect(applyLiveDiff(s, { kind: 'addr', op: 'add', ns: 'x', node: 'x', dev: 'eth0', cidr: '10.0.0.1/24' })).toBe(s);
  });

  it('property: applying diffLiveNs(a, b) to a gives b', () => {
    const addr = fc.constantFrom('10.0.0.1/24', '10.0.0.2/24', 'fd00::1/64');
    const linkArb = fc.record({
      name: fc.constantFrom('eth0', 'eth1', 'br0'), mtu: fc.constantFrom(1400, 1500), adminUp: fc.boolean(),
      addresses: fc.uniqueArray(addr, { maxLength: 3 }).map((a) => [...a].sort()),
    }).map((x) => link(x.name, x));
    const nsArb = fc.record({
      links: fc.uniqueArray(linkArb, { selector: (l) => l.name, maxLength: 3 }),
      routes: fc.uniqueArray(fc.constantFrom('10.0.0.0/24', 'default', '192.0.2.0/24').map((to) => route(to)), { selector: (r) => r.to }),
      neighbours: fc.uniqueArray(fc.record({ dst: fc.constantFrom('10.0.0.2', '10.0.0.3'), dev: fc.constant('eth0'), lladdr: fc.constant<string | null>(null), state: fc.constantFrom('STALE', 'REACHABLE').map((s) => [s]), router: fc.boolean() }), { selector: (n) => n.dst }),
      sysctl: fc.dictionary(fc.constantFrom('a', 'b'), fc.constantFrom('0', '1')),
    }).map((x) => nsState(x));
    fc.assert(fc.property(fc.option(nsArb), fc.option(nsArb), (a, b) => {
      const got = replay(a, b).namespaces['nslab-l-h1'] ?? null;
      const norm = (n: LiveNs | null) => n && { ...n, links: [...n.links].sort((x, y) => x.name.localeCompare(y.name)), routes: [...n.routes].sort((x, y) => x.to.localeCompare(y.to)), neighbours: [...n.neighbours].sort((x, y) => x.dst.localeCompare(y.dst)) };
      expect(norm(got)).toEqual(norm(b));
    }));
  });

  it('observedOf drops neighbours and the node name', () => {
    expect(observedOf(state(nsState()))).toEqual({ 'nslab-l-h1': { ns: 'nslab-l-h1', links: nsState().links, routes: nsState().routes, sysctl: nsState().sysctl } });
  });
});

describe('withRates', () => {
  const c = { rxBytes: 1000, rxPackets: 10, rxErrors: 0, rxDrops: 0, txBytes: 500, txPackets: 5, txErrors: 0, txDrops: 0 };
  it('is per second over the interval', () => {
    expect(withRates(c, { ...c, rxBytes: 3000, rxPackets: 30 }, 500)).toMatchObject({ rxBps: 4000, rxPps: 40, txBps: 0, txPps: 0 });
  });
  it('gives no rate on the first sample or when a counter went backwards', () => {
    expect(withRates(null, c, 1000)).toMatchObject({ rxBps: null, txBps: null });
    expect(withRates(c, { ...c, rxBytes: 10 }, 1000).rxBps).toBeNull();
  });
});
