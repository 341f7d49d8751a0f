/**
 * Kill every process of a terminal's session. The pty's shell is a session leader (node-pty calls
 * setsid), and what the user started from it — background jobs, `nohup` — stays in that session
 * unless it daemonises. Left alive, such a process would hold the node's network namespace after
 * the lab is destroyed, so closing a terminal ends the whole session.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The session id field of /proc/<pid>/stat (the comm field may hold spaces and parentheses). */
export function sessionOfStat(stat: string): number | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat.slice(close + 2).split(' ');
  // state ppid pgrp session …
  const sid = Number(fields[3]);
  return Number.isInteger(sid) ? sid : null;
}

export function sessionPids(sid: number, procDir = '/proc'): number[] {
  if (!Number.isInteger(sid) || sid <= 1) return [];
  const pids: number[] = [];
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (sessionOfStat(readFileSync(`${procDir}/${name}/stat`, 'utf8')) === sid) pids.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export function killSession(sid: number, signal: NodeJS.Signals = 'SIGKILL'): number {
  let n = 0;
  for (const pid of sessionPids(sid)) {
    try {
      process.kill(pid, signal);
      n++;
    } catch {
      // gone already
    }
  }
  return n;
}
