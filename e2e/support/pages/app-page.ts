/** Page object for the whole window: its own selectors, so specs never spell a test id. */
import type { Locator, Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page, private readonly errors: string[] = []) {}

  get title(): Locator { return this.page.getByTestId('title'); }
  get connectionBanner(): Locator { return this.page.getByTestId('connection-banner'); }
  get examplesButton(): Locator { return this.page.getByTestId('examples'); }
  get canvas(): Locator { return this.page.locator('.react-flow'); }

  /** The banner's state (`no-token`, `connecting`, `disconnected`), or null when connected. */
  async connectionState(): Promise<string | null> {
    return (await this.connectionBanner.count()) ? this.connectionBanner.getAttribute('data-state') : null;
  }

  /** Uncaught errors in the page so far. */
  pageErrors(): string[] { return [...this.errors]; }
}
