/**
 * One long-lived `ip -n NS -ts monitor label …` process per namespace. It costs no CPU while the
 * namespace is quiet, and its pid doubles as a window into the namespace: /proc/<pid>/net/dev
 * holds the namespace's counters (sampler.ts) without starting a process per sample.
 */
import { access, readFile } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { MonitorParser, type MonitorEvent } from './monitor-parse';

export const MONITOR_OBJECTS = ['link', 'address', 'route', 'neigh', 'netconf'] as const;

export interface Monitor {
  ns: string;
  pid: number;
  /** resolves once the process has joined its netlink groups (events from then on are seen) */
  ready: Promise<void>;
  /** resolves when the process has exited */
  exited: Promise<void>;
  stop(): void;
}

export interface MonitorHandlers {
  onEvents(events: MonitorEvent[]): void;
  /** the process ended without stop(): the namespace vanished or ip died */
  onExit(reason: string): void;
}

/** Processes started by this module that have not exited yet, for tests and leak checks. */
export const liveMonitors = new Set<number>();

let setprivOk: Promise<boolean> | null = null;
/**
 * `setpriv --pdeathsig TERM` makes the kernel stop the monitor when the helper dies, even by
 * SIGKILL (execa's cleanup covers only a normal exit). setpriv execs ip, so the pid is ip's.
 */
const hasSetpriv = () => (setprivOk ??= access('/usr/bin/setpriv').then(() => true, () => false));

export async function startMonitor(ns: string, h: MonitorHandlers): Promise<Monitor> {
  const ipArgs = ['-n', ns, '-ts', 'monitor', 'label', ...MONITOR_OBJECTS];
  const [file, args] = (await hasSetpriv()) ? ['setpriv', ['--pdeathsig', 'TERM', 'ip', ...ipArgs]] : ['ip', ipArgs];
  const child: ResultPromise = execa(file, args, {
    shell: false, reject: false, buffer: false, stdin: 'ignore', stderr: 'pipe', env: { LC_ALL: 'C', LANG: 'C' }, cleanup: true,
  });
  const pid = child.pid;
  if (pid === undefined) {
    const r = await child;
    throw new Error(`could not start ip monitor in ${ns}: ${String(r.message ?? r.exitCode)}`);
  }
  liveMonitors.add(pid);
  let stopped = false;
  let stderr = '';
  const parser = new MonitorParser();
  let quiet: NodeJS.Timeout | undefined;
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const evs = parser.push(chunk);
    if (evs.length) h.onEvents(evs);
    // ip writes one whole message per flush; an event is complete when no continuation follows.
    clearTimeout(quiet);
    quiet = setTimeout(() => { const rest = parser.flush(); if (rest.length) h.onEvents(rest); }, 2);
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => { if (stderr.length < 4096) stderr += c; });
  const exited = child.then(() => undefined, () => undefined).finally(() => {
    liveMonitors.delete(pid);
    clearTimeout(quiet);
    if (!stopped) h.onExit(stderr.trim() || 'ip monitor exited');
  });
  const ready = subscribed(pid, exited);
  return {
    ns, pid, ready, exited,
    stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
    },
  };
}

/**
 * Wait until the process has a netlink socket bound to multicast groups: /proc/<pid>/net/netlink
 * lists the sockets of the process's namespace with their port id (= pid for ip's first socket)
 * and group mask. Without this a change made right after start could slip past both the
 * snapshot and the monitor. Gives up quietly after 2 s (the snapshot is still taken).
 */
async function subscribed(pid: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => { gone = true; });
  const deadline = Date.now() + 2000;
  while (!gone && Date.now() < deadline) {
    const text = await readFile(`/proc/${pid}/net/netlink`, 'utf8').catch(() => '');
    if (joinedGroups(text, pid)) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A NETLINK_ROUTE (protocol 0) socket with port id `pid` and a non-zero group mask. */
export function joinedGroups(netlinkTable: string, pid: number): boolean {
  return netlinkTable.split('\n').some((line) => {
    const f = line.trim().split(/\s+/);
    return f[1] === '0' && f[2] === String(pid) && /^[0-9a-f]+$/i.test(f[3] ?? '') && parseInt(f[3]!, 16) !== 0;
  });
}
