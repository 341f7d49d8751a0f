/**
 * The fast path (rtnetlink + /proc/sys inside the namespace) against the iproute2 path: every
 * example lab deployed once with each, under different lab names, must leave the same kernel
 * state as `ip -j` reports it (names, ifindexes and random MACs normalised away), answer pings the
 * same way, and be observed identically by both observers.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { resolveLab } from '../../../../shared/lab/resolve';
import type { Lab } from '../../../../shared/lab/schema';
import { nsName } from '../../../../shared/net/names';
import { loadExample, uniqueName } from '../../../../testing/labs';
import { ipJson, netnsList, nsExec, removeNetnsWithPrefix } from '../../../../testing/netns';
import { describeRoot } from '../../../../testing/root';
import { apply, destroy } from '../../engine';
import { observeNamespaces } from '../observer';
import { runStats } from '../run';
import { nsfd } from './native';

const made: string[] = [];
afterEach(async () => {
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
});
afterAll(() => { delete process.env.NSLAB_EXECUTOR; });

async function deployWith(executor: 'iproute2' | 'fast', lab: Lab): Promise<number> {
  made.push(lab.name);
  if (executor === 'iproute2') process.env.NSLAB_EXECUTOR = 'iproute2';
  else delete process.env.NSLAB_EXECUTOR;
  const before = runStats.spawned;
  try {
    const r = await apply(lab);
    expect(r.applied).toBe(r.ops.length);
  } finally {
    delete process.env.NSLAB_EXECUTOR;
  }
  return runStats.spawned - before;
}

const DROP_LINK = new Set(['ifindex', 'address', 'broadcast', 'link', 'link_index', 'link_netnsid', 'txqlen', 'inet6_addr_gen_mode', 'group']);
/** The kernel's view of one node through `ip -j`, with the lab name, ifindexes and random MACs taken out. */
function kernelState(lab: Lab, node: string, macsFromLab: Set<string>) {
  const ns = nsName(lab.name, node);
  const norm = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll(lab.name, 'LAB'));
  const links = ipJson<any[]>(ns, '-d', 'link', 'show').map((l) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(l)) if (!DROP_LINK.has(k)) out[k] = v;
    if (macsFromLab.has(String(l.address))) out.address = l.address;
    // bridge ids carry a random MAC and timers tick: keep what the lab decides
    const li = l.linkinfo;
    if (li) {
      out.linkinfo = {
        info_kind: li.info_kind,
        ...(li.info_kind === 'bridge' ? { stp_state: li.info_data?.stp_state, forward_delay: li.info_data?.forward_delay } : {}),
        ...(li.info_slave_kind ? { info_slave_kind: li.info_slave_kind, slave: Object.fromEntries(Object.entries(li.info_slave_data ?? {}).filter(([k]) => !/_id$|designated|^no$|^id$|timer/.test(k))) } : {}),
      };
    }
    return out;
  }).sort((a, b) => String(a.ifname).localeCompare(String(b.ifname)));
  const addrs = ipJson<any[]>(ns, 'addr', 'show').map((l) => ({
    ifname: l.ifname,
    addr_info: (l.addr_info as any[]).map((a) => ({ ...a, ...(String(a.local).startsWith('fe80:') ? { local: 'fe80::LL' } : {}) })),
  })).sort((a, b) => String(a.ifname).localeCompare(String(b.ifname)));
  const routes = ['-4', '-6'].flatMap((f) => ipJson<any[]>(ns, f, '-d', 'route', 'show', 'table', 'all'))
    .map((r) => (String(r.dst).startsWith('fe80::') && r.dst !== 'fe80::/64' ? { ...r, dst: 'fe80::LL' } : r))
    .map((r) => JSON.stringify(r)).sort();
  const sysctl = nsExec(ns, ['sysctl', '-a', '-r', '^net\\.(ipv4\\.(ip_forward|ip_default_ttl|conf\\.)|ipv6\\.conf\\.)']).out
    .split('\n').filter((l) => l.includes(' = ') && !/stable_secret|addr_gen_mode/.test(l)).sort();
  return norm({ links, addrs, routes, sysctl });
}

