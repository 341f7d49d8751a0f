/**
 * The ledger: what each lab owns, on disk under /run/nslab (usually a tmpfs, gone at reboot like
 * the namespaces themselves; where /run is on disk, a ledger that outlives its namespaces is
 * harmless: entries whose namespace is gone are dropped, see ownership.ts). It is written BEFORE a namespace is created (intent) and completed with
 * the namespace's inode right after, so `down` works after the engine died half-way through `up`,
 * and a namespace someone else made — even one named like ours — is never touched: its name may
 * match but its inode does not.
 *
 * Reads, writes and the lock are synchronous: each call on /run takes microseconds to a fraction
 * of a millisecond (a small file), and a trip through libuv's thread pool per call cost more than
 * the work (an incremental apply
 * spent ~2 ms on the lock and the ledger that way, of the ~8 ms it may take).
 */
import { close, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_NAME } from '../../shared/net/names';

export interface LedgerNs { readonly node: string; readonly inode: number | null }
/** Namespaces record of a ledger: frozen once written or read (replace it to change it). */
export type LedgerNamespaces = Readonly<Record<string, LedgerNs>>;
export interface Ledger {
  version: 1;
  lab: string;
  file: string | null;
  updatedAt: string;
  namespaces: LedgerNamespaces;
  /** the lab as last applied (for re-attaching the canvas and `status`) */
  spec: Record<string, unknown> | null;
}

export const runDir = (): string => process.env.NSLAB_RUN_DIR ?? '/run/nslab';
const labsDir = () => join(runDir(), 'labs');
const ledgerPath = (lab: string) => {
  if (!LAB_NAME.test(lab)) throw new Error(`"${lab}" is not a lab name`);
  return join(labsDir(), `${lab}.json`);
};

/**
 * The last ledger read or written per lab, with the identity of its file. Writes replace the file
 * by rename, so a file with the same inode, size and change time is the same text: its parsed
 * value is reused (an incremental apply read ~0.4 ms of JSON otherwise). A ledger someone else
 * wrote (another nslab process, or a hand-edited file) is a new file and is read again.
 */
