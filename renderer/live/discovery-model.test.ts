import { describe, expect, it } from 'vitest';
import type { DiscoveredIface, DiscoveredNs, DiscoveryGraph } from '../../shared/state/discovery';
import { discoveryModel, labGroupId } from './discovery-model';

const iface = (name: string, over: Partial<DiscoveredIface> = {}): DiscoveredIface => ({
  name, ifindex: 2, kind: 'veth', mtu: 1500, mac: '', adminUp: true, operState: 'UP', carrier: true, master: null, alias: null, addresses: [], peerIfindex: null, peerNsid: null, ...over,
});
const ns = (id: string, over: Partial<DiscoveredNs> = {}): DiscoveredNs => ({
  id, inode: 1, name: id, host: false, pids: [], command: null, lab: null, node: null, interfaces: [iface('lo', { kind: null })], ...over,
});

describe('discoveryModel', () => {
  it('lists bridges with their ports under them, leaves loopback out, and draws cables between namespaces', () => {
    const g: DiscoveryGraph = {
      namespaces: [
        ns('host', { host: true, name: null }),
        ns('sw', { lab: 'demo', node: 'sw1', interfaces: [iface('lo', { kind: null }), iface('p1', { master: 'br0' }), iface('br0', { kind: 'bridge' }), iface('x')] }),
        ns('h1', { lab: 'demo', node: 'h1', interfaces: [iface('eth0', { addresses: ['10.0.0.1/24'] })] }),
      ],
      links: [{ kind: 'veth', a: { ns: 'h1', iface: 'eth0' }, b: { ns: 'sw', iface: 'p1' } }, { kind: 'bridge-port', bridge: { ns: 'sw', iface: 'br0' }, port: { ns: 'sw', iface: 'p1' } }],
      unresolved: [],
    };
    const m = discoveryModel(g);
    expect(m.labs).toEqual(['demo']);
    const sw = m.boxes.find((b) => b.id === 'sw')!;
    expect(sw.title).toBe('sw1');
    expect(sw.rows.map((r) => [r.name, r.depth])).toEqual([['br0', 0], ['p1', 1], ['x', 0]]);
    expect(m.boxes.find((b) => b.id === 'host')!.title).toBe('this machine');
    expect(m.cables).toEqual([{ id: 'c0', a: 'h1', b: 'sw', label: 'eth0 — p1' }]);
  });

  it('draws a lab too big to read as one box, its outside cables merged', () => {
    const many = Array.from({ length: 5 }, (_, i) => ns(`n${i}`, { lab: 'big', node: `n${i}` }));
    const g: DiscoveryGraph = {
      namespaces: [ns('host', { host: true, name: null }), ...many],
      links: [
        { kind: 'veth', a: { ns: 'n0', iface: 'eth0' }, b: { ns: 'n1', iface: 'eth0' } },
        { kind: 'veth', a: { ns: 'n2', iface: 'eth1' }, b: { ns: 'host', iface: 'v1' } },
        { kind: 'veth', a: { ns: 'n3', iface: 'eth1' }, b: { ns: 'host', iface: 'v2' } },
      ],
      unresolved: [],
    };
    const m = discoveryModel(g, 4);
    expect(m.labs).toEqual([]);
    expect(m.boxes.map((b) => b.id)).toEqual([labGroupId('big'), 'host']);
    expect(m.boxes[0]).toMatchObject({ collapsedLab: 'big', subtitle: '5 namespaces · 1 cable between them' });
    expect(m.cables).toEqual([{ id: 'c1', a: labGroupId('big'), b: 'host', label: '2 cables' }]);
  });
});
