/**
 * Page object for the whole window: its own selectors, so specs never spell a test id. The parts
 * of the window have their own page objects (toolbar, palette, canvas, inspector, dialogs, run tab).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { CanvasPage } from './canvas';
import { DialogsPage, type PreviewOp } from './dialogs';
import { InspectorPage } from './inspector';
import { PalettePage } from './palette';
import { RunTabPage } from './run-tab';
import { ToolbarPage } from './toolbar';

export class AppPage {
  readonly toolbar: ToolbarPage;
  readonly palette: PalettePage;
  readonly canvas: CanvasPage;
  readonly inspector: InspectorPage;
  readonly dialogs: DialogsPage;
  readonly run: RunTabPage;

  constructor(readonly page: Page, private readonly errors: string[] = []) {
    this.toolbar = new ToolbarPage(page);
    this.palette = new PalettePage(page);
    this.canvas = new CanvasPage(page);
    this.inspector = new InspectorPage(page);
    this.dialogs = new DialogsPage(page);
    this.run = new RunTabPage(page);
  }

  get title(): Locator { return this.page.getByTestId('title'); }
  get connectionBanner(): Locator { return this.page.getByTestId('connection-banner'); }
  get examplesButton(): Locator { return this.page.getByTestId('examples'); }
  get toast(): Locator { return this.page.getByTestId('toast'); }
  get commandLog(): Locator { return this.page.getByTestId('command-log'); }

  /** The banner's state (`no-token`, `connecting`, `disconnected`), or null when connected. */
  async connectionState(): Promise<string | null> {
    return (await this.connectionBanner.count()) ? this.connectionBanner.getAttribute('data-state') : null;
  }

  /** Connected to the server, and the first lab (example or re-attached) has finished loading. */
  async waitReady(timeout = 20_000): Promise<void> {
    await this.title.waitFor({ timeout });
    await this.page.locator('html[data-startup="done"]').waitFor({ state: 'attached', timeout });
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="connection-banner"]'), undefined, { timeout });
  }

  /** Open a lab file through the toolbar's Open (the file picker), as a person does; waits until the title names it. */
  async openFile(name: string, text: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.toolbar.click('open');
    await (await chooser).setFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await this.page.waitForFunction((n) => document.querySelector('[data-testid="title"]')?.textContent?.includes(n), name);
  }

  /** Toolbar New (accepting "discard changes?"), then name the lab in the lab inspector. */
  async newLab(name: string): Promise<void> {
    const accept = (d: { accept(): Promise<void> }) => void d.accept();
    this.page.once('dialog', accept);
    await this.toolbar.click('new');
    this.page.off('dialog', accept);
    await this.canvas.nodes.first().waitFor({ state: 'detached' });
    await this.inspector.setLabName(name);
    await this.page.waitForFunction((n) => document.querySelector('[data-testid="title"]')?.textContent?.startsWith(`${n}.yaml`), name);
  }

  /**
   * Deploy or Apply: press the button, wait for the plan preview, return its operations after
   * `inspect` (e.g. a screenshot) and confirm it. Resolves when the apply has finished.
   */
  async planAndApply(button: 'deploy' | 'apply', inspect?: (ops: PreviewOp[]) => Promise<void>): Promise<PreviewOp[]> {
    await this.toolbar.click(button);
    const ops = await this.dialogs.planOps();
    await inspect?.(ops);
    await this.dialogs.confirmPlan();
    await this.toolbar.waitIdle();
    if (await this.dialogs.message.count()) throw new Error(`${button} failed: ${await this.dialogs.message.textContent()}`);
    return ops;
  }

  /** Wait until every given node/cable shows `status` on the canvas; says which did not. */
  async waitForStatus(items: string[], status: string, timeout = 30_000): Promise<void> {
    const deadline = Date.now() + timeout;
    let last: Record<string, string> = {};
    for (;;) {
      last = await this.canvas.statuses();
      if (items.every((i) => last[i] === status)) return;
      if (Date.now() > deadline) throw new Error(`not all ${status} after ${timeout} ms: ${JSON.stringify(last)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Save a screenshot of the window as `dir/name.png` (the directory is created). */
  async screenshot(dir: string, name: string): Promise<string> {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Uncaught errors in the page so far. */
  pageErrors(): string[] { return [...this.errors]; }
}
