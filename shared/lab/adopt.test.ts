import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../testing/simulate';
import { plan } from '../planner/plan';
import type { Op } from '../ops/types';
import type { ObservedLab } from '../state/observed';
import { adopt } from './adopt';
import { checkLab, parseLab } from './parse';
import { resolveLab } from './resolve';
import type { Lab } from './schema';

const load = (file: string): Lab => {
  const r = parseLab(readFileSync(join(__dirname, '../../examples', file), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.lab;
};
const up = (lab: Lab) => simulate({}, plan({ desired: resolveLab(lab), observed: {}, owned: [] }));
const drift = (lab: Lab, kernel: ObservedLab) => plan({ desired: resolveLab(lab), observed: kernel, owned: Object.keys(kernel) });
/** A change typed in a terminal, as an operation on the model kernel. */
const typed = (kernel: ObservedLab, ...ops: Op[]) => simulate(kernel, ops);

describe('adopt: the lab edited to match the kernel', () => {
  const lab = load('routed.yaml');
  const ns = (node: string) => `nslab-routed-${node}`;

  it('changes nothing when there is no drift', () => {
    const r = adopt(lab, up(lab));
    expect(r).toEqual({ lab, adopted: [], skipped: [] });
  });

  it('takes over added and removed addresses, keeping the written spelling', () => {
    const kernel = typed(up(lab),
      { kind: 'addr.add', ns: ns('h1'), dev: 'eth0', cidr: '10.0.1.9/24' },
      { kind: 'addr.del', ns: ns('h2'), dev: 'eth0', cidr: '10.0.2.2/24' },
      // the kernel flushes routes through a gateway whose subnet lost its last address
      { kind: 'route.del', ns: ns('h2'), route: { family: 4, to: 'default', via: '10.0.2.1', dev: null, metric: 0 } });
    expect(drift(lab, kernel).length).toBeGreaterThan(0);
    const r = adopt(lab, kernel);
    expect(r.lab.nodes.h1!.interfaces!.eth0!.addresses).toEqual(['10.0.1.2/24', '10.0.1.9/24']);
    expect(r.lab.nodes.h2!.interfaces!.eth0!.addresses).toEqual([]);
    expect(r.lab.nodes.h2!.routes).toBeUndefined();
    expect(r.adopted).toEqual(['h1:eth0 addresses: 10.0.1.2/24, 10.0.1.9/24', 'h2:eth0 addresses: (none)', 'h2 routes: (none)']);
    expect(checkLab(r.lab).ok).toBe(true);
  });

  it('takes over routes added and deleted by hand, leaving implied fields out', () => {
    const kernel = typed(up(lab),
      { kind: 'route.add', ns: ns('h1'), route: { family: 4, to: '192.0.2.0/24', via: '10.0.1.1', dev: null, metric: 0 } },
      { kind: 'route.add', ns: ns('h1'), route: { family: 4, to: '198.51.100.0/24', via: null, dev: 'eth0', metric: 50 } },
      { kind: 'route.del', ns: ns('h3'), route: { family: 4, to: 'default', via: '10.0.2.1', dev: null, metric: 0 } });
    const r = adopt(lab, kernel);
    expect(r.lab.nodes.h1!.routes).toEqual([
      { to: 'default', via: '10.0.1.1' },
      { to: '192.0.2.0/24', via: '10.0.1.1' },
      { to: '198.51.100.0/24', dev: 'eth0', metric: 50 },
    ]);
    expect(r.lab.nodes.h3!.routes).toBeUndefined();
    expect(drift(r.lab, kernel)).toEqual([]);
  });

  it('takes over a cable taken down at both ends, and MTU changes', () => {
    const kernel = typed(up(lab),
      { kind: 'link.set', ns: ns('h1'), name: 'eth0', up: false },
      { kind: 'link.set', ns: ns('r1'), name: 'eth0', up: false },
      // IPv4 routes through a device that goes down are flushed by the kernel
      { kind: 'route.del', ns: ns('h1'), route: { family: 4, to: 'default', via: '10.0.1.1', dev: null, metric: 0 } },
      { kind: 'link.set', ns: ns('h2'), name: 'eth0', mtu: 1400 },
      { kind: 'link.set', ns: ns('sw1'), name: 'p2', mtu: 1400 },
      { kind: 'link.set', ns: ns('h3'), name: 'eth0', mtu: 9000 });
    const r = adopt(lab, kernel);
    expect(r.lab.links).toEqual([
      { endpoints: ['h1:eth0', 'r1:eth0'], up: false },
      ['r1:eth1', 'sw1:p1'],
      { endpoints: ['sw1:p2', 'h2:eth0'], mtu: 1400 },
      ['sw1:p3', 'h3:eth0'],
    ]);
    // only one end of sw1:p3–h3:eth0 changed: per-interface MTUs
    expect(r.lab.nodes.h3!.interfaces!.eth0!.mtu).toBe(9000);
    expect(r.lab.nodes.sw1!.interfaces!.p3!.mtu).toBe(1500);
    expect(checkLab(r.lab).ok).toBe(true);
    expect(drift(r.lab, kernel).filter((op) => op.kind === 'link.set')).toEqual([]);
  });

  it('reports what the lab format cannot say: one end of a cable down', () => {
    const kernel = typed(up(lab), { kind: 'link.set', ns: ns('h1'), name: 'eth0', up: false });
    const r = adopt(lab, kernel);
    expect(r.lab.links).toEqual(lab.links);
    expect(r.skipped).toEqual(['link h1:eth0--r1:eth0: only h1:eth0 is down; a lab sets up/down for both ends of a cable']);
  });

  it('adopting everything leaves no drift in the adopted items (after a combined edit)', () => {
    const kernel = typed(up(lab),
      { kind: 'addr.add', ns: ns('r1'), dev: 'eth1', cidr: 'fd00:2::1/64' },
      { kind: 'route.add', ns: ns('h2'), route: { family: 6, to: 'fd00::/16', via: 'fd00:2::1', dev: 'eth0', metric: 1024 } },
      { kind: 'link.set', ns: ns('r1'), name: 'eth1', mtu: 1280 },
      { kind: 'link.set', ns: ns('sw1'), name: 'p1', mtu: 1280 });
    // h2 needs an IPv6 address for its gateway to be valid; the kernel has it too
    const withAddr = typed(kernel, { kind: 'addr.add', ns: ns('h2'), dev: 'eth0', cidr: 'fd00:2::2/64' });
    const r = adopt(lab, withAddr);
    expect(checkLab(r.lab).ok).toBe(true);
    expect(drift(r.lab, withAddr)).toEqual([]);
    expect(r.lab.nodes.h1).toEqual(lab.nodes.h1);
  });
});
