/**
 * "Up" means usable: the far ends reach each other with real pings, and every link is up. These
 * checks read the kernel directly (ping and `ip -j` inside the namespaces), never the engine.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { observeNamespaces } from '../electron/helper/kernel/observer';

const run = promisify(execFile);

export interface Reach { ok: boolean; ms: number; tries: number; last: string }

/**
 * Ping `addr` from namespace `ns` until one reply comes back or `timeoutMs` passes. Each attempt
 * is one ping process re-sending every 50 ms until the first reply (`-c 1 -w`); ping gives up
 * early on an ICMP error (a hop not ready yet), and then the next attempt starts. TTL 255 so a
 * long routed chain is not cut short.
 *
 * @example await reachable('nslab-bench-chain-50-h1', '10.0.48.2', 10_000)
 */
export async function reachable(ns: string, addr: string, timeoutMs: number): Promise<Reach> {
  const t0 = performance.now();
  const sent = (out: string) => Number(/(\d+) packets transmitted/.exec(out)?.[1] ?? 0);
  let tries = 0, last = '';
  for (;;) {
    const left = timeoutMs - (performance.now() - t0);
    const argv = ['netns', 'exec', ns, 'ping', '-n', '-q', '-c', '1', '-i', '0.05', '-w', String(Math.max(1, Math.ceil(left / 1000))), '-t', '255', addr];
    try {
      const { stdout } = await run('ip', argv, { timeout: Math.ceil(left) + 5_000 });
      return { ok: true, ms: performance.now() - t0, tries: tries + sent(stdout), last: '' };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      const out = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      tries += sent(out);
      last = out.trim() || err.message;
    }
    if (performance.now() - t0 >= timeoutMs) return { ok: false, ms: performance.now() - t0, tries, last };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Cables (veth ends) whose operstate is not UP, as `ns:ifname state`. Read through the
 * kernel layer's observer (rtnetlink where the nsfd addon is built): the same reader for the
 * script's namespaces and nslab's, and cheap enough to poll 1000 namespaces.
 */
export async function linksNotUp(namespaces: string[]): Promise<string[]> {
  const seen = await observeNamespaces(namespaces);
  const bad: string[] = [];
  for (const ns of namespaces) {
    const o = seen[ns];
    if (!o) { bad.push(`${ns} missing`); continue; }
    // the lab's cables. (A bridge's own operstate trails its ports by up to a second — the
    // kernel's linkwatch batches non-urgent events — and says nothing about forwarding.)
    for (const l of o.links) if (l.kind === 'veth' && l.operState !== 'UP') bad.push(`${ns}:${l.name} ${l.operState}`);
  }
  return bad.sort();
}
