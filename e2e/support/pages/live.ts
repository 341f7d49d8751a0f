/** Live kernel state in the window: cable states, node badges, drift banner, inspector tabs, discovery. */
import type { Locator, Page } from 'playwright-core';

export class LivePage {
  constructor(readonly page: Page) {}

  link(key: string): Locator { return this.page.locator(`g[data-link="${key}"]`); }
  node(name: string): Locator { return this.page.locator(`[data-node="${name}"]`); }
  get driftBanner(): Locator { return this.page.getByTestId('drift-banner'); }
  get driftOps(): Locator { return this.page.getByTestId('drift-op'); }
  get reapply(): Locator { return this.page.getByTestId('drift-reapply'); }
  get adopt(): Locator { return this.page.getByTestId('drift-adopt'); }
  tab(name: 'interfaces' | 'routes' | 'neighbours'): Locator { return this.page.getByTestId(`live-tab-${name}`); }
  get interfaces(): Locator { return this.page.getByTestId('live-interfaces'); }
  get routes(): Locator { return this.page.getByTestId('live-routes'); }
  get neighbours(): Locator { return this.page.getByTestId('live-neighbours'); }
  get rateLabels(): Locator { return this.page.getByTestId('live-link-label'); }
  get discoverButton(): Locator { return this.page.getByTestId('discover'); }
  get discovery(): Locator { return this.page.getByTestId('discovery-view'); }
  get discoveryClose(): Locator { return this.page.getByTestId('discover-close'); }
  discoveredLab(lab: string): Locator { return this.discovery.locator(`[data-discovered-lab="${lab}"]`); }

  /** `data-oper` of every cable: `{ 'h1:eth0--r1:eth0': 'up', … }` (null while not live). */
  async opers(): Promise<Record<string, string | null>> {
    return this.page.locator('g[data-link]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-link') ?? '', e.getAttribute('data-oper')])));
  }

  /**
   * Note (in the page, with the page's clock) when a cable's `data-oper` first leaves `from`; read
   * it with changedAt(). Used to measure how long a kernel change takes to reach the canvas.
   */
  async watchOper(key: string, from: string): Promise<void> {
    await this.page.evaluate(([k, f]) => {
      const w = window as unknown as { __operChangedAt?: number | null; __operObs?: MutationObserver };
      w.__operObs?.disconnect();
      w.__operChangedAt = null;
      const check = () => {
        const el = document.querySelector(`g[data-link="${k}"]`);
        if (w.__operChangedAt === null && el && el.getAttribute('data-oper') !== f) w.__operChangedAt = Date.now();
      };
      const obs = new MutationObserver(check);
      obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-oper'] });
      w.__operObs = obs;
      check();
    }, [key, from] as const);
  }

  async changedAt(): Promise<number | null> {
    return this.page.evaluate(() => (window as unknown as { __operChangedAt?: number | null }).__operChangedAt ?? null);
  }
}
