// The helper's live requests through its handler table, as a client sends them: watchStart →
// snapshot as a `live` event (checked against the contract), a repeated watchStart re-sends it,
// an outside change becomes a diff and drift, adopt edits the lab, destroy stops the watch.
import { execFileSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import type { EventName, EventOf } from '../../../shared/protocol/api';
import { events } from '../../../shared/protocol/api';
import { nsName } from '../../../shared/net/names';
import { uniqueName } from '../../../testing/labs';
import { removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy } from '../engine';
import { engineHandlers } from '../handlers';
import type { Emit } from '../serve';
import { watches } from './watches';

describeRoot('live requests (watchStart, adopt, destroy)', () => {
  const name = uniqueName('wh');
  const lab = {
    name,
    nodes: { h1: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.1/24'] } } }, h2: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.2/24'] } } } },
    links: [['h1:eth0', 'h2:eth0']],
  };
  const seen: EventOf<'live'>[] = [];
  const emit: Emit = <E extends EventName>(event: E, payload: EventOf<E>) => {
    if (event !== 'live') return;
    // every event must pass the contract, as helper-client checks it
    expect(events.live.safeParse(payload).success, JSON.stringify(payload).slice(0, 300)).toBe(true);
    seen.push(payload as EventOf<'live'>);
  };
  const until = async (pred: (e: EventOf<'live'>) => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!seen.some(pred)) {
      if (Date.now() > deadline) throw new Error(`no ${what}: ${JSON.stringify(seen.map((e) => e.type))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return seen.find(pred)!;
  };

  afterAll(async () => {
    await watches.stopAll();
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  });

  it('streams, re-snapshots, reports drift, adopts, and stops on destroy', async () => {
    await apply(lab);
    expect(await engineHandlers.watchStart!({ lab: name }, { emit })).toEqual({ watching: true });
    const snap = await until((e) => e.type === 'snapshot', 'snapshot');
    expect(Object.keys(snap.type === 'snapshot' ? snap.state.namespaces : {}).sort()).toEqual([nsName(name, 'h1'), nsName(name, 'h2')]);
    await until((e) => e.type === 'drift' && e.ops?.length === 0, 'empty drift');

    seen.length = 0;
    await engineHandlers.watchStart!({ lab: name }, { emit });
    await until((e) => e.type === 'snapshot', 'a second snapshot for a late client');
    expect(watches.watched()).toEqual([name]);

    execFileSync('ip', ['-n', nsName(name, 'h1'), 'addr', 'add', '10.0.0.9/24', 'dev', 'eth0']);
    await until((e) => e.type === 'diff' && e.diffs.some((d) => d.kind === 'addr' && d.cidr === '10.0.0.9/24'), 'addr diff');
    await until((e) => e.type === 'drift' && (e.ops ?? []).some((o) => o.command.includes('addr del 10.0.0.9/24')), 'drift');

    const adopted = await engineHandlers.adopt!({ name }, { emit });
    expect(adopted.adopted).toEqual(['h1:eth0 addresses: 10.0.0.1/24, 10.0.0.9/24']);
    expect((adopted.lab as typeof lab).nodes.h1.interfaces.eth0.addresses).toEqual(['10.0.0.1/24', '10.0.0.9/24']);

    expect(await engineHandlers.watchInterval!({ lab: name, intervalMs: 500 }, { emit })).toEqual({});
    await engineHandlers.destroy!({ name }, { emit });
    expect(watches.watched()).toEqual([]);
    await expect(engineHandlers.watchInterval!({ lab: name, intervalMs: 500 }, { emit })).rejects.toThrow(/not being watched/);
    expect(await engineHandlers.watchStop!({ lab: name }, { emit })).toEqual({ watching: false });
  });
});