/**
 * Carrier and operstate follow a fresh link asynchronously (the kernel's linkwatch batches them,
 * up to a second), and IPv6 link-local addresses follow carrier: compare once neither lab moves.
 */
async function settled(lab: Lab, macs: Set<string>): Promise<void> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = JSON.stringify(Object.keys(lab.nodes).map((n) => kernelState(lab, n, macs)));
    const allUp = Object.keys(lab.nodes).every((n) => ipJson<any[]>(nsName(lab.name, n), 'link', 'show').every((l) => l.ifname === 'lo' || l.operstate === 'UP'));
    if (now === last && allUp) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function pings(lab: Lab): string[] {
  const out: string[] = [];
  for (const c of lab.checks ?? []) {
    if (c.ping === undefined) continue;
    const targets = lab.nodes[c.ping] ? Object.values(lab.nodes[c.ping]!.interfaces ?? {}).flatMap((i) => i.addresses ?? []).map((a) => a.split('/')[0]!) : [c.ping];
    const want = (c.expect ?? 'success') === 'success' ? 'ok' : 'fail';
    for (const t of targets) out.push(`${c.from} -> ${t}: ${(nsExec(nsName(lab.name, c.from), ['ping', '-c', '1', '-W', '2', t]).code === 0 ? 'ok' : 'fail') === want ? 'as expected' : 'UNEXPECTED'}`);
  }
  return out;
}

describeRoot('fast executor and observer against the iproute2 path', () => {
  const examples = readdirSync(join(__dirname, '../../../../examples')).filter((f) => f.endsWith('.yaml'));

  it('the addon is built (npm ci runs scripts/build-native.mjs)', () => {
    expect(nsfd()).not.toBeNull();
  });

  it.each(examples)('%s: same kernel state, same pings, same observation', async (file) => {
    const slow = loadExample(file, uniqueName('eqa'));
    const fast = loadExample(file, uniqueName('eqb'));
    const slowProcs = await deployWith('iproute2', slow);
    const fastProcs = await deployWith('fast', fast);
    expect(fastProcs).toBeLessThan(slowProcs);
    const macs = new Set(Object.values(slow.nodes).flatMap((n) => Object.values(n.interfaces ?? {}).map((i) => i.mac?.toLowerCase() ?? '')).filter(Boolean));
    await settled(slow, macs);
    await settled(fast, macs);
    for (const node of Object.keys(slow.nodes)) {
      expect(kernelState(fast, node, macs), `${file} ${node}`).toEqual(kernelState(slow, node, macs));
    }
    const p = pings(slow);
    expect(pings(fast)).toEqual(p);
    expect(p.every((x) => x.endsWith('as expected')), p.join('\n')).toBe(true);

    // both observers, on the same namespaces
    const nss = resolveLab(fast).nodes.map((n) => n.ns);
    process.env.NSLAB_EXECUTOR = 'iproute2';
    const byIp = await observeNamespaces(nss, { sysctlKeys: () => ['net.ipv4.ip_default_ttl'] });
    delete process.env.NSLAB_EXECUTOR;
    const byNl = await observeNamespaces(nss, { sysctlKeys: () => ['net.ipv4.ip_default_ttl'] });
    const sortRoutes = (o: typeof byIp) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { ...v, routes: v.routes.map((r) => JSON.stringify(r)).sort() }]));
    expect(sortRoutes(byNl)).toEqual(sortRoutes(byIp));

    for (const lab of [slow, fast]) await destroy(lab.name);
    expect(netnsList().filter((n) => n.startsWith(`nslab-${slow.name}-`) || n.startsWith(`nslab-${fast.name}-`))).toEqual([]);
  });
});
