/** Open terminals (their xterm instances live in renderer/terminals/sessions.ts, outside the store). */
import type { StateCreator } from 'zustand';
import type { AppState, TerminalSlice } from './types';

export const terminalTab = (node: string) => `terminal:${node}` as const;

export const createTerminalSlice: StateCreator<AppState, [], [], TerminalSlice> = (set, get) => ({
  terminals: [],
  addTerminal(t) {
    set((s) => ({ terminals: [...s.terminals.filter((x) => x.node !== t.node), t] }));
  },
  updateTerminal(node, patch) {
    set((s) => ({ terminals: s.terminals.map((t) => (t.node === node ? { ...t, ...patch } : t)) }));
  },
  removeTerminal(node) {
    const rest = get().terminals.filter((t) => t.node !== node);
    const patch: Partial<AppState> = { terminals: rest };
    // Closing the active tab shows the next terminal, else the command log.
    if (get().dockTab === terminalTab(node)) patch.dockTab = rest.length ? terminalTab(rest[rest.length - 1]!.node) : 'log';
    set(patch);
  },
});
