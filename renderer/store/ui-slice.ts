import type { StateCreator } from 'zustand';
import type { AppState, UiSlice } from './types';

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  connection: { state: 'connecting' },
  dialog: null,
  dockTab: 'log',
  dockOpen: true,
  toast: null,
  setConnection: (connection) => set({ connection }),
  setDialog: (dialog) => set({ dialog }),
  setDockTab: (dockTab) => set({ dockTab, dockOpen: true }),
  setDockOpen: (dockOpen) => set({ dockOpen }),
  showToast: (toast) => set({ toast }),
});
