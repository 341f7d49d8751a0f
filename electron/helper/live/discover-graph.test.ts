import { describe, expect, it } from 'vitest';
import type { DiscoveredIface, DiscoveredNs } from '../../../shared/state/discovery';
import { buildLinks } from './discover-graph';

const iface = (name: string, ifindex: number, extra: Partial<DiscoveredIface> = {}): DiscoveredIface => ({
  name, ifindex, kind: 'veth', mtu: 1500, mac: '', adminUp: true, operState: 'UP', carrier: true, master: null, alias: null,
  addresses: [], peerIfindex: null, peerNsid: null, ...extra,
});
const ns = (id: string, name: string | null, interfaces: DiscoveredIface[]): DiscoveredNs => ({
  id, inode: 0, name, host: false, pids: [], command: null, lab: null, node: null, interfaces,
});

describe('buildLinks', () => {
  it('pairs veth ends by mutual ifindex, and bridge ports by master', () => {
    const a = ns('A', 'a', [iface('eth0', 2, { peerIfindex: 5, peerNsid: 0 })]);
    const b = ns('B', 'b', [iface('br0', 3, { kind: 'bridge' }), iface('p1', 5, { peerIfindex: 2, peerNsid: 0, master: 'br0' })]);
    expect(buildLinks([a, b], new Map())).toEqual({
      links: [
        { kind: 'veth', a: { ns: 'A', iface: 'eth0' }, b: { ns: 'B', iface: 'p1' } },
        { kind: 'bridge-port', bridge: { ns: 'B', iface: 'br0' }, port: { ns: 'B', iface: 'p1' } },
      ],
      unresolved: [],
    });
  });

  it('uses the nsid tables when ifindexes repeat across namespaces', () => {
    // two identical two-namespace labs: every index pair matches twice
    const spaces = ['x', 'y'].flatMap((lab) => [
      ns(`${lab}1`, `${lab}1`, [iface('eth0', 2, { peerIfindex: 2, peerNsid: 0 })]),
      ns(`${lab}2`, `${lab}2`, [iface('eth0', 2, { peerIfindex: 2, peerNsid: 0 })]),
    ]);
    expect(buildLinks(spaces, new Map()).links).toEqual([]);
    expect(buildLinks(spaces, new Map()).unresolved).toHaveLength(4);
    const tables = new Map([['x1', new Map([[0, 'x2']])], ['x2', new Map([[0, 'x1']])], ['y1', new Map([[0, 'y2']])], ['y2', new Map([[0, 'y1']])]]);
    const r = buildLinks(spaces, tables);
    expect(r.links.map((l) => l.kind === 'veth' && `${l.a.ns}-${l.b.ns}`)).toEqual(['x1-x2', 'y1-y2']);
    expect(r.unresolved).toEqual([]);
  });

  it('keeps a same-namespace pair inside its namespace', () => {
    const a = ns('A', 'a', [iface('p0', 3, { peerIfindex: 2 }), iface('p1', 2, { peerIfindex: 3 })]);
    const b = ns('B', 'b', [iface('q0', 3, { peerIfindex: 2, peerNsid: 0 })]);
    expect(buildLinks([a, b], new Map()).links).toEqual([{ kind: 'veth', a: { ns: 'A', iface: 'p0' }, b: { ns: 'A', iface: 'p1' } }]);
  });
});
