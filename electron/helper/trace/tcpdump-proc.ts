/**
 * A tcpdump process inside a lab namespace: started with an argument array (no shell), ready once
 * it says `listening on`, stopped with SIGTERM (SIGKILL if it lingers). `ip netns exec` execs
 * tcpdump in place, so the pid we hold is tcpdump's own and killing it leaves nothing behind.
 */
import { execa, type ResultPromise } from 'execa';
import { ifaceNameProblem } from '../../../shared/net/names';

export interface TcpdumpProc {
  ns: string;
  iface: string;
  /** resolves once the capture is running; rejects with tcpdump's message if it could not start */
  ready: Promise<void>;
  /** stop and wait for exit; resolves with everything it printed on stdout */
  stop(): Promise<string>;
  pid: number | undefined;
}

const READY_TIMEOUT_MS = 5_000;

/** Flags shared by every decode nslab shows: numeric, link headers, epoch timestamps in ns, line buffered. */
export const DECODE_FLAGS = ['-nn', '-e', '-l', '-tt', '--time-stamp-precision=nano'];

export function startTcpdump(ns: string, iface: string, args: string[], onLine?: (line: string) => void): TcpdumpProc {
  const bad = ifaceNameProblem(iface);
  if (bad) throw new Error(`interface name "${iface}" ${bad}`);
  const proc: ResultPromise = execa('ip', ['netns', 'exec', ns, 'tcpdump', '-i', iface, ...args], {
    reject: false, stdin: 'ignore', buffer: false, env: { LC_ALL: 'C', LANG: 'C' }, shell: false,
  });
  let out = '';
  let partial = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    out += chunk;
    if (!onLine) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) onLine(l);
  });
  let err = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump on ${ns}:${iface} did not start within ${READY_TIMEOUT_MS} ms: ${err.trim()}`)), READY_TIMEOUT_MS);
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      err += chunk;
      if (/listening on /.test(err)) { clearTimeout(timer); resolve(); }
    });
    void proc.then((r) => { clearTimeout(timer); reject(new Error(`tcpdump on ${ns}:${iface} exited: ${err.trim() || r.exitCode}`)); });
  });
  ready.catch(() => {}); // the caller awaits it; an unawaited rejection must not crash the helper
  let stopping: Promise<string> | null = null;
  const stop = (): Promise<string> => {
    stopping ??= (async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 2_000);
        await proc;
        clearTimeout(killer);
      } else await proc;
      if (partial && onLine) onLine(partial);
      return out;
    })();
    return stopping;
  };
  return { ns, iface, ready, stop, pid: proc.pid };
}
