import type { StateCreator } from 'zustand';
import { linkKey } from '../../shared/lab/links';
import type { AppState, DeploySlice, ItemStatus } from './types';

export const createDeploySlice: StateCreator<AppState, [], [], DeploySlice> = (set, get) => ({
  nodeStatus: {},
  linkStatus: {},
  log: [],
  busy: null,
  pendingPlan: null,
  setBusy: (busy) => set({ busy }),
  setPendingPlan: (pendingPlan) => set({ pendingPlan }),
  startApply(ops) {
    const nodeStatus = { ...get().nodeStatus };
    const linkStatus = { ...get().linkStatus };
    for (const op of ops) {
      if (op.node) nodeStatus[op.node] = { status: 'pending' };
      if (op.link) linkStatus[op.link] = { status: 'pending' };
    }
    set({ nodeStatus, linkStatus, log: ops.map((op) => ({ ...op, status: 'planned' })) });
  },
  onProgress(p) {
    const s = get();
    const patch: Partial<AppState> = {};
    const op = p.op;
    if (op) {
      const st: ItemStatus = p.status === 'error' ? { status: 'error', message: p.error ?? 'failed' } : { status: 'creating', message: op.command };
      if (op.node && s.nodeStatus[op.node]?.status !== 'error') patch.nodeStatus = { ...s.nodeStatus, [op.node]: st };
      if (op.link && s.linkStatus[op.link]?.status !== 'error') patch.linkStatus = { ...s.linkStatus, [op.link]: st };
      const status = p.status === 'error' ? 'error' : p.status === 'done' ? 'done' : 'running';
      const found = s.log.some((e) => e.index === op.index);
      patch.log = found
        ? s.log.map((e) => (e.index === op.index ? { ...e, status, ...(p.error ? { error: p.error } : {}) } : e))
        : [...s.log, { ...op, status, ...(p.error ? { error: p.error } : {}) }];
    }
    set(patch);
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
      nodeStatus: nodes, linkStatus: links,
      log: ok ? log.map((e) => (e.status === 'error' ? e : { ...e, status: 'done' })) : log,
    });
  },
  markDestroyed() { set({ nodeStatus: {}, linkStatus: {} }); },
  clearLog() { set({ log: [] }); },
});
