import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Lab } from '../../../shared/lab/schema';
import { nsName } from '../../../shared/net/names';
import type { LiveDiff, LiveEvent } from '../../../shared/state/live';
import { uniqueName } from '../../../testing/labs';
import { ipJson, removeNetnsWithPrefix } from '../../../testing/netns';
import { describeRoot } from '../../../testing/root';
import { apply, destroy } from '../engine';
import { liveMonitors } from './monitor';
import { LabWatcher } from './watcher';

const labOf = (name: string): Lab => ({
  name,
  nodes: {
    h1: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.1/24', 'fd00:a::1/64'] } } },
    h2: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.2/24', 'fd00:a::2/64'] } } },
  },
  links: [['h1:eth0', 'h2:eth0']],
});

/** Collects a watcher's events; `next` waits for the first (new) one matching. */
function recorder(w: LabWatcher) {
  const events: LiveEvent[] = [];
  const waiters: { pred: (e: LiveEvent) => boolean; resolve: (e: LiveEvent) => void }[] = [];
  w.subscribe((e) => {
    events.push(e);
    for (const x of [...waiters]) if (x.pred(e)) { waiters.splice(waiters.indexOf(x), 1); x.resolve(e); }
  });
  return {
    events,
    next(pred: (e: LiveEvent) => boolean, what: string, timeoutMs = 3000): Promise<LiveEvent> {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms: ${what}`)), timeoutMs);
        waiters.push({ pred, resolve: (e) => { clearTimeout(t); resolve(e); } });
      });
    },
    /** the next diff event containing a diff matching `pred`; resolves to that diff */
    async diff(pred: (d: LiveDiff) => boolean, what: string, timeoutMs = 3000): Promise<LiveDiff> {
      const e = await this.next((e) => e.type === 'diff' && e.diffs.some(pred), what, timeoutMs);
      return (e as Extract<LiveEvent, { type: 'diff' }>).diffs.find(pred)!;
    },
  };
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
/** Monitor processes of a lab's namespaces, by command line (what a user would see in ps). */
const monitorsOf = (lab: string) => spawnSync('pgrep', ['-f', `ip -n nslab-${lab}-.* monitor`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);

describeRoot('live watcher (real kernel)', () => {
  const name = uniqueName('lw');
  const h1 = nsName(name, 'h1');
  const h2 = nsName(name, 'h2');
  let w: LabWatcher;
  let rec: ReturnType<typeof recorder>;

  beforeAll(async () => {
    await apply(labOf(name));
    w = await LabWatcher.start(name, { intervalMs: 200 });
    rec = recorder(w);
  });
  afterAll(async () => {
    try { await w?.stop(); } finally {
      await destroy(name).catch(() => {});
      removeNetnsWithPrefix(`nslab-${name}-`);
    }
  });

  it('starts with one snapshot of every namespace, in sync with the lab', async () => {
    const snap = rec.events[0];
    expect(snap?.type).toBe('snapshot');
    if (snap?.type !== 'snapshot') return;
    expect(Object.keys(snap.state.namespaces).sort()).toEqual([h1, h2]);
    expect(snap.state.namespaces[h1]!.links.find((l) => l.name === 'eth0')?.addresses).toEqual(['10.0.0.1/24', 'fd00:a::1/64']);
    const drift = await rec.next((e) => e.type === 'drift', 'first drift report').catch(() => rec.events.find((e) => e.type === 'drift')!);
    expect(drift).toMatchObject({ type: 'drift', ops: [] });
    expect(w.pids()).toHaveLength(2);
  });

  it('link down and up: link changes with adminUp, carrier and operState', async () => {
    const down = rec.diff((d) => d.kind === 'link' && d.op === 'change' && d.ns === h1 && d.value.name === 'eth0' && !d.value.adminUp, 'eth0 down');
    ip('-n', h1, 'link', 'set', 'dev', 'eth0', 'down');
    expect(await down).toMatchObject({ node: 'h1', value: { adminUp: false, operState: 'DOWN' } });
    // the peer loses its carrier
    await rec.diff((d) => d.kind === 'link' && d.ns === h2 && d.op === 'change' && !d.value.carrier, 'peer carrier lost');
    const up = rec.diff((d) => d.kind === 'link' && d.op === 'change' && d.ns === h1 && d.value.adminUp && d.value.carrier, 'eth0 up');
    ip('-n', h1, 'link', 'set', 'dev', 'eth0', 'up');
    expect(await up).toMatchObject({ value: { name: 'eth0', adminUp: true, carrier: true } });
    // the kernel drops IPv6 addresses of a link that goes down: the watcher saw that too
    expect(w.current.namespaces[h1]!.links.find((l) => l.name === 'eth0')!.addresses).toEqual(['10.0.0.1/24']);
    const back = rec.diff((d) => d.kind === 'addr' && d.op === 'add' && d.cidr === 'fd00:a::1/64', 'IPv6 address back after re-apply');
    await apply(labOf(name));
    await back;
  });

  it('address added and removed (IPv4 and IPv6)', async () => {
    const add4 = rec.diff((d) => d.kind === 'addr' && d.op === 'add' && d.cidr === '10.0.0.9/24', 'v4 address added');
    const add6 = rec.diff((d) => d.kind === 'addr' && d.op === 'add' && d.cidr === 'fd00:b::9/64', 'v6 address added');
    ip('-n', h1, 'addr', 'add', '10.0.0.9/24', 'dev', 'eth0');
    ip('-n', h1, 'addr', 'add', 'fd00:b::9/64', 'dev', 'eth0', 'nodad');
    expect(await add4).toEqual({ kind: 'addr', op: 'add', ns: h1, node: 'h1', dev: 'eth0', cidr: '10.0.0.9/24' });
    expect(await add6).toMatchObject({ dev: 'eth0', node: 'h1' });
    const del = rec.diff((d) => d.kind === 'addr' && d.op === 'del' && d.cidr === '10.0.0.9/24', 'v4 address removed');
    ip('-n', h1, 'addr', 'del', '10.0.0.9/24', 'dev', 'eth0');
    ip('-n', h1, 'addr', 'del', 'fd00:b::9/64', 'dev', 'eth0');
    expect(await del).toEqual({ kind: 'addr', op: 'del', ns: h1, node: 'h1', dev: 'eth0', cidr: '10.0.0.9/24' });
    expect(w.current.namespaces[h1]!.links.find((l) => l.name === 'eth0')!.addresses).toEqual(['10.0.0.1/24', 'fd00:a::1/64']);
  });

  it('routes added and removed, in any table and family', async () => {
    const main4 = rec.diff((d) => d.kind === 'route' && d.op === 'add' && d.route.to === '192.0.2.0/24', 'v4 route added');
    const t100 = rec.diff((d) => d.kind === 'route' && d.op === 'add' && d.route.to === 'fd00:77::/64', 'v6 route in table 100 added');
    ip('-n', h1, 'route', 'add', '192.0.2.0/24', 'via', '10.0.0.2');
    ip('-n', h1, '-6', 'route', 'add', 'fd00:77::/64', 'via', 'fd00:a::2', 'table', '100');
    expect(await main4).toMatchObject({ node: 'h1', route: { family: 4, to: '192.0.2.0/24', via: '10.0.0.2', dev: 'eth0', table: 'main', protocol: 'boot' } });
    expect(await t100).toMatchObject({ route: { family: 6, via: 'fd00:a::2', table: '100' } });
    const del = rec.diff((d) => d.kind === 'route' && d.op === 'del' && d.route.to === '192.0.2.0/24', 'v4 route removed');
    ip('-n', h1, 'route', 'del', '192.0.2.0/24', 'via', '10.0.0.2');
    ip('-n', h1, '-6', 'route', 'del', 'fd00:77::/64', 'table', '100');
    expect(await del).toMatchObject({ route: { to: '192.0.2.0/24', via: '10.0.0.2' } });
  });

  it('a neighbour is learned when h1 pings h2 across the cable', async () => {
    const mac = ipJson<any[]>(h2, 'link', 'show', 'dev', 'eth0')[0].address;
    const learned = rec.diff((d) => d.kind === 'neigh' && d.op !== 'del' && d.ns === h1 && d.value.dst === '10.0.0.2' && d.value.lladdr === mac, 'ARP entry for h2');
    execFileSync('ip', ['netns', 'exec', h1, 'ping', '-c', '1', '-W', '2', '10.0.0.2'], { stdio: 'ignore' });
    const d = await learned;
    expect(d).toMatchObject({ kind: 'neigh', node: 'h1', value: { dev: 'eth0', lladdr: mac } });
    if (d.kind === 'neigh' && d.op !== 'del') expect(['REACHABLE', 'DELAY', 'STALE', 'PROBE']).toContain(d.value.state[0]);
  });

  it('counters arrive with rates, read from /proc/<monitor pid>/net/dev', async () => {
    const first = await rec.next((e) => e.type === 'counters', 'a counter sample');
    if (first.type !== 'counters') return;
    execFileSync('ip', ['netns', 'exec', h1, 'ping', '-c', '3', '-i', '0.05', '-s', '1000', '10.0.0.2'], { stdio: 'ignore' });
    const later = await rec.next((e) => e.type === 'counters' && e.samples.some((s) => s.ns === h1 && (s.ifaces.eth0?.txBps ?? 0) > 0), 'a sample with traffic');
    if (later.type !== 'counters') return;
    const eth0 = later.samples.find((s) => s.ns === h1)!.ifaces.eth0!;
    expect(eth0.txBytes).toBeGreaterThan(3000);
    expect(eth0.txPps).toBeGreaterThan(0);
    expect(ipJson<any[]>(h1, '-s', 'link', 'show', 'dev', 'eth0')[0].stats64.tx.bytes).toBeGreaterThanOrEqual(eth0.txBytes);
  });

  it('drift after an outside ip command is reported within a second, and is gone after re-apply', async () => {
    const t0 = Date.now();
    const drifted = rec.next((e) => e.type === 'drift' && (e.ops?.length ?? 0) > 0, 'drift reported', 1500);
    ip('-n', h1, 'addr', 'del', '10.0.0.1/24', 'dev', 'eth0');
    const e = await drifted;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(e.type === 'drift' && e.ops!.map((o) => o.command)).toContain(`ip -n ${h1} addr add 10.0.0.1/24 dev eth0`);
    const mtuDrift = rec.next((e) => e.type === 'drift' && !!e.ops?.some((o) => o.command.includes('mtu 1500')), 'mtu drift', 1500);
    ip('-n', h2, 'link', 'set', 'dev', 'eth0', 'mtu', '1400');
    await mtuDrift;
    const clean = rec.next((e) => e.type === 'drift' && e.ops?.length === 0, 'drift gone', 3000);
    await apply(labOf(name));
    await clean;
    expect(w.driftNow()).toEqual([]);
  });

  it('a monitor that dies is replaced and its namespace read afresh', async () => {
    const [pid] = w.pids();
    process.kill(pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 400)); // restart back-off is 100 ms
    expect(w.pids()).toHaveLength(2);
    expect(w.pids()).not.toContain(pid);
    const seen = rec.diff((d) => d.kind === 'addr' && d.op === 'add' && d.cidr === '10.0.0.77/24', 'event after restart');
    ip('-n', h1, 'addr', 'add', '10.0.0.77/24', 'dev', 'eth0');
    ip('-n', h2, 'addr', 'add', '10.0.0.78/24', 'dev', 'eth0');
    await seen;
    ip('-n', h1, 'addr', 'del', '10.0.0.77/24', 'dev', 'eth0');
    ip('-n', h2, 'addr', 'del', '10.0.0.78/24', 'dev', 'eth0');
  });
});

describeRoot('live watcher: labs appearing and disappearing', () => {
  it('follows up and down, and stop() leaves no ip monitor behind', async () => {
    const name = uniqueName('lw');
    const w = await LabWatcher.start(name, { intervalMs: 0, pollMs: 500 });
    try {
      const rec = recorder(w);
      expect(rec.events[0]).toMatchObject({ type: 'snapshot', state: { namespaces: {} } });
      const added = rec.next((e) => e.type === 'diff' && e.diffs.filter((d) => d.kind === 'ns' && d.op === 'add').length === 2
        || (e.type === 'diff' && Object.keys(w.current.namespaces).length === 2), 'namespaces added', 5000);
      await apply(labOf(name));
      await added;
      expect(Object.keys(w.current.namespaces).sort()).toEqual([nsName(name, 'h1'), nsName(name, 'h2')]);
      expect(monitorsOf(name)).toHaveLength(2);
      const gone = rec.next(() => Object.keys(w.current.namespaces).length === 0, 'namespaces removed', 5000);
      await destroy(name);
      await gone;
      // the monitors let go at once, so the namespaces (and their veths) really disappear
      await new Promise((r) => setTimeout(r, 100));
      expect(monitorsOf(name)).toEqual([]);
    } finally {
      await w.stop();
      await destroy(name).catch(() => {});
      removeNetnsWithPrefix(`nslab-${name}-`);
    }
    expect(monitorsOf(name)).toEqual([]);
    expect(spawnSync('pgrep', ['-f', 'ip.*monitor label'], { encoding: 'utf8' }).stdout.split('\n').filter((p) => liveMonitors.has(Number(p)))).toEqual([]);
    expect(liveMonitors.size).toBe(0);
  });
});
