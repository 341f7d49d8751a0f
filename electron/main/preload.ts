// Sandboxed preload (bundled to CommonJS): exposes exactly `window.nslab`.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld('nslab', createPreloadApi(ipcRenderer));
