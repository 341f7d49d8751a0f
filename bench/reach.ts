/**
 * "Up" means usable: the far ends reach each other with real pings, and every link is up. These
 * checks read the kernel directly (ping and `ip -j` inside the namespaces), never the engine.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Reach { ok: boolean; ms: number; tries: number; last: string }

/**
 * Ping `addr` from namespace `ns` until one reply comes back or `timeoutMs` passes. TTL 255 so a
 * long routed chain is not cut short by the default TTL.
 *
 * @example await reachable('nslab-bench-chain-50-h1', '10.0.48.2', 10_000)
 */
export async function reachable(ns: string, addr: string, timeoutMs: number): Promise<Reach> {
  const t0 = performance.now();
  let tries = 0, last = '';
  while (true) {
    tries++;
    try {
      await run('ip', ['netns', 'exec', ns, 'ping', '-n', '-q', '-c', '1', '-W', '1', '-t', '255', addr], { timeout: 5_000 });
      return { ok: true, ms: performance.now() - t0, tries, last: '' };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      last = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || err.message;
    }
    if (performance.now() - t0 >= timeoutMs) return { ok: false, ms: performance.now() - t0, tries, last };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Interfaces (besides lo) whose operstate is not UP, as `ns:ifname state`; 4 namespaces at a time. */
export async function linksNotUp(namespaces: string[]): Promise<string[]> {
  const bad: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < namespaces.length) {
      const ns = namespaces[next++]!;
      const { stdout } = await run('ip', ['-j', '-n', ns, 'link', 'show'], { maxBuffer: 16 * 1024 * 1024 });
      for (const l of JSON.parse(stdout) as { ifname: string; operstate: string }[]) {
        if (l.ifname !== 'lo' && l.operstate !== 'UP') bad.push(`${ns}:${l.ifname} ${l.operstate}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return bad.sort();
}
