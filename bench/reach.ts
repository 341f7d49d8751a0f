/**
 * "Up" means usable: the far ends reach each other with real pings, and every link is up. These
 * checks read the kernel directly (ping and `ip -j` inside the namespaces), never the engine.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IFLA, INFO, linkDumpBody, operStateOf, parseIfinfo } from '../electron/helper/kernel/nl/messages';
import { nsfd, type Nsfd } from '../electron/helper/kernel/nl/native';
import { attrs, cstr, NlSocket, RTM } from '../electron/helper/kernel/nl/netlink';
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
 * Cables (veth ends) whose operstate is not UP, as `ns:ifname state`; a namespace that is gone
 * reads `ns missing`. Only the links are read — one rtnetlink link dump per namespace, opened
 * inside it by the nsfd addon — so the check costs the benchmark little of what it measures
 * (the full observer also reads addresses, routes and sysctls: ~60 ms for 200 namespaces against
 * ~15 ms). Without the addon, the observer (`ip -d -j`): the same answer, slower.
 */
export async function linksNotUp(namespaces: string[]): Promise<string[]> {
  const native = nsfd();
  const bad: string[] = [];
  for (const ns of namespaces) {
    const links = native ? vethStates(native, ns) : await observedVethStates(ns);
    if (!links) { bad.push(`${ns} missing`); continue; }
    // the lab's cables. (A bridge's own operstate trails its ports by up to a second — the
    // kernel's linkwatch batches non-urgent events — and says nothing about forwarding.)
    for (const [name, state] of links) if (state !== 'UP') bad.push(`${ns}:${name} ${state}`);
  }
  return bad.sort();
}

/** [ifname, operstate] of each veth end in `ns`, from one link dump; null when `ns` is gone. */
function vethStates(native: Nsfd, ns: string): [string, string][] | null {
  const sock = NlSocket.openIfThere(native, ns);
  if (!sock) return null;
  try {
    const msgs = sock.dump(RTM.GETLINK, linkDumpBody());
    const out: [string, string][] = [];
    for (const m of msgs) {
      if (m.type !== RTM.NEWLINK) continue;
      const l = parseIfinfo(m.payload);
      const info = l.attrs.get(IFLA.LINKINFO);
      if (!info || cstr(attrs(info).get(INFO.KIND)) !== 'veth') continue;
      out.push([cstr(l.attrs.get(IFLA.IFNAME)) ?? `if${l.index}`, operStateOf(l.attrs)]);
    }
    return out;
  } finally {
    sock.close();
  }
}

async function observedVethStates(ns: string): Promise<[string, string][] | null> {
  const o = (await observeNamespaces([ns]))[ns];
  return o ? o.links.filter((l) => l.kind === 'veth').map((l) => [l.name, l.operState]) : null;
}
