/** Node terminals: the dock tabs, the xterm screens, and the ways to open one. */
import type { Locator, Page } from 'playwright-core';

export class TerminalsPage {
  constructor(readonly page: Page) {}

  tab(node: string): Locator { return this.page.getByTestId(`terminal-tab-${node}`); }
  closeButton(node: string): Locator { return this.page.getByTestId(`terminal-close-${node}`); }
  screen(node: string): Locator { return this.page.getByTestId(`terminal-${node}`); }
  /** xterm's DOM renderer draws the visible rows here. */
  rows(node: string): Locator { return this.screen(node).locator('.xterm-rows'); }
  get inspectorButton(): Locator { return this.page.getByTestId('node-terminal'); }
  canvasNode(node: string): Locator { return this.page.locator(`.react-flow__node[data-id="${node}"]`); }

  async openByDoubleClick(node: string): Promise<void> {
    await this.canvasNode(node).dblclick();
  }

  /** The terminal's visible text, rows joined by newlines (xterm pads with non-breaking spaces). */
  async text(node: string): Promise<string> {
    return this.rows(node).evaluate((el) => [...el.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n'));
  }

  /** Focus the terminal and type a line, as a person would. */
  async typeLine(node: string, line: string): Promise<void> {
    await this.screen(node).click();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
  }

  async waitForText(node: string, re: RegExp, timeout = 15_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const t = await this.text(node).catch(() => '');
      if (re.test(t)) return t;
      if (Date.now() > deadline) throw new Error(`terminal of ${node}: ${re} not seen within ${timeout} ms; it shows:\n${t}`);
      await this.page.waitForTimeout(100);
    }
  }
}
