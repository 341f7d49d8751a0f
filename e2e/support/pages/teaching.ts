/** The teaching features: Checks, Matrix, Trace and Capture dock tabs, the exercise panel, the canvas marks. */
import type { Locator, Page } from 'playwright-core';

export class TeachingPage {
  constructor(readonly page: Page) {}

  tab(name: 'checks' | 'matrix' | 'trace' | 'capture'): Locator { return this.page.getByTestId(`tab-${name}`); }

  // checks
  get checks(): Locator { return this.page.getByTestId('checks'); }
  get checksRun(): Locator { return this.page.getByTestId('checks-run'); }
  get checksSummary(): Locator { return this.page.getByTestId('checks-summary'); }
  check(i: number): Locator { return this.page.getByTestId(`check-${i}`); }
  get checkRows(): Locator { return this.checks.locator('[data-status]'); }

  /** Run the checks from the Checks tab; returns each check's pass/fail, in order. */
  async runChecks(timeout = 90_000): Promise<string[]> {
    await this.tab('checks').click();
    await this.checksRun.click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="checks"]')?.getAttribute('data-state') !== 'running', undefined, { timeout });
    const err = this.page.getByTestId('checks-error');
    if (await err.count()) throw new Error(`checks failed to run: ${await err.textContent()}`);
    return this.checkRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
  }

  // exercise
  get exercise(): Locator { return this.page.getByTestId('exercise'); }

  // trace
  get trace(): Locator { return this.page.getByTestId('trace'); }
  get traceResult(): Locator { return this.page.getByTestId('trace-result'); }
  get traceDrop(): Locator { return this.page.getByTestId('trace-drop'); }
  get tracedLinks(): Locator { return this.page.locator('g[data-link][data-trace-hop]'); }
  hop(path: 'request' | 'reply', i: number): Locator { return this.page.getByTestId(`trace-hop-${path}-${i}`); }
  get hopDetail(): Locator { return this.page.getByTestId('trace-hop-detail'); }

  /** Fill the Trace tab and press Run; resolves when the trace came back (the animation then plays). */
  async startTrace(src: string, dst: string): Promise<void> {
    await this.tab('trace').click();
    await this.page.getByTestId('trace-src').selectOption(src);
    await this.page.getByTestId('trace-dst').fill(dst);
    await this.page.getByTestId('trace-run').click();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="trace"]')?.getAttribute('data-state') !== 'running', undefined, { timeout: 60_000 });
    const err = this.page.getByTestId('trace-error');
    if (await err.count()) throw new Error(`trace failed: ${await err.textContent()}`);
  }

  /** The outcome shown once the animation has played. */
  async traceOutcome(timeout = 30_000): Promise<string | null> {
    await this.traceResult.waitFor({ timeout });
    return this.traceResult.getAttribute('data-outcome');
  }

  // matrix
  get matrixRun(): Locator { return this.page.getByTestId('matrix-run'); }
  cell(from: string, to: string): Locator { return this.page.getByTestId(`matrix-${from}-${to}`); }

  // capture
  get linkCapture(): Locator { return this.page.getByTestId('link-capture'); }
  get captureRows(): Locator { return this.page.getByTestId('capture-row'); }
  get captureStop(): Locator { return this.page.getByTestId('capture-stop'); }
  get captureSave(): Locator { return this.page.getByTestId('capture-save'); }
}
