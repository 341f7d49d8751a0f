import { beforeEach, describe, expect, it } from 'vitest';
import type { IfaceSample } from '../../shared/state/counters';
import type { LiveNs } from '../../shared/state/live';
import type { ObservedLink } from '../../shared/state/observed';
import { createAppStore } from './index';
import { RATE_RING, ifaceKey } from './live-slice';

let store: ReturnType<typeof createAppStore>;
const s = () => store.getState();

const link = (name: string, over: Partial<ObservedLink> = {}): ObservedLink => ({
  name, ifindex: 2, kind: 'veth', mtu: 1500, mac: '02:00:00:00:00:01', adminUp: true, operState: 'UP', carrier: true,
  master: null, alias: null, addresses: [], qdisc: null, ...over,
});
const ns = (node: string, links: ObservedLink[]): LiveNs => ({ ns: `nslab-demo-${node}`, node, links, routes: [], sysctl: {}, neighbours: [] });
const snapshot = (seq = 1) => ({ type: 'snapshot' as const, lab: 'demo', seq, state: { lab: 'demo', namespaces: { 'nslab-demo-h1': ns('h1', [link('eth0')]) } } });
const down = (seq: number) => ({
  type: 'diff' as const, lab: 'demo', seq, kernelAt: null,
  diffs: [{ kind: 'link' as const, op: 'change' as const, ns: 'nslab-demo-h1', node: 'h1', value: (({ addresses: _a, ...l }) => l)(link('eth0', { adminUp: false, operState: 'DOWN' })) }],
});
const sample = (at: number, rxBps: number): IfaceSample => ({
  rxBytes: at, rxPackets: 0, rxErrors: 0, rxDrops: 0, txBytes: 0, txPackets: 0, txErrors: 0, txDrops: 0, rxBps, txBps: 0, rxPps: 0, txPps: 0,
});

beforeEach(() => {
  store = createAppStore();
  s().liveBegin('demo');
});

describe('live slice', () => {
  it('takes a snapshot, then folds diffs in order', () => {
    expect(s().onLive(snapshot())).toBe('ok');
    expect(s().live.state?.namespaces['nslab-demo-h1']?.links[0]?.adminUp).toBe(true);
    expect(s().onLive(down(2))).toBe('ok');
    expect(s().live.seq).toBe(2);
    expect(s().live.state?.namespaces['nslab-demo-h1']?.links[0]).toMatchObject({ adminUp: false, operState: 'DOWN', addresses: [] });
  });

  it('ignores events of another lab and diffs it already has', () => {
    expect(s().onLive({ ...snapshot(), lab: 'other' })).toBe('ignored');
    expect(s().live.state).toBeNull();
    s().onLive(snapshot(5));
    expect(s().onLive(down(5))).toBe('ignored');
    expect(s().live.state?.namespaces['nslab-demo-h1']?.links[0]?.adminUp).toBe(true);
  });

  it('on a seq gap asks for a new snapshot and waits for it', () => {
    s().onLive(snapshot(1));
    expect(s().onLive(down(3))).toBe('resync');
    expect(s().live.stale).toBe(true);
    // diffs are not folded into a stale state
    expect(s().onLive(down(4))).toBe('ignored');
    expect(s().live.state?.namespaces['nslab-demo-h1']?.links[0]?.adminUp).toBe(true);
    s().onLive(snapshot(4));
    expect(s().live.stale).toBe(false);
    expect(s().onLive(down(5))).toBe('ok');
  });

  it('a diff before any snapshot asks for one', () => {
    expect(s().onLive(down(1))).toBe('resync');
  });

  it('keeps the last minute of rates per interface', () => {
    for (let i = 0; i < RATE_RING + 5; i++) {
      s().onLive({ type: 'counters', lab: 'demo', samples: [{ ns: 'nslab-demo-h1', node: 'h1', at: i, ifaces: { eth0: sample(i, i * 10) } }] });
    }
    const ring = s().live.rates[ifaceKey('h1', 'eth0')]!;
    expect(ring).toHaveLength(RATE_RING);
    expect(ring[0]).toEqual({ at: 5, rxBps: 50, txBps: 0 });
    expect(ring[RATE_RING - 1]!.at).toBe(RATE_RING + 4);
    expect(s().live.counters[ifaceKey('h1', 'eth0')]?.rxBps).toBe((RATE_RING + 4) * 10);
  });

  it('keeps drift and errors, and forgets everything when the watch ends', () => {
    s().onLive(snapshot());
    s().onLive({ type: 'drift', lab: 'demo', ops: [{ index: 0, kind: 'link.set', node: 'h1', command: 'ip -n nslab-demo-h1 link set dev eth0 up' }] });
    s().onLive({ type: 'error', lab: 'demo', ns: 'nslab-demo-h1', message: 'boom' });
    expect(s().live.drift).toHaveLength(1);
    expect(s().live.errors).toEqual({ 'nslab-demo-h1': 'boom' });
    s().dismissDrift();
    expect(s().live.dismissedDrift).toBe(JSON.stringify(['ip -n nslab-demo-h1 link set dev eth0 up']));
    s().liveEnd();
    expect(s().live).toMatchObject({ lab: null, state: null, drift: null, errors: {} });
  });
});
