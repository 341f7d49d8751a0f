/**
 * The event-fed observation cache (kernel/nl/cache.ts) in a long-lived engine: an apply after an
 * OUTSIDE change made by the test (not by nslab) still sees and repairs it, although it no longer
 * re-reads namespaces without events. Each repair is checked twice: the engine's plan (cached)
 * and a plan against a full, cache-less read of every namespace are both empty afterwards.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FORWARDING_KEYS, resolveLab } from '../../shared/lab/resolve';
import type { Lab } from '../../shared/lab/schema';
import { nsName } from '../../shared/net/names';
import { plan as planOps } from '../../shared/planner/plan';
import { loadExample } from '../../testing/labs';
import { ipJson, netnsList, nsExec, removeNetnsWithPrefix } from '../../testing/netns';
import { describeRoot } from '../../testing/root';
import { apply, destroy, plan, useObserveCache } from './engine';
import { nsfd } from './kernel/nl/native';
import { ObserveCache } from './kernel/nl/cache';
import { observeNamespaces } from './kernel/observer';

const supported = ObserveCache.supported(nsfd());
let lab: Lab;

/** The plan against a full read of every namespace, bypassing the cache. */
async function fullPlan(l: Lab): Promise<string[]> {
  const r = resolveLab(l);
  const names = r.nodes.map((n) => n.ns).filter((ns) => netnsList().includes(ns));
  const extra = new Map(r.nodes.map((n) => [n.ns, Object.keys(n.sysctl).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k))]));
  const observed = await observeNamespaces(names, { sysctlKeys: (ns) => extra.get(ns) ?? [] });
  return planOps({ desired: r, observed, owned: names }).map((o) => o.kind);
}

describeRoot('incremental apply with the observation cache', () => {
  beforeAll(async () => {
    lab = loadExample('routed.yaml');
    lab.nodes.h1!.sysctl = { 'net.ipv4.ip_default_ttl': '99' };
    if (!supported) return;
    useObserveCache();
    await apply(lab);
    await apply(lab); // every namespace now has a cache entry
  });
  afterAll(async () => {
    useObserveCache(false);
    await destroy(lab.name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${lab.name}-`);
  });

  const h1 = () => nsName(lab.name, 'h1'), r1 = () => nsName(lab.name, 'r1');
  const outside: [string, () => void, string][] = [
    ['a link set down', () => execFileSync('ip', ['-n', h1(), 'link', 'set', 'dev', 'eth0', 'down']), 'link.set'],
    ['an address removed', () => execFileSync('ip', ['-n', r1(), 'addr', 'del', '10.0.2.1/24', 'dev', 'eth1']), 'addr.add'],
    ['a route removed', () => execFileSync('ip', ['-n', h1(), 'route', 'del', 'default']), 'route.add'],
    ['forwarding turned off (netconf event)', () => expect(nsExec(r1(), ['sysctl', '-qw', 'net.ipv4.ip_forward=0']).code).toBe(0), 'sysctl.set'],
    ['another sysctl changed (no event: re-read through a held file)', () => expect(nsExec(h1(), ['sysctl', '-qw', 'net.ipv4.ip_default_ttl=64']).code).toBe(0), 'sysctl.set'],
    ['the lab tag removed from the loopback', () => execFileSync('ip', ['-n', h1(), 'link', 'set', 'dev', 'lo', 'alias', 'someone-else']), 'conflict'],
    ['a namespace deleted', () => execFileSync('ip', ['netns', 'del', nsName(lab.name, 'h3')]), 'netns.add'],
  ];

  it.skipIf(!supported).each(outside)('%s outside nslab: the next apply sees it and converges', async (_what, change, expected) => {
    const cache = useObserveCache()!;
    expect(await plan(lab)).toEqual([]);
    const hits = cache.stats.hits;
    change();
    if (expected === 'conflict') {
      // a namespace whose tag changed is no longer provably ours: refused, never reused
      await expect(apply(lab)).rejects.toThrow(/already exists and was not created by nslab/);
      execFileSync('ip', ['-n', h1(), 'link', 'set', 'dev', 'lo', 'alias', `nslab-lab:${lab.name}`]);
      expect(await plan(lab)).toEqual([]);
      return;
    }
    const r = await apply(lab);
    expect(r.ops.map((o) => o.kind)).toContain(expected);
    expect(cache.stats.hits).toBeGreaterThan(hits); // the other namespaces came from the cache
    expect(await plan(lab)).toEqual([]);
    expect(await fullPlan(lab)).toEqual([]);
  });

  it.skipIf(!supported)('a namespace deleted outside is let go at once (its veth peer disappears)', async () => {
    const cache = useObserveCache()!;
    await apply(lab);
    const sw = nsName(lab.name, 'sw1');
    expect(cache.held()).toContain(nsName(lab.name, 'h2'));
    execFileSync('ip', ['netns', 'del', nsName(lab.name, 'h2')]);
    // the cache's socket must not keep h2 alive: its cable's far end in sw1 goes with it
    const deadline = Date.now() + 5000;
    while (ipJson<any[]>(sw, 'link', 'show').some((l) => l.ifname === 'p2') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(ipJson<any[]>(sw, 'link', 'show').map((l) => l.ifname)).not.toContain('p2');
    expect(cache.held()).not.toContain(nsName(lab.name, 'h2'));
    await apply(lab);
    expect(await fullPlan(lab)).toEqual([]);
  });

  it.skipIf(!supported)('a node removed after a change through the cache\'s lent socket: the socket is closed before its namespace is deleted', async () => {
    const cache = useObserveCache()!;
    await apply(lab);
    // an address change in h2 runs over the request socket the cache keeps in h2
    const moved = structuredClone(lab);
    moved.nodes.h2!.interfaces!.eth0!.addresses = ['10.0.2.22/24'];
    expect((await apply(moved)).ops.map((o) => o.kind)).toEqual(['addr.del', 'addr.add', 'route.add']);
    expect(ipJson<any[]>(nsName(lab.name, 'h2'), 'addr', 'show', 'dev', 'eth0')[0].addr_info.map((a: any) => a.local)).toContain('10.0.2.22');
    // the socket lent for h2 (the same one every time), identified by its socket inode
    const lentFd = cache.socketFor(nsName(lab.name, 'h2'))!.fd;
    expect(cache.socketFor(nsName(lab.name, 'h2'))!.fd).toBe(lentFd);
    const socketId = readlinkSync(`/proc/self/fd/${lentFd}`);
    expect(socketId).toMatch(/^socket:/);
    const without = structuredClone(moved);
    delete without.nodes.h2;
    without.links = without.links!.filter((l) => !JSON.stringify(l).includes('h2:'));
    without.checks = without.checks!.filter((c) => c.ping !== 'h2');
    await apply(without);
    // no socket of ours keeps h2 alive: the lent one was closed before h2 was deleted
    let still = false;
    try { still = readlinkSync(`/proc/self/fd/${lentFd}`) === socketId; } catch { /* closed */ }
    expect(still).toBe(false);
    expect(netnsList()).not.toContain(nsName(lab.name, 'h2'));
    expect(ipJson<any[]>(nsName(lab.name, 'sw1'), 'link', 'show').map((l) => l.ifname)).not.toContain('p2');
    expect(cache.held()).not.toContain(nsName(lab.name, 'h2'));
    await apply(lab);
    expect(await fullPlan(lab)).toEqual([]);
  });
});
