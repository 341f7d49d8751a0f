/**
 * The engine in its own process, as the helper runs it, so the benchmark can read its peak
 * memory (VmHWM) and count the processes it starts. Requests arrive over the IPC channel.
 */
import { apply, applyDelta, destroy, useObserveCache } from '../electron/helper/engine';
import type { LabDelta } from '../shared/lab/delta';
import { runStats } from '../electron/helper/kernel/run';

// as the helper does (electron/helper/main.ts)
useObserveCache();

export type ChildAsk = { cmd: 'up'; lab: unknown } | { cmd: 'delta'; delta: LabDelta } | { cmd: 'down'; name: string };
export type ChildRequest = ChildAsk & { id: number };
export type ChildReply = { id: number; ok: true; ms: number; spawned: number; ops: number; phases: Record<string, number>; revision?: string } | { id: number; ok: false; error: string };

process.on('message', async (m: ChildRequest) => {
  const before = runStats.spawned;
  const t0 = performance.now();
  try {
    let ops = 0, revision: string | undefined;
    const phases: Record<string, number> = {};
    // (IPC messages are JSON, parsed by node: as the helper's request frames are)
    if (m.cmd === 'up') ({ revision, ops: { length: ops } } = await apply(m.lab, { timings: phases, fromJson: true }));
    else if (m.cmd === 'delta') ({ revision, ops: { length: ops } } = await applyDelta(m.delta, { timings: phases }));
    else ops = (await destroy(m.name)).length;
    const reply: ChildReply = { id: m.id, ok: true, ms: performance.now() - t0, spawned: runStats.spawned - before, ops, phases, ...(revision ? { revision } : {}) };
    process.send!(reply);
  } catch (e) {
    process.send!({ id: m.id, ok: false, error: (e as Error).message } satisfies ChildReply);
  }
});
process.on('disconnect', () => process.exit(0));
