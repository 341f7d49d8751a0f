import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { checkLab } from '../../shared/lab/parse';
import { deltaOf, shareUnchanged, type LabDelta } from '../../shared/lab/delta';
import { resolveLab } from '../../shared/lab/resolve';
import type { Lab } from '../../shared/lab/schema';
import { nsName } from '../../shared/net/names';
import { loadExample, uniqueName } from '../../testing/labs';
import { ipJson, netnsList, nsExec, removeNetnsWithPrefix } from '../../testing/netns';
import { mutate, mutationArb } from '../../testing/hostile';
import { describeRoot } from '../../testing/root';
import { apply, applyDelta, destroy, EngineError, list, plan, planPreview } from './engine';
import { runStats } from './kernel/run';

const made: string[] = [];
const track = (lab: Lab) => { made.push(lab.name); return lab; };
afterEach(async () => {
  for (const name of made.splice(0)) {
    await destroy(name).catch(() => {});
    removeNetnsWithPrefix(`nslab-${name}-`);
  }
});

/** Every address of every node, by node name, from the lab. */
function addressesOf(lab: Lab, node: string): string[] {
  return Object.values(lab.nodes[node]?.interfaces ?? {}).flatMap((i) => i.addresses ?? []).map((a) => a.split('/')[0]!);
}

