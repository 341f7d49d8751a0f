import type { Lab } from '../../shared/lab/schema';

/** Shown on a first run when the server offers no examples: two hosts, a router and a LAN. */
export const SAMPLE_LAB: Lab = {
  name: 'routed',
  description: 'Two subnets joined by one router',
  nodes: {
    h1: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.1.2/24'] } }, routes: [{ to: 'default', via: '10.0.1.1' }], position: { x: 60, y: 150 } },
    r1: { kind: 'router', interfaces: { eth0: { addresses: ['10.0.1.1/24'] }, eth1: { addresses: ['10.0.2.1/24'] } }, position: { x: 345, y: 150 } },
    sw1: { kind: 'switch', position: { x: 630, y: 150 } },
    h2: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.2/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }], position: { x: 915, y: 45 } },
    h3: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.3/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }], position: { x: 915, y: 255 } },
  },
  links: [['h1:eth0', 'r1:eth0'], ['r1:eth1', 'sw1:p1'], ['sw1:p2', 'h2:eth0'], ['sw1:p3', 'h3:eth0']],
};
