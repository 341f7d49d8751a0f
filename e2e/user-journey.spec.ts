// The acceptance test of issue #3: a new user draws a lab with the mouse, deploys it into the real
// kernel, pings through the app, grows the lab and applies only the difference, and destroys it.
// Every step is checked on the machine itself with `ip -j`, and photographed into
// test-results/e2e/journey-<nn>-<step>.png. The harness destroys the lab even if a step fails.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { uniqueName } from '../testing/labs';
import { ipJson, netnsList, nsExec } from '../testing/netns';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';
import type { AppPage } from './support/pages/app-page';
import type { Point } from './support/pages/mouse';
import { repoRoot } from './support/web-server';

const SHOTS = join(repoRoot, 'test-results', 'e2e');

interface ShownNode { name: string; ifaces: Record<string, string[]>; routes: { to: string; via: string; dev: string }[] }

/** What the inspector shows for each node (click it on the canvas, read the fields). */
async function readNodes(app: AppPage, names: string[]): Promise<Record<string, ShownNode>> {
  const out: Record<string, ShownNode> = {};
  for (const n of names) {
    await app.canvas.select(n);
    await expect.poll(() => app.inspector.nodeName.inputValue()).toBe(n);
    out[n] = await app.inspector.readNode();
  }
  await app.canvas.clearSelection();
  return out;
}