/** Carrier comes up asynchronously (the kernel's linkwatch): wait for it, bounded. */
function waitOperUp(lab: Lab, timeoutMs = 5000): void {
  const r = resolveLab(lab);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const down = r.nodes.flatMap((n) => ipJson<any[]>(n.ns, 'link', 'show')
      .filter((l) => n.ifaces.some((i) => i.name === l.ifname && i.up) && l.operstate !== 'UP').map((l) => `${n.name}:${l.ifname}`));
    if (down.length === 0 || Date.now() > deadline) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/** Check the kernel's own view of every node against the lab file. */
function assertKernelMatches(lab: Lab): void {
  waitOperUp(lab);
  const r = resolveLab(lab);
  const present = netnsList();
  for (const node of r.nodes) {
    expect(present, `namespace of ${node.name}`).toContain(node.ns);
    const links = ipJson<any[]>(node.ns, 'addr', 'show');
    expect(links.find((l) => l.ifname === 'lo')?.flags).toContain('UP');
    for (const want of node.ifaces) {
      const l = links.find((x) => x.ifname === want.name);
      expect(l, `${node.name}:${want.name}`).toBeTruthy();
      expect(l.mtu).toBe(want.mtu);
      expect(l.operstate).toBe('UP');
      const addrs = l.addr_info.filter((a: any) => a.scope === 'global').map((a: any) => `${a.local}/${a.prefixlen}`).sort();
      expect(addrs).toEqual(want.addresses);
      if (want.master) expect(l.master).toBe(want.master);
    }
    if (node.bridge) {
      const br = ipJson<any[]>(node.ns, '-d', 'link', 'show', 'dev', 'br0')[0];
      expect(br.linkinfo.info_kind).toBe('bridge');
      expect(br.linkinfo.info_data.stp_state).toBe(0);
    }
    const routes = [...ipJson<any[]>(node.ns, 'route', 'show'), ...ipJson<any[]>(node.ns, '-6', 'route', 'show')];
    for (const want of node.routes) {
      const hit = routes.find((x) => x.dst === want.to && x.gateway === want.via);
      expect(hit, `${node.name} route ${want.to} via ${want.via}`).toBeTruthy();
    }
    const fwd = nsExec(node.ns, ['sysctl', '-n', 'net.ipv4.ip_forward']).out.trim();
    expect(fwd).toBe(node.kind === 'router' ? '1' : '0');
  }
}

/** The lab's ping checks, run for real inside the namespaces. */
function assertPings(lab: Lab): void {
  for (const c of lab.checks ?? []) {
    if (c.ping === undefined) continue;
    const targets = lab.nodes[c.ping] ? addressesOf(lab, c.ping) : [c.ping];
    for (const t of targets) {
      const r = nsExec(nsName(lab.name, c.from), ['ping', '-c', '1', '-W', '2', t]);
      expect(r.code === 0, `${c.from} → ${t}: ${r.out}`).toBe((c.expect ?? 'success') === 'success');
    }
  }
}

const ifindexes = (lab: Lab): Record<string, number> => Object.fromEntries(resolveLab(lab).nodes.flatMap((n) =>
  ipJson<any[]>(n.ns, 'link', 'show').map((l) => [`${n.name}:${l.ifname}`, l.ifindex])));

describeRoot('engine against the real kernel', () => {
  const examples = readdirSync(join(__dirname, '../../examples')).filter((f) => f.endsWith('.yaml'));

  it.each(examples)('%s: up builds what the file says, hosts reach each other, up again changes nothing, down leaves nothing', async (file) => {
    const lab = track(loadExample(file));
    const first = await apply(lab);
    expect(first.applied).toBe(first.ops.length);
    assertKernelMatches(lab);
    assertPings(lab);
    const before = ifindexes(lab);
    expect(await plan(lab)).toEqual([]);
    const second = await apply(lab);
    expect(second.ops).toEqual([]);
    expect(ifindexes(lab)).toEqual(before);
    expect((await list()).map((l) => l.name)).toContain(lab.name);
    const removed = await destroy(lab.name);
    expect(removed.sort()).toEqual(resolveLab(lab).nodes.map((n) => n.ns).sort());
    expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`))).toEqual([]);
  });

  it('a change applies only the difference: unchanged interfaces keep their ifindex', async () => {
    const lab = track(loadExample('routed.yaml'));
    await apply(lab);
    const before = ifindexes(lab);
    const changed: Lab = structuredClone(lab);
    changed.nodes.h4 = { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.4/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }] };
    changed.links!.push(['sw1:p4', 'h4:eth0']);
    changed.nodes.h1!.interfaces!.eth0!.addresses = ['10.0.1.20/24'];
    const r = await apply(changed);
    expect(r.ops.filter((o) => o.kind === 'netns.add').map((o) => o.node)).toEqual(['h4']);
    expect(r.ops.filter((o) => o.kind === 'veth.add')).toHaveLength(1);
    assertKernelMatches(changed);
    const after = ifindexes(changed);
    for (const [k, v] of Object.entries(before)) expect(after[k], k).toBe(v);
    expect(nsExec(nsName(lab.name, 'h4'), ['ping', '-c', '1', '-W', '2', '10.0.1.20']).code).toBe(0);
    // and back: h4 removed, h1 readdressed
    await apply(lab);
    assertKernelMatches(lab);
    expect(netnsList()).not.toContain(nsName(lab.name, 'h4'));
  });

  it('a change sent as a delta does what the whole lab does; a stale, misfit or invalid delta changes nothing', async () => {
    const lab = track(loadExample('routed.yaml'));
    const { revision } = await apply(lab);
    const edited: Lab = structuredClone(lab);
    edited.nodes.h4 = { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.4/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }] };
    edited.links!.push(['sw1:p4', 'h4:eth0']);
    edited.nodes.h1!.interfaces!.eth0!.addresses = ['10.0.1.20/24'];
    // as the canvas's store holds it: unchanged nodes and links are the same objects
    const changed = shareUnchanged(lab, edited);
    const wire = (v: unknown) => JSON.parse(JSON.stringify(v));
    const delta: LabDelta = wire({ name: lab.name, base: revision, ...deltaOf(lab, changed) });
    expect(Object.keys(delta.nodes!).sort()).toEqual(['h1', 'h4']);
    const want = (await plan(changed)).map((o) => o.command);
    const r = await applyDelta(delta);
    expect(r.ops.map((o) => o.command)).toEqual(want);
    expect(r.applied).toBe(r.ops.length);
    assertKernelMatches(changed);
    expect(nsExec(nsName(lab.name, 'h4'), ['ping', '-c', '1', '-W', '2', '10.0.1.20']).code).toBe(0);
    expect(await plan(changed)).toEqual([]);
    const before = ifindexes(changed);

    const refused = async (d: LabDelta, code: string, text: string) => {
      const e = await applyDelta(wire(d)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe(code);
      expect((e as EngineError).message).toContain(text);
      expect(ifindexes(changed)).toEqual(before);
      expect(await plan(changed)).toEqual([]);
    };
    // the base before the delta is gone: the sender must send the whole lab
    await refused(delta, 'stale', `does not hold revision ${revision}`);
    await refused({ name: lab.name, base: r.revision, drop: ['nope'] }, 'invalid', 'delta.drop: the base lab has no node "nope"');
    const bad = wire({ name: lab.name, base: r.revision, nodes: { h1: { ...changed.nodes.h1, interfaces: { eth0: { addresses: ['10.0.1.300/24'] } } } } });
    await refused(bad, 'invalid', 'nodes.h1.interfaces.eth0.addresses[0]');

    // and back as the app sends it: a preview of the delta (a node dropped: checked as a whole
    // lab), then an empty delta against the lab previewed, which applies what the preview listed
    const preview = await planPreview({ delta: wire({ name: lab.name, base: r.revision, ...deltaOf(changed, lab) }) });
    expect(preview.ops.filter((o) => o.kind === 'netns.del').map((o) => o.node)).toEqual(['h4']);
    const back = await applyDelta({ name: lab.name, base: preview.revision });
    expect(back.ops).toEqual(preview.ops);
    expect(back.applied).toBe(back.ops.length);
    assertKernelMatches(lab);
    expect(netnsList()).not.toContain(nsName(lab.name, 'h4'));
  });

  it('hostile deltas: every mutation that makes the lab invalid is refused as `invalid`, nothing spawned or changed', async () => {
    const lab = track(loadExample('routed.yaml'));
    let { revision } = await apply(lab);
    const before = ifindexes(lab);
    let invalid = 0;
    await fc.assert(fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (muts) => {
      let text: string;
      try { text = JSON.stringify(mutate(structuredClone(lab) as never, muts)); } catch { return; }
      const mutated = JSON.parse(text ?? 'null');
      if (checkLab(structuredClone(mutated)).ok) return; // still valid: not hostile, never deployed here
      const body = deltaOf(lab, shareUnchanged(lab, mutated));
      if (!body) return;
      invalid++;
      const spawned = runStats.spawned;
      const e = await applyDelta(JSON.parse(JSON.stringify({ name: lab.name, base: revision, ...body }))).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'invalid' });
      expect(runStats.spawned).toBe(spawned);
    }), { numRuns: 120 });
    expect(invalid).toBeGreaterThan(40);
    expect(ifindexes(lab)).toEqual(before);
    // the base is still the helper's: an empty delta against it changes nothing
    ({ revision } = await applyDelta({ name: lab.name, base: revision }));
    expect(revision).toBeTruthy();
    expect(await plan(lab)).toEqual([]);
  });

  it.each(['iproute2', 'netlink'])('a cable end whose alias was changed by hand is replaced by one up (%s observer and executor)', async (path) => {
    const prev = process.env.NSLAB_EXECUTOR;
    if (path === 'iproute2') process.env.NSLAB_EXECUTOR = 'iproute2';
    try {
      const lab = track(loadExample('routed.yaml'));
      await apply(lab);
      // a student relabels r1's end of the h1 cable: neither alias now says the two ends belong together
      execFileSync('ip', ['-n', nsName(lab.name, 'r1'), 'link', 'set', 'dev', 'eth0', 'alias', 'mine']);
      const [h1end] = ipJson<any[]>(nsName(lab.name, 'h1'), '-d', 'link', 'show', 'dev', 'eth0');
      expect(h1end.link_index, 'the kernel still pairs the two ends').toBe(ipJson<any[]>(nsName(lab.name, 'r1'), 'link', 'show', 'dev', 'eth0')[0].ifindex);
      const r = await apply(lab);
      expect(r.ops.filter((o) => o.kind === 'link.del')).toHaveLength(1);
      expect(r.applied).toBe(r.ops.length);
      assertKernelMatches(lab);
      expect(await plan(lab)).toEqual([]);
      expect(nsExec(nsName(lab.name, 'h1'), ['ping', '-c', '1', '-W', '2', '10.0.1.1']).code).toBe(0);
    } finally {
      if (prev === undefined) delete process.env.NSLAB_EXECUTOR; else process.env.NSLAB_EXECUTOR = prev;
    }
  });

  it('removing a node and reusing its cable\'s far-end name in the same apply works every time', async () => {
    const lab = track(loadExample('routed.yaml'));
    for (let round = 0; round < 4; round++) {
      await apply(lab);
      const swapped: Lab = structuredClone(lab);
      delete swapped.nodes.h3;
      swapped.checks = [];
      swapped.nodes.h4 = { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.4/24'] } } };
      swapped.links = swapped.links!.map((l) => (JSON.stringify(l).includes('h3:eth0') ? ['sw1:p3', 'h4:eth0'] : l));
      const r = await apply(swapped);
      expect(r.ops.map((o) => o.kind)).toContain('netns.del');
      assertKernelMatches(swapped);
    }
  });

  it('foreign namespaces survive, even one named like nslab\'s; a clash is refused before anything is made', async () => {
    const lab = track(loadExample('two-hosts.yaml'));
    const lookalike = nsName(lab.name, 'x');
    const foreign = `foreign-${uniqueName()}`;
    execFileSync('ip', ['netns', 'add', lookalike]);
    execFileSync('ip', ['netns', 'add', foreign]);
    try {
      await apply(lab);
      await destroy(lab.name);
      expect(netnsList()).toEqual(expect.arrayContaining([lookalike, foreign]));
      // a lab with node x would need that namespace: refused, and nothing else is created
      const clash: Lab = structuredClone(lab);
      clash.nodes.x = { kind: 'host' };
      const e = await apply(clash).catch((x) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect(e.code).toBe('conflict');
      expect(e.message).toContain(lookalike);
      expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`))).toEqual([lookalike]);
    } finally {
      execFileSync('ip', ['netns', 'del', lookalike]);
      execFileSync('ip', ['netns', 'del', foreign]);
    }
  });

  it('an invalid lab touches nothing; a lab needing a missing kernel feature is refused before anything is made', async () => {
    const lab = track(loadExample('two-hosts.yaml'));
    const bad = structuredClone(lab) as any;
    bad.nodes.h1.interfaces.eth0.addresses = ['10.0.0.999/24'];
    await expect(apply(bad)).rejects.toMatchObject({ code: 'invalid' });
    expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`))).toEqual([]);
    const delayed: Lab = structuredClone(lab);
    delayed.links = [{ endpoints: ['h1:eth0', 'h2:eth0'], delay: '20ms' }];
    const netem = spawnSync('ip', ['netns', 'list']).status === 0 && (await import('./kernel/features')).detectFeatures();
    const f = await netem;
    if (f && !f.netem.ok) {
      const e = await apply(delayed).catch((x) => x);
      expect(e.code).toBe('missing-feature');
      expect(e.message).toMatch(/netem/);
      expect(e.message).toMatch(/links\[0\]/);
      expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`))).toEqual([]);
    } else {
      await apply(delayed);
      const q = JSON.parse(execFileSync('tc', ['-j', '-n', nsName(lab.name, 'h1'), 'qdisc', 'show', 'dev', 'eth0'], { encoding: 'utf8' }));
      expect(q[0].kind).toBe('netem');
    }
  });

  it('rate shaping creates tbf on both ends and changes in place', async () => {
    const lab = track(loadExample('two-hosts.yaml'));
    lab.links = [{ endpoints: ['h1:eth0', 'h2:eth0'], rate: '10mbit' }];
    await apply(lab);
    for (const n of ['h1', 'h2']) {
      const q = JSON.parse(execFileSync('tc', ['-j', '-n', nsName(lab.name, n), 'qdisc', 'show', 'dev', 'eth0'], { encoding: 'utf8' }));
      expect(q[0].kind).toBe('tbf');
    }
    expect(await plan(lab)).toEqual([]);
    lab.links = [{ endpoints: ['h1:eth0', 'h2:eth0'], rate: '20mbit' }];
    const r = await apply(lab);
    expect(r.ops.map((o) => o.kind)).toEqual(['qdisc.replace', 'qdisc.replace']);
    lab.links = [['h1:eth0', 'h2:eth0']];
    const r2 = await apply(lab);
    expect(r2.ops.map((o) => o.kind)).toEqual(['qdisc.del', 'qdisc.del']);
    expect(await plan(lab)).toEqual([]);
  });
});

