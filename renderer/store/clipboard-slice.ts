import type { StateCreator } from 'zustand';
import { commit } from './history-slice';
import { copyFragment, pasteFragment } from './lab-edit';
import type { AppState, ClipboardSlice } from './types';

/** Each paste of the same clipboard lands a little further down and right. */
const STEP = 30;

export const createClipboardSlice: StateCreator<AppState, [], [], ClipboardSlice> = (set, get) => ({
  clipboard: null,
  pasteCount: 0,
  copy() {
    const { lab, selection } = get();
    if (selection.nodes.length) set({ clipboard: copyFragment(lab, selection.nodes), pasteCount: 0 });
  },
  cut() {
    get().copy();
    get().deleteSelection();
  },
  paste() {
    const s = get();
    if (!s.clipboard || Object.keys(s.clipboard.nodes).length === 0) return;
    const n = s.pasteCount + 1;
    const r = pasteFragment(s.lab, s.clipboard, { x: STEP * n, y: STEP * n });
    set({ ...commit(s, r.lab), pasteCount: n, selection: { nodes: r.names, links: [] } });
  },
});
