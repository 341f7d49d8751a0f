/** The top toolbar: file, edit, addressing, lifecycle buttons. */
import type { Locator, Page } from 'playwright-core';

export type ToolbarButton = 'new' | 'open' | 'examples' | 'save' | 'save-as' | 'undo' | 'redo' | 'auto-address' | 'layout' | 'export-png' | 'export-svg' | 'deploy' | 'apply' | 'destroy';

export class ToolbarPage {
  constructor(readonly page: Page) {}

  button(name: ToolbarButton): Locator { return this.page.getByTestId(name); }
  get title(): Locator { return this.page.getByTestId('title'); }
  get busy(): Locator { return this.page.getByTestId('busy'); }

  async click(name: ToolbarButton): Promise<void> { await this.button(name).click(); }

  /** Wait until no plan/apply/destroy is in progress. */
  async waitIdle(timeout = 60_000): Promise<void> {
    await this.busy.waitFor({ state: 'detached', timeout });
  }
}
