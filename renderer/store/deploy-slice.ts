import type { StateCreator } from 'zustand';
import { linkKey } from '../../shared/lab/links';
import type { PlannedOp } from '../../shared/protocol/api';
import type { AppState, DeploySlice, ItemStatus } from './types';

/**
 * Statuses follow the engine's progress events (electron/helper/engine.ts `apply`): one
 * `{status:'running'}` without `op` when the run starts, then `{status:'done'|'error', op}` per
 * operation as its batch completes (no per-op "running": batches run as one process), then
 * `{status:'done'}` without `op`. So an item of the plan goes pending (confirmed) → creating (run
 * started) → up (its last operation is done) or error (one of its operations failed).
 */
export const createDeploySlice: StateCreator<AppState, [], [], DeploySlice> = (set, get) => ({
  nodeStatus: {},
  linkStatus: {},
  opsLeft: { nodes: {}, links: {} },
  log: [],
  busy: null,
  pendingPlan: null,
  appliedBase: null,
  setBusy: (busy) => set({ busy }),
  setPendingPlan: (pendingPlan) => set({ pendingPlan }),
  setAppliedBase: (appliedBase) => set({ appliedBase }),
  startApply(ops) {
    const nodeStatus = { ...get().nodeStatus };
    const linkStatus = { ...get().linkStatus };
    const opsLeft: DeploySlice['opsLeft'] = { nodes: {}, links: {} };
    for (const op of ops) {
      if (op.node) { nodeStatus[op.node] = { status: 'pending' }; opsLeft.nodes[op.node] = (opsLeft.nodes[op.node] ?? 0) + 1; }
      if (op.link) { linkStatus[op.link] = { status: 'pending' }; opsLeft.links[op.link] = (opsLeft.links[op.link] ?? 0) + 1; }
    }
    set({ nodeStatus, linkStatus, opsLeft, log: ops.map((op) => ({ ...op, status: 'planned' })) });
  },
  onProgress(p) {
    const s = get();
    const op = p.op;
    if (!op) {
      // The run started: everything the plan names is being created now.
      if (p.status === 'running') {
        set({
          nodeStatus: creating(s.nodeStatus, s.opsLeft.nodes),
          linkStatus: creating(s.linkStatus, s.opsLeft.links),
        });
      }
      return; // the end of the run is settled by the reply (finishApply)
    }
    const opsLeft = { nodes: { ...s.opsLeft.nodes }, links: { ...s.opsLeft.links } };
    const nodeStatus = advance(s.nodeStatus, opsLeft.nodes, op.node, p);
    const linkStatus = advance(s.linkStatus, opsLeft.links, op.link, p);
    const status = p.status === 'error' ? 'error' : p.status === 'done' ? 'done' : 'running';
    const entry = { status, ...(p.error ? { error: p.error } : {}) } as const;
    const found = s.log.some((e) => e.index === op.index);
    const log = found ? s.log.map((e) => (e.index === op.index ? { ...e, ...entry } : e)) : [...s.log, { ...op, ...entry }];
    set({ nodeStatus, linkStatus, opsLeft, log });
  },
  finishApply(ok, message) {
    const { lab, nodeStatus, linkStatus, log } = get();
    // Success: everything in the lab is up. Failure: the failed items keep their error, items the
    // run had started are in an unknown state (error), items it never reached stay as they were.
    const mark = (cur: ItemStatus | undefined): ItemStatus => {
      if (cur?.status === 'error') return cur;
      if (ok) return { status: 'up' };
      if (cur?.status === 'creating') return { status: 'error', message: `apply stopped: ${message ?? 'failed'}` };
      if (cur?.status === 'pending') return { status: 'idle' };
      return cur ?? { status: 'idle' };
    };
    const nodes = Object.fromEntries(Object.keys(lab.nodes).map((n) => [n, mark(nodeStatus[n])]));
    const links = Object.fromEntries((lab.links ?? []).map((l) => { const k = linkKey(l); return [k, mark(linkStatus[k])]; }));
    set({
      nodeStatus: nodes, linkStatus: links, opsLeft: { nodes: {}, links: {} },
      log: ok ? log.map((e) => (e.status === 'error' ? e : { ...e, status: 'done' })) : log,
    });
  },
  markDestroyed() { set({ nodeStatus: {}, linkStatus: {}, opsLeft: { nodes: {}, links: {} }, appliedBase: null }); },
  clearLog() { set({ log: [] }); },
});

type Statuses = Record<string, ItemStatus>;

/** Every item the plan names (it has operations left) and that has not failed becomes `creating`. */
function creating(statuses: Statuses, left: Record<string, number>): Statuses {
  const next = { ...statuses };
  for (const [key, n] of Object.entries(left)) if (n > 0 && next[key]?.status !== 'error') next[key] = { status: 'creating' };
  return next;
}

/** One operation of `key` finished: an error sticks; the item is up when its last operation is done. */
function advance(statuses: Statuses, left: Record<string, number>, key: string | undefined, p: { status: string; error?: string; op?: PlannedOp }): Statuses {
  if (!key) return statuses;
  left[key] = Math.max(0, (left[key] ?? 1) - 1);
  const cur = statuses[key];
  if (p.status === 'error') return { ...statuses, [key]: { status: 'error', message: p.error ?? `${p.op?.command ?? 'an operation'} failed` } };
  if (cur?.status === 'error') return statuses;
  if (p.status !== 'done') return { ...statuses, [key]: { status: 'creating', ...(p.op ? { message: p.op.command } : {}) } };
  return { ...statuses, [key]: left[key] === 0 ? { status: 'up' } : { status: 'creating', ...(p.op ? { message: p.op.command } : {}) } };
}
