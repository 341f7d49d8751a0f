/**
 * The real pty, from node-pty (a native addon, N-API, so one build serves node and Electron).
 * Loaded on first use: a helper without a working node-pty still deploys labs; only terminals
 * then fail, with a message that says why.
 */
import type { PtyLike, PtySpawnOptions, SpawnPty } from './types';

type NodePty = typeof import('node-pty');
let loaded: Promise<NodePty> | null = null;

export class PtyUnavailableError extends Error {}

function load(): Promise<NodePty> {
  loaded ??= import('node-pty')
    .then((m) => ((m as { default?: NodePty }).default ?? m) as NodePty)
    .catch((e: unknown) => {
      loaded = null;
      throw new PtyUnavailableError(`node-pty is not usable here (${(e as Error).message}); reinstall with \`npm ci\` so its native part is built`);
    });
  return loaded;
}

export const spawnNodePty: SpawnPty = async ([file, ...args], opts: PtySpawnOptions): Promise<PtyLike> => {
  const pty = await load();
  // No `encoding: null`: node-pty decodes UTF-8 across chunk boundaries for us.
  return pty.spawn(file, args, { name: opts.env.TERM ?? 'xterm-256color', cols: opts.cols, rows: opts.rows, cwd: opts.cwd, env: opts.env });
};
