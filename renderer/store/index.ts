/**
 * The one renderer store, made of slices (STYLE.md 10). Components read it through narrow
 * selectors; API listeners and menus call the module-level `actions` (no hook needed).
 */
import { createStore } from 'zustand/vanilla';
import { useStore as useZustand } from 'zustand';
import { createClipboardSlice } from './clipboard-slice';
import { createDeploySlice } from './deploy-slice';
import { createHistorySlice } from './history-slice';
import { createLabSlice } from './lab-slice';
import { createLiveSlice } from './live-slice';
import { createRunSlice } from './run-slice';
import { createSelectionSlice } from './selection-slice';
import { createTerminalSlice } from './terminal-slice';
import { createTeachingSlice } from './teaching-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export function createAppStore() {
  return createStore<AppState>()((...a) => ({
    ...createLabSlice(...a),
    ...createHistorySlice(...a),
    ...createSelectionSlice(...a),
    ...createClipboardSlice(...a),
    ...createDeploySlice(...a),
    ...createUiSlice(...a),
    ...createRunSlice(...a),
    ...createTerminalSlice(...a),
    ...createTeachingSlice(...a),
    ...createLiveSlice(...a),
  }));
}

export const store = createAppStore();

export function useStore<T>(selector: (s: AppState) => T): T {
  return useZustand(store, selector);
}

/** For listeners outside React: `actions().onProgress(p)`. */
export const actions = (): AppState => store.getState();

export const isDirty = (s: AppState): boolean => s.lab !== s.savedLab;

export type { AppState } from './types';