describeRoot('fault injection: the engine killed after each operation', () => {
  const cli = join(__dirname, '../../bin/nslab.js');
  const runCli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

  // ~5 CLI processes per cut, ~60 cuts: give it the time a loaded 2-core machine needs
  it.each(['two-hosts.yaml', 'routed.yaml'])('%s: down after a kill leaves nothing; up after a kill converges', { timeout: 240_000 }, async (file) => {
    const lab = track(loadExample(file));
    const dir = mkdtempSync(join(tmpdir(), 'nslab-fault-'));
    const path = join(dir, 'lab.yaml');
    writeFileSync(path, stringify(lab));
    const total = (await plan(lab)).length;
    expect(total).toBeGreaterThan(5);
    // the small lab: every cut point, each followed by down and (again) by up; the larger one: a spread
    const every = file === 'two-hosts.yaml';
    const cuts = every ? [...Array(total).keys()].flatMap((k) => [k, k]) : [0, 1, 3, 5, 8, 12, 17, Math.floor(total / 2), total - 3, total - 1];
    for (const [i, k] of cuts.entries()) {
      const killed = runCli(['up', path], { NSLAB_FAULT_AFTER: String(k) });
      expect(killed.signal, `cut ${k}: ${killed.stderr}`).toBe('SIGKILL');
      if (i % 2 === 0) {
        const down = runCli(['down', lab.name]);
        expect(down.status, down.stderr).toBe(0);
        expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`)), `after cut ${k}`).toEqual([]);
      } else {
        const up = runCli(['up', path]);
        expect(up.status, `cut ${k}: ${up.stderr}`).toBe(0);
        expect(await plan(lab), `cut ${k}`).toEqual([]);
        assertKernelMatches(lab);
        const down = runCli(['down', path]);
        expect(down.status, down.stderr).toBe(0);
        expect(netnsList().filter((n) => n.startsWith(`nslab-${lab.name}-`))).toEqual([]);
      }
    }
  });
});
