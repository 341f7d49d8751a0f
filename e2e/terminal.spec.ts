// Node terminals, end to end: open a lab file, deploy it through the UI, double-click h1 for a
// shell, run `ip -br addr` in it and see h1's address; a second terminal from the inspector keeps
// the first one alive across tab switches; closing a tab ends its shell; destroy ends the rest.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { examplesDir, uniqueName } from '../testing/labs';
import { netnsList } from '../testing/netns';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';
import { TerminalsPage } from './support/pages/terminals';

/**
 * Processes in a node's namespace other than the live watcher's own `ip monitor` (the canvas
 * watches a deployed lab, and that monitor lives in the namespace by design).
 */
const nsPids = (ns: string): number[] => {
  let pids: number[];
  try {
    pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return pids.filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return !(argv[0]?.endsWith('ip') && argv.includes('monitor'));
    } catch {
      return false; // gone already
    }
  });
};

describeRoot('node terminals', () => {
  const nslab = useNslab();

  it('opens a shell in h1 by double-click, runs a command in h1’s namespace, and cleans up', async () => {
    const name = uniqueName('term');
    const yaml = readFileSync(join(examplesDir, 'two-hosts.yaml'), 'utf8').replace(/^name: .*$/m, `name: ${name}`);
    const app = await nslab.open();
    const page = app.page;
    const terms = new TerminalsPage(page);
    page.on('dialog', (d) => void d.accept()); // "discard changes?"
    await page.locator('html[data-startup="done"]').waitFor({ state: 'attached', timeout: 20_000 }).catch(() => {});
    await expect.poll(() => app.connectionState(), { timeout: 15_000 }).toBeNull();

    // Open the lab file through the toolbar's Open button.
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('open').click();
    await (await chooser).setFiles({ name: `${name}.yaml`, mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await terms.canvasNode('h1').waitFor();
    await expect.poll(() => page.getByTestId('title').textContent()).toContain(name);

    // Not deployed yet: a double-click says so and opens nothing.
    await terms.openByDoubleClick('h1');
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 5_000 }).toMatch(/Deploy the lab first/);
    expect(await terms.tab('h1').count()).toBe(0);

    // Deploy through the UI.
    await page.getByTestId('deploy').click();
    await page.getByTestId('confirm-apply').click();
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 });
    expect(netnsList()).toContain(`nslab-${name}-h1`);

    // Double-click h1: a terminal tab, a shell inside h1.
    await terms.openByDoubleClick('h1');
    await terms.tab('h1').waitFor();
    await terms.rows('h1').waitFor();
    await terms.waitForText('h1', /h1.*# ?$/m); // the prompt names the node
    await terms.typeLine('h1', 'ip -br addr');
    const text = await terms.waitForText('h1', /^eth0@\S+\s+UP\s+10\.0\.0\.1\/24/m);
    expect(text).not.toContain('10.0.0.2/24');
    expect(nsPids(`nslab-${name}-h1`).length).toBeGreaterThan(0);

    // A second terminal from the inspector; switching tabs keeps both screens.
    await terms.canvasNode('h2').click();
    await terms.inspectorButton.click();
    await terms.tab('h2').waitFor();
    await terms.typeLine('h2', 'echo from-$((6*7))');
    await terms.waitForText('h2', /^from-42$/m);
    await terms.tab('h1').click();
    expect(await terms.screen('h1').isVisible()).toBe(true);
    expect(await terms.screen('h2').isVisible()).toBe(false);
    expect(await terms.text('h1')).toMatch(/10\.0\.0\.1\/24/);
    await terms.typeLine('h1', 'echo still-$((20+22))');
    await terms.waitForText('h1', /^still-42$/m);

    // Closing h1's tab ends its shell: nothing is left in h1's namespace.
    await terms.closeButton('h1').click();
    await terms.tab('h1').waitFor({ state: 'detached' });
    await expect.poll(() => nsPids(`nslab-${name}-h1`), { timeout: 10_000 }).toEqual([]);
    expect(nsPids(`nslab-${name}-h2`).length).toBeGreaterThan(0);

    // Browser mode shares one helper: a connection drives only the terminals it opened, and they
    // end when it closes. Connection A opens a shell in h1; B may not type into it; A goes away.
    const other = await page.evaluate(async (lab) => {
      const token = new URLSearchParams(location.search).get('token')!;
      const connect = () => new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        ws.onopen = () => resolve(ws);
        ws.onerror = () => reject(new Error('no websocket'));
      });
      const call = (ws: WebSocket, id: number, method: string, params: unknown) => new Promise<any>((resolve) => {
        const on = (e: MessageEvent) => {
          const f = JSON.parse(String(e.data));
          if (f.id === id) { ws.removeEventListener('message', on); resolve(f.reply); }
        };
        ws.addEventListener('message', on);
        ws.send(JSON.stringify({ id, method, params }));
      });
      const a = await connect();
      const b = await connect();
      const opened = await call(a, 1, 'terminalOpen', { lab, node: 'h1', cols: 80, rows: 24 });
      const foreign = await call(b, 1, 'terminalInput', { id: opened.value.id, data: 'touch /tmp/nslab-should-not-exist\r' });
      a.close();
      b.close();
      return { opened, foreign };
    }, name);
    expect(other.opened).toMatchObject({ ok: true });
    expect(other.foreign).toMatchObject({ ok: false, code: 'not-found' });
    await expect.poll(() => nsPids(`nslab-${name}-h1`), { timeout: 10_000 }).toEqual([]);

    await page.getByTestId('destroy').click();
    await page.getByTestId('busy').waitFor({ state: 'detached', timeout: 60_000 });
    await terms.waitForText('h2', /shell in h2 ended/);
    expect(netnsList().filter((n) => n.startsWith(`nslab-${name}-`))).toEqual([]);
    expect(app.pageErrors()).toEqual([]);
  });
});
