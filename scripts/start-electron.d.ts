/** The Electron binary the `electron` package would run, or null when it was never downloaded. */
export function electronBinary(packageDir: string): string | null;
