/**
 * How to start the privileged helper. Pure: every fact about the environment comes in as an
 * argument, so each combination (dev/bundled/packaged × root/not root × node/Electron) is testable.
 * Argument arrays only; pkexec resets the environment, so variables go through `/usr/bin/env`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface HelperLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** true when the command is pkexec: exit codes 126/127 then mean "authorization refused". */
  viaPkexec: boolean;
}

export interface LaunchFacts {
  isRoot: boolean;
  /** node or Electron binary running us */
  execPath: string;
  isElectron: boolean;
  /** helper entry: `.ts` (dev, needs tsx) or bundled `.mjs` */
  entry: string;
  /** file URL of tsx's loader (dev only) */
  tsxLoader?: string;
  /** installed wrapper that polkit's policy names (packaged app only) */
  packagedWrapper?: string;
  pkexec?: string;
}

/**
 * V8 flags the helper runs with. A young generation of 2 MB semi-spaces instead of V8's default
 * (up to 16 MB each, three of them) keeps the helper's peak memory on a 1000-node lab ~30 MB lower
 * (bench/README.md "Helper memory"); the engine's garbage is short-lived and small, and the
 * 200-node `up` measured no slower. packaging/helper/nslab-helper passes the same flags.
 */
export const HELPER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

export function helperLaunch(f: LaunchFacts): HelperLaunch {
  const pkexec = f.pkexec ?? 'pkexec';
  if (!f.isRoot && f.packagedWrapper) return { command: pkexec, args: [f.packagedWrapper], viaPkexec: true };

  const args: string[] = [...HELPER_NODE_FLAGS];
  if (f.entry.endsWith('.ts')) {
    if (!f.tsxLoader) throw new Error(`cannot run ${f.entry}: tsx is not installed`);
    args.push('--import', f.tsxLoader);
  }
  args.push(f.entry);
  const env: Record<string, string> = f.isElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {};

  if (f.isRoot) return { command: f.execPath, args, env, viaPkexec: false };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return envArgs.length
    ? { command: pkexec, args: ['/usr/bin/env', ...envArgs, f.execPath, ...args], viaPkexec: true }
    : { command: pkexec, args: [f.execPath, ...args], viaPkexec: true };
}

/**
 * The facts of this process. `here` is this module's directory: `electron/host/` in a checkout,
 * `dist/electron/` in the esbuild bundle (which puts `helper.mjs` beside `main.mjs`).
 */
export function defaultHelperLaunch(here = dirname(fileURLToPath(import.meta.url))): HelperLaunch {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  // Packaged: extraResources/helper/ (outside app.asar, where root runs it); bundled; checkout.
  const candidates = [resourcesPath && join(resourcesPath, 'helper', 'helper.mjs'), join(here, 'helper.mjs')].filter((p): p is string => Boolean(p));
  const entry = candidates.find((p) => existsSync(p)) ?? join(here, '..', 'helper', 'main.ts');
  let tsxLoader: string | undefined;
  try {
    tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  } catch {
    tsxLoader = undefined;
  }
  const wrapper = resourcesPath ? join(resourcesPath, 'helper', 'nslab-helper') : undefined;
  return helperLaunch({
    isRoot: process.getuid?.() === 0,
    execPath: process.execPath,
    isElectron: Boolean(process.versions.electron),
    entry,
    tsxLoader,
    packagedWrapper: wrapper && existsSync(wrapper) ? wrapper : undefined,
  });
}
