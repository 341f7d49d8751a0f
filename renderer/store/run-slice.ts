import type { StateCreator } from 'zustand';
import type { AppState, RunSlice } from './types';

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  run: { command: '', argv: [], targets: [], results: {} },
  setRunCommand: (command) => set((s) => ({ run: { ...s.run, command } })),
  startRun: (argv, targets) => set((s) => ({
    run: { ...s.run, argv, targets, results: Object.fromEntries(targets.map((t) => [t, { state: 'running' } as const])) },
  })),
  setRunResult: (node, result) => set((s) => {
    // A result of an earlier run that arrives late is dropped.
    if (!(node in s.run.results)) return {};
    return { run: { ...s.run, results: { ...s.run.results, [node]: result } } };
  }),
});

/**
 * Where the Run tab's command goes: the selected nodes (any kind: a switch has its own namespace
 * too), or every host and router when nothing is selected.
 */
export function runTargets(s: Pick<AppState, 'lab' | 'selection'>): string[] {
  const selected = s.selection.nodes.filter((n) => s.lab.nodes[n]);
  if (selected.length) return selected;
  return Object.entries(s.lab.nodes).filter(([, n]) => n.kind !== 'switch').map(([name]) => name);
}
