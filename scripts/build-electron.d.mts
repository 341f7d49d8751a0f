/** Bundle Electron main, preload and the helper into dist/electron/. */
export function buildElectron(): Promise<void>;