const known = new Map<string, { id: string; ledger: Ledger }>();
const fileId = (path: string): string | null => {
  const st = statSync(path, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}:${st.size}:${st.ctimeNs}:${st.mtimeNs}` : null;
};
/**
 * A copy of the ledger object; its `namespaces` record and entries are frozen and shared (a caller
 * replaces the record to change it: an apply that adds or removes no namespace then copies none
 * of a 200-node lab's entries), and `spec` is shared and must not be mutated.
 */
const handOut = (l: Ledger): Ledger => ({ ...l });
const frozen = (l: Ledger): Ledger => {
  for (const k in l.namespaces) Object.freeze(l.namespaces[k]);
  Object.freeze(l.namespaces);
  return l;
};

/** The ledger of a lab (null: none, or not a ledger). Its `spec` is shared: do not mutate it. */
export async function readLedger(lab: string): Promise<Ledger | null> {
  const path = ledgerPath(lab);
  try {
    const id = fileId(path);
    if (id === null) { known.delete(lab); return null; }
    const hit = known.get(lab);
    if (hit?.id === id) return handOut(hit.ledger);
    const l = JSON.parse(readFileSync(path, 'utf8')) as Ledger;
    if (!(l.version === 1 && l.lab === lab && typeof l.namespaces === 'object' && l.namespaces !== null)) { known.delete(lab); return null; }
    frozen(l);
    if (fileId(path) === id) known.set(lab, { id, ledger: handOut(l) });
    return l;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export const emptyLedger = (lab: string): Ledger => ({ version: 1, lab, file: null, updatedAt: new Date().toISOString(), namespaces: {}, spec: null });

/**
 * The current ledger file (by path) of each lab this process wrote, kept open. Replacing a file
 * by rename drops the old file's last link, and where /run is on disk (ext4 here) freeing its
 * blocks took ~0.45 ms inside the rename. With the old file still open, the rename only moves a
 * name; the old file is freed when its descriptor is closed, in libuv's thread pool, after the
 * write.
 */
const held = new Map<string, number>();

/**
 * open(2) a file in `dir`, making the directory (0700) only when it is missing: a mkdir that
 * finds it there, and the stat behind it, on every apply were two more cold system calls.
 */
function openIn(dir: string, path: string, flags: string): number {
  try { return openSync(path, flags, 0o600); } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return openSync(path, flags, 0o600);
  }
}
const release = (fd: number | undefined) => { if (fd !== undefined) close(fd, () => {}); };

/**
 * The last namespaces record written per lab: its keys and (frozen) entries in order, and its
 * JSON. An apply that adds or removes no namespace writes the same record again; comparing
 * entries by identity is cheaper than rendering 200 of them (and freezes each new entry: see
 * handOut).
 */
const nsTexts = new Map<string, { ns: LedgerNamespaces; keys: string[]; entries: LedgerNs[]; text: string }>();
function namespacesJson(lab: string, ns: LedgerNamespaces): string {
  const last = nsTexts.get(lab);
  // the record last written (frozen then): nothing to compare
  if (last?.ns === ns) return last.text;
  let n = 0, same = !!last;
  for (const k in ns) {
    const e = ns[k]!;
    if (same && (last!.keys[n] !== k || last!.entries[n] !== e)) same = false;
    if (!same) Object.freeze(e);
    n++;
  }
  Object.freeze(ns);
  if (same && n === last!.keys.length) { last!.ns = ns; return last!.text; }
  const text = JSON.stringify(ns);
  nsTexts.set(lab, { ns, keys: Object.keys(ns), entries: Object.values(ns), text });
  return text;
}

/**
 * Atomic write: a crash leaves the old or the new ledger, never half of one. `specJson`, when
 * given, is `JSON.stringify(l.spec)` already made (shared/lab/incremental.ts renders a lab from
 * its unchanged parts' cached text), so the 60 KB of a 200-node lab are not rendered again.
 */
export async function writeLedger(l: Ledger, specJson?: string): Promise<void> {
  const path = ledgerPath(l.lab);
  const tmp = `${path}.${process.pid}.tmp`;
  const written: Ledger = { version: l.version, lab: l.lab, file: l.file, updatedAt: new Date().toISOString(), namespaces: l.namespaces, spec: l.spec };
  const j = JSON.stringify;
  // (JSON.stringify(written)'s text, keys in its order, with the namespaces' text reused)
  const head = `{"version":${j(written.version)},"lab":${j(written.lab)},"file":${j(written.file ?? null)},"updatedAt":${j(written.updatedAt)},"namespaces":${namespacesJson(l.lab, l.namespaces)},"spec":`;
  const fd = openIn(labsDir(), tmp, 'w');
  let old: number | undefined;
  try {
    // (three writes: the spec text is not copied into one string first)
    writeSync(fd, head);
    writeSync(fd, specJson ?? JSON.stringify(l.spec ?? null));
    writeSync(fd, '}');
    old = held.get(path);
    if (old === undefined) try { old = openSync(path, 'r'); } catch { /* first write */ }
    renameSync(tmp, path);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    if (old !== undefined && old !== held.get(path)) closeSync(old);
    throw e;
  }
  held.set(path, fd);
  release(old);
  // (rename changes the file's ctime, so its identity is taken after; writers hold the lab's lock)
  const id = fileId(path);
  // (record and entries frozen by namespacesJson)
  if (id) known.set(l.lab, { id, ledger: handOut(written) }); else known.delete(l.lab);
}

export async function removeLedger(lab: string): Promise<void> {
  known.delete(lab);
  nsTexts.delete(lab);
  const path = ledgerPath(lab);
  release(held.get(path));
  held.delete(path);
  rmSync(path, { force: true });
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
  const path = join(dir, `${ledgerPath(lab).split('/').pop()!.replace(/\.json$/, '')}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openIn(dir, path, 'wx');
      try { writeSync(fd, String(process.pid)); } finally { closeSync(fd); }
      return async () => {
        try { unlinkSync(path); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = '';
      try { owner = readFileSync(path, 'utf8'); } catch { /* removed meanwhile */ }
      const pid = Number(owner.trim());
      if (pid && pid !== process.pid && alive(pid)) throw new LockedError(lab, pid);
      rmSync(path, { force: true });
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
