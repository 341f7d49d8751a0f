/**
 * What the two live-state benchmarks (live.ts: watcher subscriber; live-store.ts: renderer store
 * through the real helper) share: N namespaces each with a veth pair `va`/`vb` inside it, a
 * ledger naming them as lab `lab` in a temporary NSLAB_RUN_DIR (so no real lab is touched), their
 * removal by exact name, CPU time from /proc, percentiles and the results file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { writeLedger } from '../electron/helper/ledger';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const TICKS = 100; // USER_HZ on Linux
/** utime+stime and cutime+cstime of a process in ms (/proc/PID/stat); 0 once it has gone. */
export function procCpuMs(pid: number | 'self'): { self: number; children: number } {
  try {
    // after "pid (comm) ", field 3 is index 0: utime=14 → 11, stime=15 → 12, cutime=16 → 13, cstime=17 → 14
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { self: ((Number(f[11]) + Number(f[12])) * 1000) / TICKS, children: ((Number(f[13]) + Number(f[14])) * 1000) / TICKS };
  } catch {
    return { self: 0, children: 0 };
  }
}

/** A temporary run directory for ledgers, set as NSLAB_RUN_DIR before anything reads it. */
export function useTempRunDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.env.NSLAB_RUN_DIR = dir;
  return dir;
}

async function ipBatch(lines: string[]): Promise<void> {
  const r = await execa('ip', ['-force', '-b', '-'], { input: lines.join('\n') + '\n', reject: false });
  if (r.exitCode !== 0) throw new Error(`ip -b failed: ${String(r.stderr).slice(0, 500)}`);
}

export interface Fixture { names: string[]; remove(): Promise<void> }

/**
 * `n` namespaces `nslab-<lab>-<run>n<i>`, each with `va` (down) and `vb` (up), recorded in the
 * ledger of `lab` (in NSLAB_RUN_DIR) as its nodes. `remove` deletes exactly those and the ledger.
 */
export async function makeNamespaces(lab: string, run: string, n: number): Promise<Fixture> {
  const names = Array.from({ length: n }, (_, i) => `nslab-${lab}-${run}n${i}`);
  const remove = async () => {
    await ipBatch(names.map((ns) => `netns del ${ns}`)).catch(() => {});
    rmSync(join(process.env.NSLAB_RUN_DIR!, 'labs'), { recursive: true, force: true });
  };
  try {
    await ipBatch(names.flatMap((ns) => [`netns add ${ns}`, `link add name va netns ${ns} type veth peer name vb netns ${ns}`]));
    await Promise.all(names.map((ns) => execa('ip', ['-n', ns, 'link', 'set', 'dev', 'vb', 'up'])));
    await writeLedger({
      version: 1, lab, file: null, updatedAt: '', spec: null,
      namespaces: Object.fromEntries(names.map((ns, i) => [ns, { node: `${run}n${i}`, inode: statSync(`/run/netns/${ns}`).ino }])),
    });
  } catch (e) {
    await remove();
    throw e;
  }
  return { names, remove };
}

/** Print the rows as a tab-separated table and write them to bench/results/<file>. */
export function writeResults(file: string, meta: Record<string, unknown>, results: Record<string, number>[]): void {
  const cols = Object.keys(results[0] ?? {});
  console.log(cols.join('\t'));
  for (const r of results) console.log(cols.map((c) => String(r[c])).join('\t'));
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, file), JSON.stringify({
    date: new Date().toISOString(), kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(), cpus: cpus().length,
    ...meta, results,
  }, null, 2));
  console.log(`wrote ${join(out, file)}`);
}
