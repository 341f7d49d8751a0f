/**
 * Mininet at equal size (`mn --topo linear,K --switch lxbr --controller none --test none`: K
 * switches and K hosts, built, started and torn down), with its two halves timed from its own
 * progress lines as they arrive: build = "*** Creating network" to the first "*** Stopping",
 * teardown = from there to "*** Done" (Python's start-up, ~0.3 s, is in the total only).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface MininetRun { ok: boolean; ms: number; buildMs: number | null; teardownMs: number | null }

export function runMininet(k: number, timeoutMs = 600_000): Promise<MininetRun> {
  const t0 = performance.now();
  let created: number | null = null, stopping: number | null = null, done: number | null = null;
  return new Promise((resolve) => {
    const p = spawn('mn', ['--topo', `linear,${k}`, '--switch', 'lxbr', '--controller', 'none', '--test', 'none'], {
      env: { ...process.env, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    const onLine = (line: string) => {
      const now = performance.now();
      if (created === null && line.startsWith('*** Creating network')) created = now;
      else if (stopping === null && line.startsWith('*** Stopping')) stopping = now;
      else if (line.startsWith('*** Done')) done = now;
    };
    createInterface({ input: p.stdout }).on('line', onLine);
    createInterface({ input: p.stderr }).on('line', onLine);
    p.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const split = created !== null && stopping !== null && done !== null;
      resolve({ ok: code === 0, ms, buildMs: split ? stopping! - created! : null, teardownMs: split ? done! - stopping! : null });
    });
    p.on('error', () => { clearTimeout(timer); resolve({ ok: false, ms: performance.now() - t0, buildMs: null, teardownMs: null }); });
  });
}