/** The kernel's view of one node: IPv4 addresses per interface, non-kernel IPv4 routes, admin state. */
function kernelNode(ns: string) {
  const links = ipJson<{ ifname: string; ifindex: number; flags: string[]; addr_info?: { family: string; local: string; prefixlen: number }[] }[]>(ns, 'addr', 'show');
  const addrs = Object.fromEntries(links.filter((l) => l.ifname !== 'lo').map((l) => [l.ifname, (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`).sort()]));
  const routes = ipJson<{ dst: string; gateway?: string; dev: string; protocol?: string }[]>(ns, 'route', 'show')
    .filter((r) => r.protocol !== 'kernel')
    .map((r) => ({ to: r.dst, via: r.gateway ?? '' }));
  const adminUp = Object.fromEntries(links.map((l) => [l.ifname, l.flags.includes('UP')]));
  return { addrs, routes, adminUp };
}

/** Check on the machine that each node's namespace has exactly the addresses and routes the inspector shows. */
function expectKernelMatches(lab: string, shown: Record<string, ShownNode>): void {
  const present = netnsList();
  for (const [name, node] of Object.entries(shown)) {
    const ns = `nslab-${lab}-${name}`;
    expect(present, `namespace ${ns}`).toContain(ns);
    const k = kernelNode(ns);
    expect(k.addrs, `${name}: addresses`).toEqual(Object.fromEntries(Object.entries(node.ifaces).map(([i, a]) => [i, [...a].sort()])));
    expect(k.routes.sort((a, b) => a.to.localeCompare(b.to)), `${name}: routes`)
      .toEqual(node.routes.map((r) => ({ to: r.to, via: r.via })).sort((a, b) => a.to.localeCompare(b.to)));
    // admin state, set by the apply; operstate follows asynchronously (the kernel's linkwatch), so
    // expectCarrier waits for it
    for (const i of Object.keys(node.ifaces)) expect(k.adminUp[i], `${name}:${i} is up`).toBe(true);
  }
}

/** A node dropped at a point is centred there (snapped to the 15 px grid). */
function expectNear(actual: Point, want: Point, what: string): void {
  expect(Math.hypot(actual.x - want.x, actual.y - want.y), `${what} at ${JSON.stringify(actual)}, dropped at ${JSON.stringify(want)}`).toBeLessThan(30);
}

/** The kernel brings a veth's operstate UP shortly after both ends are set up (linkwatch): wait for it. */
async function expectCarrier(lab: string, shown: Record<string, ShownNode>): Promise<void> {
  for (const [name, node] of Object.entries(shown)) {
    const oper = () => Object.fromEntries(ipJson<{ ifname: string; operstate: string }[]>(`nslab-${lab}-${name}`, 'link', 'show')
      .filter((l) => l.ifname in node.ifaces).map((l) => [l.ifname, l.operstate]));
    await expect.poll(oper, { timeout: 5_000, interval: 100, message: `${name}: operstate` })
      .toEqual(Object.fromEntries(Object.keys(node.ifaces).map((i) => [i, 'UP'])));
  }
}

const ifindexes = (ns: string) => Object.fromEntries(ipJson<{ ifname: string; ifindex: number }[]>(ns, 'link', 'show').map((l) => [l.ifname, l.ifindex]));
const bare = (cidr: string) => cidr.split('/')[0]!;

describeRoot('user journey (issue #3)', () => {
  const nslab = useNslab();

  it('draws a lab with the mouse, deploys it, pings through the app, applies an addition and destroys it', async () => {
    const lab = uniqueName('e2e');
    const app = await nslab.open();
    let step = 0;
    const shot = (name: string) => app.screenshot(SHOTS, `journey-${String(++step).padStart(2, '0')}-${name}`);

    // 1. open the app with the token
    await app.waitReady();
    await shot('open');

    // 2. a new lab with its own name
    await app.newLab(lab);
    expect(await app.canvas.nodeNames()).toEqual([]);
    await shot('new-lab');

    // 3. two hosts and a router, dragged from the palette; each lands where it was dropped
    const dropped: Record<string, Point> = { h1: await app.canvas.at(0.15, 0.3), h2: await app.canvas.at(0.8, 0.3), r1: await app.canvas.at(0.47, 0.3) };
    for (const [name, at] of Object.entries(dropped)) {
      await app.palette.dragTo(name.startsWith('h') ? 'host' : 'router', at);
      await app.canvas.node(name).waitFor();
      expectNear(await app.canvas.centreOf(name), at, name);
    }
    expect(await app.canvas.nodeNames()).toEqual(['h1', 'h2', 'r1']);
    await shot('nodes');

    // 4. cables h1→r1 and r1→h2, drawn from the handles
    await app.canvas.connect('h1', 'r1');
    await app.canvas.connect('r1', 'h2');
    const links = ['h1:eth0--r1:eth0', 'h2:eth0--r1:eth1'];
    await expect.poll(() => app.canvas.linkKeys()).toEqual(links);
    await shot('cables');

    // 5. auto-address; what the inspector shows is what must reach the kernel
    await app.toolbar.click('auto-address');
    const shown = await readNodes(app, ['h1', 'r1', 'h2']);
    expect(shown.h1!.ifaces.eth0).toHaveLength(1);
    expect(shown.h2!.ifaces.eth0).toHaveLength(1);
    expect(shown.r1!.ifaces).toMatchObject({ eth0: [expect.any(String)], eth1: [expect.any(String)] });
    expect(shown.h1!.routes).toEqual([{ to: 'default', via: bare(shown.r1!.ifaces.eth0![0]!), dev: '' }]);
    await shot('auto-address');

    // 6. deploy: the plan preview, confirmed; every node and cable goes creating → up
    const deployOps = await app.planAndApply('deploy', async (ops) => {
      expect(ops.filter((o) => o.kind === 'netns.add').map((o) => o.subject).sort()).toEqual(['h1', 'h2', 'r1']);
      await shot('deploy-preview');
      await app.canvas.recordStatuses();
    });
    expect(deployOps.length).toBeGreaterThan(0);
    await app.waitForStatus(['h1', 'h2', 'r1', ...links], 'up');
    const seen = await app.canvas.statusHistory();
    for (const item of ['h1', 'h2', 'r1', ...links]) {
      // pending may be replaced by creating before the browser paints it; creating and up may not
      expect(seen[item]?.filter((st) => st !== 'pending'), `${item}: ${seen[item]?.join(' → ')}`).toEqual(['idle', 'creating', 'up']);
    }
    await shot('deployed');

    // 7. on the machine: namespaces, addresses, routes as the canvas shows them; the router forwards
    expectKernelMatches(lab, shown);
    await expectCarrier(lab, shown);
    expect(nsExec(`nslab-${lab}-r1`, ['sysctl', '-n', 'net.ipv4.ip_forward']).out.trim()).toBe('1');

    // 8. ping h1 → h2 through the app (Run tab, only h1 selected)
    const h2addr = bare(shown.h2!.ifaces.eth0![0]!);
    await app.canvas.select('h1');
    await app.run.run(`ping -c 1 -W 2 ${h2addr}`);
    expect(await app.run.results.count()).toBe(1);
    const ping = await app.run.outcome('h1');
    expect(ping, ping.text).toMatchObject({ state: 'done', exit: 0 });
    expect(ping.text).toContain('1 received');
    await shot('ping');

    // 9. a third host on the router, auto-addressed, applied: only new objects are created
    await app.canvas.clearSelection();
    const h3at = await app.canvas.at(0.47, 0.72);
    await app.palette.dragTo('host', h3at);
    await app.canvas.node('h3').waitFor();
    expectNear(await app.canvas.centreOf('h3'), h3at, 'h3');
    expect(await app.canvas.nodeNames()).toEqual(['h1', 'h2', 'r1', 'h3']);
    await app.canvas.connect('r1', 'h3');
    const links3 = [...links, 'h3:eth0--r1:eth2'];
    await expect.poll(() => app.canvas.linkKeys()).toEqual(links3);
    await app.toolbar.click('auto-address');
    const shown3 = await readNodes(app, ['h1', 'r1', 'h2', 'h3']);
    // the old nodes keep their addresses and routes
    for (const n of ['h1', 'h2'] as const) expect(shown3[n]).toEqual(shown[n]);
    expect(shown3.r1!.ifaces).toMatchObject(shown.r1!.ifaces);
    await shot('third-host');

    const before = Object.fromEntries(['h1', 'r1', 'h2'].map((n) => [n, ifindexes(`nslab-${lab}-${n}`)]));
    const applyOps = await app.planAndApply('apply', async (ops) => {
      expect(ops.filter((o) => /\.del$/.test(o.kind) || /\bdel\b/.test(o.command)), 'the preview deletes nothing').toEqual([]);
      expect(ops.filter((o) => o.kind === 'netns.add').map((o) => o.subject)).toEqual(['h3']);
      // everything is about the new host, its cable, or the router's new port
      for (const o of ops) expect(o.command, o.command).toMatch(new RegExp(`nslab-${lab}-(h3|r1)\\b`));
      await shot('apply-preview');
    });
    expect(applyOps.length).toBeGreaterThan(0);
    await app.waitForStatus(['h1', 'h2', 'r1', 'h3', ...links3], 'up');
    await shot('applied');
    for (const [n, idx] of Object.entries(before)) expect(ifindexes(`nslab-${lab}-${n}`), `${n}: interfaces kept their ifindexes`).toMatchObject(idx);
    expectKernelMatches(lab, shown3);
    await expectCarrier(lab, shown3);

    // 10. every host and router pings the new host (nothing selected: all of them), side by side
    const h3addr = bare(shown3.h3!.ifaces.eth0![0]!);
    await app.run.run(`ping -c 1 -W 2 ${h3addr}`);
    for (const n of ['h1', 'h2', 'r1', 'h3']) {
      const r = await app.run.outcome(n);
      expect(r, `${n}: ${r.text}`).toMatchObject({ state: 'done', exit: 0 });
    }
    await shot('ping-all');

    // 11. destroy: nothing of the lab is left on the machine
    await app.toolbar.click('destroy');
    await app.toolbar.waitIdle();
    await app.toast.waitFor();
    await app.waitForStatus(['h1', 'h2', 'r1', 'h3', ...links3], 'idle');
    expect(netnsList().filter((n) => n.startsWith(`nslab-${lab}-`))).toEqual([]);
    await shot('destroyed');

    expect(app.pageErrors()).toEqual([]);
  });
});
