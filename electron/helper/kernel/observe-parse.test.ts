import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForwarding, parseLinks, parseRoutes, parseTcQdiscs, splitJsonValues } from './observe-parse';
import { canonicalQdisc } from '../../../shared/net/tc-units';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const batch = splitJsonValues(fixture('observe-batch.ndjson'));
const [links, addrs, routes, netconf] = batch;

describe('splitJsonValues', () => {
  it('finds one JSON array per batch line', () => {
    expect(batch).toHaveLength(4);
    expect(batch.every(Array.isArray)).toBe(true);
  });
  it('does not need newlines and ignores brackets inside strings', () => {
    expect(splitJsonValues('[{"a":"]["}][1]\n[]')).toEqual([[{ a: '][' }], [1], []]);
    expect(splitJsonValues('[{"a":"\\"]"}]')).toEqual([[{ a: '"]' }]]);
  });
});

describe('parseLinks (recorded ip -d -j output)', () => {
  const parsed = parseLinks(links, addrs);
  const byName = Object.fromEntries(parsed.map((l) => [l.name, l]));

  it('reads every link', () => {
    expect(parsed.map((l) => l.name)).toEqual(['lo', 'br0', 'eth0', 'p2', 'p1']);
  });

  it('reads a veth with alias, addresses, mac, mtu, state', () => {
    expect(byName.eth0).toEqual({
      name: 'eth0', ifindex: 3, kind: 'veth', mtu: 1400, mac: '02:00:00:00:00:01',
      adminUp: true, operState: 'UP', carrier: true, master: null,
      alias: 'nslab:a:eth0--b:eth0',
      // global only: fe80:: and the loopback's addresses are left out
      addresses: ['10.0.1.1/24', 'fd00:1::1/64'],
      qdisc: null,
      // its peer, in the namespace with nsid 0: `link_index`
      peerIfindex: 2,
    });
  });

  it('reads a veth peer in the same namespace by name (`link`, as ip -d -j prints it)', () => {
    const same = parseLinks([
      { ifindex: 2, ifname: 'b0', link: 'a0', flags: [], mtu: 1500, linkinfo: { info_kind: 'veth' } },
      { ifindex: 3, ifname: 'a0', link: 'b0', flags: [], mtu: 1500, linkinfo: { info_kind: 'veth' } },
    ], []);
    expect(same.map((l) => [l.name, l.peerIfindex])).toEqual([['b0', 3], ['a0', 2]]);
  });

  it('reads bridges, ports and loopback', () => {
    expect(byName.br0).toMatchObject({ kind: 'bridge', stp: true, adminUp: true, carrier: false, operState: 'DOWN' });
    expect(byName.p1).toMatchObject({ kind: 'veth', master: 'br0', adminUp: true, carrier: false, operState: 'LOWERLAYERDOWN' });
    expect(byName.p2).toMatchObject({ adminUp: false, alias: null });
    expect(byName.lo).toMatchObject({ kind: null, addresses: [], adminUp: true });
    expect(byName.eth0!.stp).toBeUndefined();
  });
});

describe('parseTcQdiscs', () => {
  it('reads tbf rate from bytes per second as the lab writes it (recorded)', () => {
    const q = parseTcQdiscs(splitJsonValues(fixture('tc-qdisc-tbf.json'))[0]);
    expect([...q.keys()]).toEqual(['eth0']);
    expect(q.get('eth0')).toEqual({ kind: 'tbf', rate: '10mbit' });
    expect(q.get('eth0')).toEqual(canonicalQdisc({ kind: 'tbf', rate: '10Mbit' }));
  });

  it('reads netem delay, jitter, loss and rate (synthetic: no netem on the recording kernel)', () => {
    const q = parseTcQdiscs(JSON.parse(fixture('tc-qdisc-netem.synthetic.json')));
    expect(q.get('eth0')).toEqual(canonicalQdisc({ kind: 'netem', delay: '20ms', jitter: '5ms', loss: '1%', rate: '10mbit' }));
    expect(q.get('eth1')).toEqual({ kind: 'netem', delay: '1500us', jitter: null, loss: null, rate: null });
    expect(q.get('eth1')).toEqual(canonicalQdisc({ kind: 'netem', delay: '1.5ms', jitter: null, loss: null, rate: null }));
    expect(q.has('lo')).toBe(false);
  });
});

describe('parseRoutes (recorded)', () => {
  const parsed = parseRoutes(routes);
  const main = parsed.filter((r) => r.table === 'main');

  it('normalises default, host routes, metric, protocol and family', () => {
    expect(main).toContainEqual({ family: 4, to: 'default', via: '10.0.1.2', dev: 'eth0', metric: 0, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(main).toContainEqual({ family: 4, to: '10.9.9.9/32', via: null, dev: 'eth0', metric: 5, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(main).toContainEqual({ family: 4, to: '10.0.1.0/24', via: null, dev: 'eth0', metric: 0, protocol: 'kernel', table: 'main', type: 'unicast' });
    expect(main).toContainEqual({ family: 6, to: 'fd00::/16', via: 'fd00:1::2', dev: 'eth0', metric: 1024, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(main).toContainEqual({ family: 6, to: '2001:db8::5/128', via: 'fd00:1::2', dev: 'eth0', metric: 1024, protocol: 'boot', table: 'main', type: 'unicast' });
    // IPv6 default route without a gateway: the family comes from `pref`
    expect(main).toContainEqual({ family: 6, to: 'default', via: null, dev: 'eth0', metric: 1024, protocol: 'boot', table: 'main', type: 'unicast' });
    expect(main).toContainEqual({ family: 4, to: '203.0.113.0/24', via: null, dev: null, metric: 0, protocol: 'boot', table: 'main', type: 'unreachable' });
  });

  it('keeps the local table, typed', () => {
    expect(parsed).toContainEqual({ family: 4, to: '127.0.0.1/32', via: null, dev: 'lo', metric: 0, protocol: 'kernel', table: 'local', type: 'local' });
    expect(parsed).toContainEqual({ family: 6, to: 'ff00::/8', via: null, dev: 'eth0', metric: 256, protocol: 'kernel', table: 'local', type: 'multicast' });
  });

  it('fills what iproute2 leaves out without -d', () => {
    expect(parseRoutes([{ dst: '192.0.2.7', gateway: '10.0.0.1', dev: 'eth0', flags: [] }])).toEqual([
      { family: 4, to: '192.0.2.7/32', via: '10.0.0.1', dev: 'eth0', metric: 0, protocol: 'boot', table: 'main', type: 'unicast' },
    ]);
    expect(parseRoutes([{ dst: 'FD00:0::/16', gateway: 'FD00:1:0::2', flags: [] }])[0]).toMatchObject({ family: 6, to: 'fd00::/16', via: 'fd00:1::2' });
  });
});

describe('parseForwarding (recorded)', () => {
  it('reads the `all` entries of both families', () => {
    expect(parseForwarding(netconf)).toEqual({ 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '0' });
  });
});
