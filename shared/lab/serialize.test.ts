import { describe, expect, it } from 'vitest';
import { parseLab } from './parse';
import type { Lab } from './schema';
import { serializeLab } from './serialize';

const lab: Lab = {
  name: 'routed',
  description: 'Two subnets',
  nodes: {
    h1: {
      position: { x: 80.4, y: 120 },
      routes: [{ via: '10.0.1.1', to: 'default' }],
      interfaces: { eth0: { mtu: 1500, addresses: ['10.0.1.2/24'] } },
      kind: 'host',
    },
    r1: { kind: 'router', interfaces: { eth0: { addresses: ['10.0.1.1/24'] } } },
    sw1: { kind: 'switch', stp: false },
  },
  links: [{ endpoints: ['h1:eth0', 'r1:eth0'] }, { endpoints: ['r1:eth1', 'sw1:p1'], mtu: 9000, up: false }, ['sw1:p2', 'r1:eth2']],
};

describe('serializeLab', () => {
  it('writes the documented key order and flow style', () => {
    expect(serializeLab(lab)).toBe(`name: routed
description: Two subnets
nodes:
  h1:
    kind: host
    interfaces:
      eth0:
        addresses: [10.0.1.2/24]
        mtu: 1500
    routes:
      - {to: default, via: 10.0.1.1}
    position: {x: 80, y: 120}
  r1:
    kind: router
    interfaces:
      eth0:
        addresses: [10.0.1.1/24]
  sw1:
    kind: switch
    stp: false
links:
  - [h1:eth0, r1:eth0]
  - endpoints: [r1:eth1, sw1:p1]
    mtu: 9000
    up: false
  - [sw1:p2, r1:eth2]
`);
  });

  it('round-trips through parseLab', () => {
    const text = serializeLab(lab);
    const back = parseLab(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(serializeLab(back.lab)).toBe(text);
  });
});
