// Issue #4: live kernel state on the canvas. A lab is deployed through the UI; then the kernel is
// changed from outside the app (`ip … link set dev eth0 down`, as a student would in a terminal)
// and the canvas has to show it: the cable leaves `up`, a drift banner lists what re-applying
// would run, and Re-apply brings the cable back. Adopt takes a hand-added address into the lab.
// Photographed into test-results/e2e/live-<nn>-<step>.png. The harness destroys the lab.
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { uniqueName } from '../testing/labs';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';
import { LivePage } from './support/pages/live';
import { repoRoot } from './support/web-server';

const SHOTS = join(repoRoot, 'test-results', 'e2e');
const CABLE = 'h1:eth0--r1:eth0';

describeRoot('live kernel state (issue #4)', () => {
  const nslab = useNslab();

  it('shows the kernel on the canvas, reports drift from an outside change, and re-applies or adopts it', async () => {
    const lab = uniqueName('live');
    const ns = (node: string) => `nslab-${lab}-${node}`;
    const app = await nslab.open();
    const live = new LivePage(app.page);
    await app.waitReady();

    // Deploy the "routed" example (host, router, switch) under a name of our own.
    await app.toolbar.click('examples');
    await app.page.getByTestId('example-routed').click();
    await app.page.getByTestId('examples-dialog').waitFor({ state: 'detached' });
    await app.inspector.setLabName(lab);
    await app.planAndApply('deploy');
    await app.waitForStatus(['h1', 'r1', 'sw1', 'h2', 'h3'], 'up');

    // The watch starts by itself: every cable turns live and up (carrier follows the apply shortly).
    await expect.poll(() => live.opers(), { timeout: 10_000, interval: 100 }).toEqual(
      Object.fromEntries((await app.canvas.linkKeys()).map((k) => [k, 'up'])));
    await expect(live.node('r1').getAttribute('data-forwarding')).resolves.toBe('on');
    await expect(live.node('h1').getAttribute('data-forwarding')).resolves.toBe('off');

    // Some traffic for the throughput labels and the sparklines: h1 pings h2 through the router.
    const ping = spawn('ip', ['netns', 'exec', ns('h1'), 'ping', '-q', '-i', '0.05', '-s', '1200', '-w', '20', '10.0.2.2'], { stdio: 'ignore', shell: false });
    try {
      await expect.poll(async () => (await live.rateLabels.allTextContents()).some((t) => /\d (k|M)?b\/s/.test(t)), { timeout: 10_000, interval: 200 }).toBe(true);
      await app.canvas.select('r1');
      await live.tab('interfaces').click();
      await live.interfaces.locator('[data-iface="eth0"] [data-testid="sparkline"]').waitFor({ timeout: 10_000 });
      await app.page.waitForTimeout(3000); // a few seconds of sparkline
      await live.interfaces.locator('[data-iface="eth1"]').scrollIntoViewIfNeeded();
      await app.screenshot(SHOTS, 'live-01-up-with-traffic');
      await live.tab('routes').click();
      await expect.poll(() => live.routes.locator('[data-route="10.0.2.0/24"]').count()).toBeGreaterThan(0);
      await live.tab('neighbours').click();
      // r1 has talked to h1 and h2: both are in its ARP cache
      await expect.poll(async () => (await live.neighbours.locator('[data-neigh]').evaluateAll((els) => els.map((e) => e.getAttribute('data-neigh')))).sort(), { timeout: 5_000 })
        .toEqual(expect.arrayContaining(['10.0.1.2', '10.0.2.2']));
      await live.neighbours.scrollIntoViewIfNeeded();
      await app.screenshot(SHOTS, 'live-02-inspector-neighbours');
    } finally {
      ping.kill('SIGTERM');
    }
    await app.canvas.clearSelection();

    // Outside the app: take h1's end of the cable down.
    await live.watchOper(CABLE, 'up');
    // (Bounds are generous: the latency itself is measured by `npm run bench`, not asserted.)
    const t0 = Date.now();
    execFileSync('ip', ['-n', ns('h1'), 'link', 'set', 'dev', 'eth0', 'down']);
    await expect.poll(() => live.link(CABLE).getAttribute('data-oper'), { timeout: 5_000, interval: 20 }).toBe('partial');
    const shownAt = await live.changedAt();
    await live.driftBanner.waitFor({ timeout: 5_000 });
    const bannerAt = Date.now();
    process.stderr.write(`live.spec: ip link set down → canvas data-oper ${shownAt! - t0} ms, drift banner within ${bannerAt - t0} ms\n`);
    expect(shownAt! - t0).toBeLessThan(1500);
    expect(await live.driftOps.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(`ip -n ${ns('h1')} link set dev eth0 up`)]));
    await expect(live.link(CABLE).getAttribute('data-drift')).resolves.toBe('true');
    await app.screenshot(SHOTS, 'live-03-drift-banner');

    // Re-apply: the kernel is brought back to the lab; the cable is up and the banner goes.
    await live.reapply.click();
    await expect.poll(() => live.link(CABLE).getAttribute('data-oper'), { timeout: 10_000, interval: 50 }).toBe('up');
    await live.driftBanner.waitFor({ state: 'detached', timeout: 5_000 });
    const flags = execFileSync('ip', ['-j', '-n', ns('h1'), 'link', 'show', 'dev', 'eth0'], { encoding: 'utf8' });
    expect(JSON.parse(flags)[0].flags).toContain('UP');
    await app.screenshot(SHOTS, 'live-04-reapplied');

    // Adopt: an address added by hand becomes part of the lab in the editor (undoable, unsaved).
    execFileSync('ip', ['-n', ns('h1'), 'addr', 'add', '10.0.1.9/24', 'dev', 'eth0']);
    await live.driftBanner.waitFor({ timeout: 5_000 });
    expect(await live.driftOps.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('addr del 10.0.1.9/24')]));
    await live.adopt.click();
    await live.driftBanner.waitFor({ state: 'detached', timeout: 5_000 });
    await app.page.getByTestId('dirty').waitFor();
    await app.canvas.select('h1');
    await expect.poll(async () => (await app.inspector.addresses('eth0').inputValue()).split(/[\s,]+/).filter(Boolean)).toEqual(['10.0.1.2/24', '10.0.1.9/24']);
    await app.screenshot(SHOTS, 'live-05-adopted');
    await app.canvas.clearSelection();

    // Discovery: a read-only picture of the machine, our lab grouped as such.
    await live.discoverButton.click();
    await live.discoveredLab(lab).waitFor({ state: 'attached', timeout: 30_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\nthe discovery view shows: ${await live.discovery.innerText().catch(() => '(nothing)')}`);
    });
    expect(await live.discovery.locator('[data-discovered-ns]').count()).toBeGreaterThanOrEqual(6); // host + 5 nodes
    await app.page.waitForTimeout(500);
    await app.screenshot(SHOTS, 'live-06-discovery');
    await live.discoveryClose.click();
    await live.discovery.waitFor({ state: 'detached' });

    // Destroy through the UI: the watch ends and the canvas is no longer live.
    await app.toolbar.click('destroy');
    await app.toolbar.waitIdle();
    await expect.poll(async () => Object.values(await live.opers()).every((o) => o === null), { timeout: 5_000 }).toBe(true);
    expect(app.pageErrors()).toEqual([]);
  });
});
