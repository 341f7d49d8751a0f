/** The dock's Run tab: a command run in the selected nodes, one result per node. */
import type { Locator, Page } from 'playwright-core';

export interface RunOutcome { state: string; exit: number | null; text: string }

export class RunTabPage {
  constructor(readonly page: Page) {}

  get tab(): Locator { return this.page.getByTestId('tab-run'); }
  get command(): Locator { return this.page.getByTestId('run-command'); }
  get go(): Locator { return this.page.getByTestId('run-go'); }
  get targets(): Locator { return this.page.getByTestId('run-targets'); }
  result(node: string): Locator { return this.page.getByTestId(`run-result-${node}`); }
  get results(): Locator { return this.page.locator('[data-testid^="run-result-"]'); }

  async open(): Promise<void> {
    await this.tab.click();
    await this.command.waitFor();
  }

  /** Run a command line and wait for every target's answer. */
  async run(line: string, timeout = 40_000): Promise<void> {
    await this.open();
    await this.command.fill(line);
    await this.go.click();
    await this.results.first().waitFor({ timeout });
    await this.page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid^="run-result-"]')).every((e) => e.getAttribute('data-state') !== 'running'),
      undefined, { timeout },
    );
  }

  async outcome(node: string): Promise<RunOutcome> {
    const r = this.result(node);
    const exit = await r.getAttribute('data-exit');
    return { state: (await r.getAttribute('data-state')) ?? '', exit: exit === null ? null : Number(exit), text: (await r.textContent()) ?? '' };
  }
}
