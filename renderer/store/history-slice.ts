import type { StateCreator } from 'zustand';
import { checkIssues } from './validation';
import type { AppState, HistorySlice } from './types';

/** How many undo steps are kept. */
export const HISTORY_LIMIT = 200;

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  dragOrigin: null,
  undo() {
    const { past, lab, future } = get();
    const prev = past[past.length - 1];
    if (!prev) return;
    set({ past: past.slice(0, -1), future: [lab, ...future], lab: prev, issues: checkIssues(prev), selection: pruneSelection(get(), prev) });
  },
  redo() {
    const { past, lab, future } = get();
    const next = future[0];
    if (!next) return;
    set({ past: [...past, lab], future: future.slice(1), lab: next, issues: checkIssues(next), selection: pruneSelection(get(), next) });
  },
});

function pruneSelection(s: AppState, lab: AppState['lab']) {
  return { nodes: s.selection.nodes.filter((n) => lab.nodes[n]), links: s.selection.links };
}

/** The state change that makes `next` the lab as one undo step. */
export function commit(s: AppState, next: AppState['lab']): Partial<AppState> {
  if (next === s.lab) return {};
  return { lab: next, past: [...s.past, s.lab].slice(-HISTORY_LIMIT), future: [], issues: checkIssues(next) };
}
