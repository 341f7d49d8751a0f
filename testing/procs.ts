/** Process facts from /proc, for leak and clean-up tests (Linux only; read-only). */
import { readdirSync, readFileSync } from 'node:fs';

/** Direct children of `pid` (scans /proc/*\/stat; the ppid is the 2nd field after the command). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch { /* exited while we looked */ }
  }
  return out;
}

/** All descendants of `pid`, depth first. */
export function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((c) => [c, ...descendantsOf(c)]);
}

export const alive = (pid: number): boolean => {
  try {
    // a zombie still has /proc/PID; count it as gone
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch { return false; }
};

export const openFds = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/** VmRSS in KiB. */
export function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

export const cmdline = (pid: number): string => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim(); } catch { return ''; }
};
