// Issue #5 in the app: a packet traced across the routed example, played on the canvas link by
// link; a live capture and the connectivity matrix on the same lab; and an exercise solved in the
// app — checks fail, the student adds the missing default route in the inspector, applies it (the
// preview a delta carrying h1 alone), and the checklist turns green. Screenshots: test-results/e2e/teaching-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { uniqueName } from '../testing/labs';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';
import type { AppPage } from './support/pages/app-page';
import { TeachingPage } from './support/pages/teaching';
import { repoRoot } from './support/web-server';

const SHOTS = join(repoRoot, 'test-results', 'e2e');

/** Open an example from the gallery and give it a name no other lab on this machine has. */
async function openExample(app: AppPage, id: string, prefix: string): Promise<string> {
  await app.examplesButton.click();
  await app.page.getByTestId(`example-${id}`).click();
  await app.page.getByTestId('examples-dialog').waitFor({ state: 'detached' });
  const name = uniqueName(prefix);
  await app.canvas.clearSelection();
  await app.inspector.setLabName(name);
  await expect.poll(() => app.inspector.labName.inputValue()).toBe(name);
  return name;
}

describeRoot('teaching: trace, capture, matrix, exercises (issue #5)', () => {
  const nslab = useNslab();

  it('traces a ping across the routed example on the canvas, captures a link and shows the matrix', async () => {
    const app = await nslab.open();
    await app.waitReady();
    const t = new TeachingPage(app.page);
    await openExample(app, 'routed', 'e2etr');
    await app.planAndApply('deploy');
    await app.waitForStatus(['h1', 'r1', 'sw1', 'h2', 'h3'], 'up');

    // a capture on h1's cable, running while the trace sends its ping
    await app.canvas.link('h1:eth0--r1:eth0').click({ force: true });
    await app.page.getByTestId('link-inspector').waitFor();
    await t.linkCapture.click();
    await app.page.waitForSelector('g[data-link="h1:eth0--r1:eth0"][data-capturing="true"], [data-testid="message-dialog"]', { timeout: 15_000 });
    if (await app.dialogs.message.count()) throw new Error(`capture failed: ${await app.dialogs.message.textContent()}`);
    await expect.poll(() => app.canvas.link('h1:eth0--r1:eth0').getAttribute('data-capturing')).toBe('true');

    await t.startTrace('h1', 'h2');
    // mid-animation: the first links are lit, in order
    await expect.poll(() => t.tracedLinks.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await app.screenshot(SHOTS, 'teaching-01-trace-playing');
    expect(await t.traceOutcome()).toBe('reached');
    const hops = await t.tracedLinks.evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-link'), Number(e.getAttribute('data-trace-hop'))])));
    // request h1→r1→sw1→h2, then the reply back: each of the three cables was crossed, the first one last of all
    expect(Object.keys(hops).sort()).toEqual(['h1:eth0--r1:eth0', 'h2:eth0--sw1:p2', 'r1:eth1--sw1:p1']);
    expect(hops['h1:eth0--r1:eth0']).toBe(6);
    expect(await t.traceDrop.count()).toBe(0);
    // a hop's headers: h1 sends with TTL 64, h2 receives it one router later with 63
    await t.hop('request', 0).click();
    await expect.poll(() => t.hopDetail.textContent()).toContain('10.0.1.2 → 10.0.2.2');
    expect(await app.page.getByTestId('trace-hop-ttl').textContent()).toBe('64');
    const last = await t.trace.locator('[data-testid^="trace-hop-request-"]').count();
    await t.hop('request', last - 1).click();
    expect(await app.page.getByTestId('trace-hop-ttl').textContent()).toBe('63');
    await app.screenshot(SHOTS, 'teaching-02-trace-reached');

    // the capture saw the ping go by, live
    await t.tab('capture').click();
    await expect.poll(() => t.captureRows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await t.captureRows.allTextContents()).join('\n')).toMatch(/ICMP echo request/);
    await app.screenshot(SHOTS, 'teaching-03-capture');
    const download = app.page.waitForEvent('download');
    await t.captureSave.click();
    const pcap = readFileSync(await (await download).path());
    expect(pcap.readUInt32LE(0).toString(16)).toMatch(/^a1b2(3c4d|c3d4)$/); // pcap magic (µs or ns)
    await t.captureStop.click();
    await expect.poll(() => app.canvas.link('h1:eth0--r1:eth0').getAttribute('data-capturing')).toBe(null);

    // the matrix: everyone reaches everyone in this lab; a cell traces its pair
    await t.tab('matrix').click();
    await t.matrixRun.click();
    await t.cell('h1', 'h3').waitFor({ timeout: 60_000 });
    expect(await t.cell('h1', 'h3').getAttribute('data-ok')).toBe('true');
    expect(await t.cell('h3', 'r1').getAttribute('data-ok')).toBe('true');
    await app.screenshot(SHOTS, 'teaching-04-matrix');
    await t.cell('h3', 'h1').click();
    expect(await t.traceOutcome()).toBe('reached');
    expect(app.pageErrors()).toEqual([]);
  });

  it('an exercise: checks fail, the student adds the default route in the inspector, applies it, and the checklist turns green', async () => {
    const app = await nslab.open();
    await app.waitReady();
    const t = new TeachingPage(app.page);
    const lab = await openExample(app, 'exercises/no-default-route', 'e2eex');
    // the instructions beside the canvas, rendered from Markdown (no raw HTML)
    await t.exercise.waitFor();
    expect(await t.exercise.locator('h3').first().textContent()).toBe('No way out');
    expect(await t.exercise.locator('ol > li').count()).toBe(3);
    await app.planAndApply('deploy');
    await app.waitForStatus(['h1', 'r1', 'h2'], 'up');

    expect(await t.runChecks()).toEqual(['pass', 'fail', 'fail', 'fail']);
    // hidden checks: a failing one shows its name but not why
    expect(await t.check(1).textContent()).toContain('hidden until it passes');
    expect(await t.check(1).getByTestId('check-1-trace').count()).toBe(0);
    await app.screenshot(SHOTS, 'teaching-05-exercise-failing');

    // the trace shows where the ping dies: h1 has no route
    await t.startTrace('h1', 'h2');
    expect(await t.traceOutcome()).toBe('lost');
    await t.traceDrop.waitFor();
    expect(await t.traceDrop.getAttribute('data-drop-node')).toBe('h1');
    expect(await t.traceDrop.textContent()).toContain('no-route');
    await app.screenshot(SHOTS, 'teaching-06-exercise-trace-lost');

    // fix it the way a student would: h1's inspector, + Route, via the gateway, Apply
    await app.canvas.select('h1');
    await app.page.getByTestId('route-add').click();
    await app.inspector.commit(app.inspector.route(0, 'via'), '10.0.1.1');
    expect(await app.inspector.route(0, 'to').inputValue()).toBe('default');
    const sentBefore = nslab.sent().length;
    const ops = await app.planAndApply('apply');
    expect(ops.map((o) => o.command).join('\n')).toMatch(/route (add|replace) default via 10\.0\.1\.1/);
    // the preview went as a delta against the deployed lab, carrying h1 alone, and the apply as an
    // empty delta against the lab previewed (neither was stale: no whole lab followed)
    const sent = nslab.sent().slice(sentBefore).filter((r) => ['plan', 'planDelta', 'apply', 'applyDelta'].includes(r.method));
    expect(sent).toEqual([
      { method: 'planDelta', params: { delta: { name: lab, base: expect.any(String), nodes: { h1: expect.objectContaining({ routes: [{ to: 'default', via: '10.0.1.1' }] }) } } } },
      { method: 'applyDelta', params: { delta: { name: lab, base: expect.any(String) } } },
    ]);

    expect(await t.runChecks()).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(await t.exercise.getByTestId('exercise-progress').getAttribute('data-solved')).toBe('true');
    expect(await t.traceDrop.count()).toBe(0); // the old trace went with the apply
    await app.screenshot(SHOTS, 'teaching-07-exercise-solved');
    expect(app.pageErrors()).toEqual([]);
  });
});
