import { describe, expect, it } from 'vitest';
import type { Op } from '../../../shared/ops/types';
import { execute, PlanRefused } from './executor';
import { runStats } from './run';

const allowed = new Set(['nslab-t-h1', 'nslab-t-h2']);

async function refusal(ops: Op[]): Promise<PlanRefused> {
  const before = runStats.spawned;
  const e = await execute(ops, { allowedNs: allowed }).then(() => null, (err: unknown) => err);
  expect(runStats.spawned).toBe(before); // nothing started
  expect(e).toBeInstanceOf(PlanRefused);
  return e as PlanRefused;
}

describe('execute refuses before running anything', () => {
  it('an operation in a namespace the lab does not own', async () => {
    const e = await refusal([
      { kind: 'netns.add', ns: 'nslab-t-h1' },
      { kind: 'ns.init', ns: 'nslab-other-h1', lab: 'other' },
    ]);
    expect(e.code).toBe('not-owned');
    expect(e.index).toBe(1);
    expect(e.message).toMatch(/operation 1 \(ns.init in nslab-other-h1\).*not owned/);
  });

  it('a veth whose peer end lands outside the lab', async () => {
    const e = await refusal([{
      kind: 'veth.add', ns: 'nslab-t-h1', name: 'eth0', mtu: 1500, mac: null,
      peerNs: 'nslab-x-h9', peerName: 'eth0', peerMtu: 1500, peerMac: null,
    }]);
    expect(e.code).toBe('not-owned');
    expect(e.message).toMatch(/nslab-x-h9/);
  });

  it('an argument batch input cannot carry, or a bad interface name', async () => {
    expect((await refusal([{ kind: 'addr.add', ns: 'nslab-t-h1', dev: 'eth#0', cidr: '10.0.0.1/24' }])).code).toBe('invalid');
    expect((await refusal([{ kind: 'link.del', ns: 'nslab-t-h1', name: 'a b' }])).code).toBe('invalid');
  });

  it('a sysctl outside net.* (it would change the whole machine)', async () => {
    const e = await refusal([{ kind: 'sysctl.set', ns: 'nslab-t-h1', key: 'kernel.panic', value: '1' }]);
    expect(e.code).toBe('invalid');
  });

  it('an empty plan runs nothing', async () => {
    expect(await execute([], { allowedNs: allowed })).toEqual({ applied: 0 });
  });
});
