/**
 * The ledger: what each lab owns, on disk under /run/nslab (tmpfs, gone at reboot like the
 * namespaces themselves). It is written BEFORE a namespace is created (intent) and completed with
 * the namespace's inode right after, so `down` works after the engine died half-way through `up`,
 * and a namespace someone else made — even one named like ours — is never touched: its name may
 * match but its inode does not.
 */
import { mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_NAME } from '../../shared/net/names';

export interface LedgerNs { node: string; inode: number | null }
export interface Ledger {
  version: 1;
  lab: string;
  file: string | null;
  updatedAt: string;
  namespaces: Record<string, LedgerNs>;
  /** the lab as last applied (for re-attaching the canvas and `status`) */
  spec: Record<string, unknown> | null;
}

export const runDir = (): string => process.env.NSLAB_RUN_DIR ?? '/run/nslab';
const labsDir = () => join(runDir(), 'labs');
const ledgerPath = (lab: string) => {
  if (!LAB_NAME.test(lab)) throw new Error(`"${lab}" is not a lab name`);
  return join(labsDir(), `${lab}.json`);
};

export async function readLedger(lab: string): Promise<Ledger | null> {
  try {
    const l = JSON.parse(await readFile(ledgerPath(lab), 'utf8')) as Ledger;
    return l.version === 1 && l.lab === lab && typeof l.namespaces === 'object' ? l : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export const emptyLedger = (lab: string): Ledger => ({ version: 1, lab, file: null, updatedAt: new Date().toISOString(), namespaces: {}, spec: null });

/** Atomic write: a crash leaves the old or the new ledger, never half of one. */
export async function writeLedger(l: Ledger): Promise<void> {
  await mkdir(labsDir(), { recursive: true, mode: 0o700 });
  const path = ledgerPath(l.lab);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ ...l, updatedAt: new Date().toISOString() }, null, 1), { mode: 0o600 });
  await rename(tmp, path);
}

export async function removeLedger(lab: string): Promise<void> {
  await rm(ledgerPath(lab), { force: true });
}

export async function listLedgers(): Promise<Ledger[]> {
  let names: string[] = [];
  try { names = await readdir(labsDir()); } catch { return []; }
  const out: Ledger[] = [];
  for (const n of names.filter((n) => n.endsWith('.json')).sort()) {
    const l = await readLedger(n.slice(0, -5)).catch(() => null);
    if (l) out.push(l);
  }
  return out;
}

/**
 * One engine at a time per lab. The lock file holds the owner's pid; a lock whose process is
 * gone (the engine was killed) is taken over.
 */
export async function lockLab(lab: string): Promise<() => Promise<void>> {
  const dir = join(runDir(), 'locks');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${ledgerPath(lab).split('/').pop()!.replace(/\.json$/, '')}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => { await rm(path, { force: true }); };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) throw new LockedError(lab, pid);
      await rm(path, { force: true });
    }
  }
  throw new LockedError(lab, 0);
}

export class LockedError extends Error {
  constructor(readonly lab: string, readonly pid: number) {
    super(`lab "${lab}" is being changed by another nslab process${pid ? ` (pid ${pid})` : ''}; try again when it has finished`);
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}
