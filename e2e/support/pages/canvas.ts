/** The React Flow canvas: nodes by name, cables by key, status, and mouse gestures on them. */
import type { Locator, Page } from 'playwright-core';
import { centreOf, drag, type Point } from './mouse';

export class CanvasPage {
  constructor(readonly page: Page) {}

  get root(): Locator { return this.page.getByTestId('canvas'); }
  get flow(): Locator { return this.page.locator('.react-flow'); }
  get pane(): Locator { return this.page.locator('.react-flow__pane'); }
  node(name: string): Locator { return this.root.locator(`[data-node="${name}"]`); }
  get nodes(): Locator { return this.root.locator('[data-node]'); }
  handle(name: string): Locator { return this.root.locator(`[data-handle="${name}"]`); }
  link(key: string): Locator { return this.root.locator(`g[data-link="${key}"]`); }
  get links(): Locator { return this.root.locator('g[data-link]'); }
  /** the overview's painted canvas (a big lab zoomed far out) */
  get overview(): Locator { return this.root.getByTestId('overview'); }
  get overviewBadge(): Locator { return this.root.getByTestId('overview-badge'); }

  /** Whether the canvas is in overview mode, and how many nodes the overview last painted (null before it has). */
  async overviewState(): Promise<{ on: boolean; drawn: number | null }> {
    return this.root.evaluate((el) => {
      const d = el.getAttribute('data-overview-drawn');
      return { on: el.getAttribute('data-overview') === 'true', drawn: d === null ? null : Number(d) };
    });
  }

  /** React Flow's viewport: a flow point p is at `p * zoom + (x, y)` in the pane (read off `.react-flow__viewport`'s transform). */
  async viewport(): Promise<{ x: number; y: number; zoom: number }> {
    return this.page.locator('.react-flow__viewport').evaluate((el) => {
      const m = new DOMMatrixReadOnly(getComputedStyle(el).transform);
      return { x: m.e, y: m.f, zoom: m.a };
    });
  }

  /** Where a flow point is on the page. */
  async flowToPage(p: Point): Promise<Point> {
    const [v, b] = await Promise.all([this.viewport(), this.flow.boundingBox()]);
    if (!b) throw new Error('the canvas is not visible');
    return { x: b.x + v.x + p.x * v.zoom, y: b.y + v.y + p.y * v.zoom };
  }

  /** Wheel-zoom out over the middle of the canvas until the zoom is at most `zoom`. */
  async zoomOutTo(zoom: number): Promise<void> {
    const p = await this.at(0.5, 0.5);
    await this.page.mouse.move(p.x, p.y);
    for (let i = 0; i < 20 && (await this.viewport()).zoom > zoom; i++) {
      await this.page.mouse.wheel(0, 200);
      await this.page.waitForTimeout(50);
    }
    const z = (await this.viewport()).zoom;
    if (z > zoom) throw new Error(`could not zoom out to ${zoom} (at ${z})`);
  }

  /** A point of the canvas, given as fractions of its width and height. */
  async at(fx: number, fy: number): Promise<Point> {
    const b = await this.root.boundingBox();
    if (!b) throw new Error('the canvas is not visible');
    return { x: b.x + b.width * fx, y: b.y + b.height * fy };
  }

  async nodeNames(): Promise<string[]> {
    return this.nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''));
  }

  async linkKeys(): Promise<string[]> {
    return this.links.evaluateAll((els) => els.map((e) => e.getAttribute('data-link') ?? '').sort());
  }

  /** The centre of a node on the page. */
  async centreOf(name: string): Promise<Point> { return centreOf(this.node(name)); }

  async statusOf(name: string): Promise<string | null> { return this.node(name).getAttribute('data-status'); }

  /** Every node's and cable's deploy status, e.g. `{ h1: 'up', 'h1:eth0--r1:eth0': 'up' }`. */
  async statuses(): Promise<Record<string, string>> {
    const read = (l: Locator, attr: string) => l.evaluateAll((els, a) => els.map((e) => [e.getAttribute(a) ?? '', e.getAttribute('data-status') ?? ''] as const), attr);
    return Object.fromEntries([...(await read(this.nodes, 'data-node')), ...(await read(this.links, 'data-link'))]);
  }

  /**
   * Start recording every status each node and cable shows (a MutationObserver in the page), so a
   * spec can check the sequence a person saw, e.g. pending → creating → up. Read with statusHistory().
   */
  async recordStatuses(): Promise<void> {
    await this.root.evaluate((root) => {
      const w = window as unknown as { __nslabStatuses?: Record<string, string[]>; __nslabObserver?: MutationObserver };
      w.__nslabObserver?.disconnect();
      const log: Record<string, string[]> = {};
      const note = (el: Element) => {
        const key = el.getAttribute('data-node') ?? el.getAttribute('data-link');
        const st = el.getAttribute('data-status');
        if (!key || !st) return;
        const seq = (log[key] ??= []);
        if (seq[seq.length - 1] !== st) seq.push(st);
      };
      root.querySelectorAll('[data-status]').forEach(note);
      const obs = new MutationObserver((ms) => {
        for (const m of ms) {
          if (m.type === 'attributes') note(m.target as Element);
          else m.addedNodes.forEach((n) => { if (n instanceof Element) { if (n.hasAttribute('data-status')) note(n); n.querySelectorAll('[data-status]').forEach(note); } });
        }
      });
      obs.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
      w.__nslabStatuses = log;
      w.__nslabObserver = obs;
    });
  }

  async statusHistory(): Promise<Record<string, string[]>> {
    return this.page.evaluate(() => (window as unknown as { __nslabStatuses?: Record<string, string[]> }).__nslabStatuses ?? {});
  }

  /** Click a node (selects just it, and the inspector shows it). */
  async select(name: string): Promise<void> {
    const b = await this.node(name).boundingBox();
    if (!b) throw new Error(`node ${name} is not visible`);
    // the name, left of the right-hand connect dot
    await this.page.mouse.click(b.x + b.width * 0.35, b.y + b.height / 2);
  }

  /** Click an empty spot of the canvas: nothing selected (the inspector shows the lab). */
  async clearSelection(): Promise<void> {
    const p = await this.at(0.97, 0.04);
    await this.page.mouse.click(p.x, p.y);
  }

  /**
   * Draw a cable the way a person does: press on `from`'s right-hand dot (it shows on hover), drag
   * onto node `to` (the whole node is a drop target while a cable is drawn) and release.
   */
  async connect(from: string, to: string): Promise<void> {
    await this.node(from).hover();
    await this.handle(from).waitFor({ state: 'visible' });
    await drag(this.page, await centreOf(this.handle(from)), await centreOf(this.node(to)), 20);
  }
}
