import { describe, expect, it } from 'vitest';
import { autoAddress, segments } from './auto-address';
import { checkLab } from './parse';
import type { Lab, LabNode } from './schema';

const lab = (nodes: Record<string, LabNode['kind']>, links: [string, string][]): Lab => ({
  name: 't',
  nodes: Object.fromEntries(Object.entries(nodes).map(([n, kind]) => [n, { kind }])),
  links,
});
const valid = (l: Lab) => {
  const r = checkLab(l);
  expect(r.ok ? [] : r.issues).toEqual([]);
  return l;
};

describe('autoAddress', () => {
  it('h1–r1–h2: two subnets, default routes, no static routes on r1', () => {
    const out = valid(autoAddress(lab({ h1: 'host', r1: 'router', h2: 'host' }, [['h1:eth0', 'r1:eth0'], ['r1:eth1', 'h2:eth0']])));
    expect(out.nodes).toEqual({
      h1: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.1.2/24'] } }, routes: [{ to: 'default', via: '10.0.1.1' }] },
      r1: { kind: 'router', interfaces: { eth0: { addresses: ['10.0.1.1/24'] }, eth1: { addresses: ['10.0.2.1/24'] } } },
      h2: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.2/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }] },
    });
  });

  it('a chain h1-r1-r2-r3-h2 gets static routes on every router', () => {
    const out = valid(autoAddress(lab({ h1: 'host', r1: 'router', r2: 'router', r3: 'router', h2: 'host' },
      [['h1:eth0', 'r1:eth0'], ['r1:eth1', 'r2:eth0'], ['r2:eth1', 'r3:eth0'], ['r3:eth1', 'h2:eth0']])));
    // segments in key order: h1-r1 (1), h2-r3 (2), r1-r2 (3), r2-r3 (4)
    expect(out.nodes.r1!.routes).toEqual([{ to: '10.0.2.0/24', via: '10.0.3.2' }, { to: '10.0.4.0/24', via: '10.0.3.2' }]);
    expect(out.nodes.r2!.routes).toEqual([{ to: '10.0.1.0/24', via: '10.0.3.1' }, { to: '10.0.2.0/24', via: '10.0.4.2' }]);
    expect(out.nodes.r3!.routes).toEqual([{ to: '10.0.1.0/24', via: '10.0.4.1' }, { to: '10.0.3.0/24', via: '10.0.4.1' }]);
    expect(out.nodes.h1!.routes).toEqual([{ to: 'default', via: '10.0.1.1' }]);
    expect(out.nodes.h2!.routes).toEqual([{ to: 'default', via: '10.0.2.1' }]);
  });

  it('a switch LAN of 4 hosts gets one subnet and no routes', () => {
    const out = valid(autoAddress(lab({ sw1: 'switch', h1: 'host', h2: 'host', h3: 'host', h4: 'host' },
      [['sw1:p1', 'h1:eth0'], ['sw1:p2', 'h2:eth0'], ['sw1:p3', 'h3:eth0'], ['sw1:p4', 'h4:eth0']])));
    expect(['h1', 'h2', 'h3', 'h4'].map((h) => out.nodes[h]!.interfaces!.eth0!.addresses)).toEqual([['10.0.1.1/24'], ['10.0.1.2/24'], ['10.0.1.3/24'], ['10.0.1.4/24']]);
    expect(Object.values(out.nodes).some((n) => n.routes)).toBe(false);
  });

  it('switches joined by a cable form one LAN; its router is the gateway', () => {
    const l = lab({ sw1: 'switch', sw2: 'switch', h1: 'host', h2: 'host', r1: 'router', h3: 'host' },
      [['sw1:p1', 'h1:eth0'], ['sw1:p2', 'sw2:p1'], ['sw2:p2', 'h2:eth0'], ['sw2:p3', 'r1:eth0'], ['r1:eth1', 'h3:eth0']]);
    expect(segments(l).map((s) => s.key)).toEqual(['h3:eth0--r1:eth1', 'sw1']);
    const out = valid(autoAddress(l));
    expect(out.nodes.r1!.interfaces!.eth0!.addresses).toEqual(['10.0.2.1/24']);
    expect(out.nodes.h1!.routes).toEqual([{ to: 'default', via: '10.0.2.1' }]);
    expect(out.nodes.h3!.routes).toEqual([{ to: 'default', via: '10.0.1.1' }]);
    expect(out.nodes.sw1!.routes).toBeUndefined();
  });

  it('replaces IPv4 but keeps IPv6, is deterministic and idempotent', () => {
    const l = lab({ h1: 'host', h2: 'host' }, [['h1:eth0', 'h2:eth0']]);
    l.nodes.h1!.interfaces = { eth0: { addresses: ['192.168.9.9/24', 'fd00::1/64'], mtu: 1400 } };
    const once = valid(autoAddress(l));
    expect(once.nodes.h1!.interfaces!.eth0).toEqual({ addresses: ['10.0.1.1/24', 'fd00::1/64'], mtu: 1400 });
    expect(autoAddress(once)).toEqual(once);
  });

  it('routes around a triangle of routers along shortest paths', () => {
    const out = valid(autoAddress(lab({ r1: 'router', r2: 'router', r3: 'router', h1: 'host' },
      [['r1:eth0', 'r2:eth0'], ['r2:eth1', 'r3:eth0'], ['r3:eth1', 'r1:eth1'], ['r3:eth2', 'h1:eth0']])));
    // r1 reaches h1's subnet directly through r3, not through r2
    const toH1 = out.nodes.r1!.routes!.find((r) => r.to === '10.0.1.0/24');
    expect(toH1?.via).toBe(out.nodes.r3!.interfaces!.eth1!.addresses![0]!.split('/')[0]);
  });
});
