/** The right-hand inspector: the lab (nothing selected), a node, or a cable. */
import type { Locator, Page } from 'playwright-core';

export class InspectorPage {
  constructor(readonly page: Page) {}

  get labName(): Locator { return this.page.getByTestId('lab-name'); }
  get nodeName(): Locator { return this.page.getByTestId('node-name'); }
  get nodeKind(): Locator { return this.page.getByTestId('node-kind'); }
  addresses(iface: string): Locator { return this.page.getByTestId(`iface-${iface}-addresses`); }
  route(i: number, field: 'to' | 'via' | 'dev' | 'metric'): Locator { return this.page.getByTestId(`route-${i}-${field}`); }
  get routeRows(): Locator { return this.page.locator('[data-route]'); }
  /** the editor's interfaces (the live tab lists the kernel's, lo included, with data-iface too) */
  get ifaces(): Locator { return this.page.locator('.iface[data-iface]'); }

  /** Type a value into a commit-on-Enter field. */
  async commit(field: Locator, value: string): Promise<void> {
    await field.fill(value);
    await field.press('Enter');
  }

  async setLabName(name: string): Promise<void> { await this.commit(this.labName, name); }

  /** The node shown: its interfaces with their addresses, and its routes, as the inspector shows them. */
  async readNode(): Promise<{ name: string; ifaces: Record<string, string[]>; routes: { to: string; via: string; dev: string }[] }> {
    await this.nodeName.waitFor();
    const name = await this.nodeName.inputValue();
    const ifaces: Record<string, string[]> = {};
    for (const iface of await this.ifaces.evaluateAll((els) => els.map((e) => e.getAttribute('data-iface') ?? ''))) {
      const a = this.addresses(iface);
      ifaces[iface] = (await a.count()) ? (await a.inputValue()).split(/[\s,]+/).filter(Boolean) : [];
    }
    const routes = [];
    for (let i = 0; i < (await this.routeRows.count()); i++) {
      routes.push({ to: await this.route(i, 'to').inputValue(), via: await this.route(i, 'via').inputValue(), dev: await this.route(i, 'dev').inputValue() });
    }
    return { name, ifaces, routes };
  }
}
