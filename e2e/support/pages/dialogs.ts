/** Modal dialogs: the plan preview (Deploy/Apply) and messages. */
import type { Locator, Page } from 'playwright-core';

export interface PreviewOp { index: number; kind: string; subject: string; command: string }

export class DialogsPage {
  constructor(readonly page: Page) {}

  get plan(): Locator { return this.page.getByTestId('plan-dialog'); }
  get planList(): Locator { return this.page.getByTestId('plan-list'); }
  get confirmApply(): Locator { return this.page.getByTestId('confirm-apply'); }
  get cancelApply(): Locator { return this.page.getByTestId('cancel-apply'); }
  get message(): Locator { return this.page.getByTestId('message-dialog'); }
  get messageOk(): Locator { return this.page.getByTestId('message-ok'); }

  /** The operations the open plan preview lists. */
  async planOps(): Promise<PreviewOp[]> {
    await this.plan.waitFor();
    if (!(await this.planList.count())) return [];
    return this.planList.locator('li').evaluateAll((els) => els.map((li) => ({
      index: Number(li.getAttribute('data-op')),
      kind: li.querySelector('.op-kind')?.textContent ?? '',
      subject: (li.querySelector('.op-subject')?.textContent ?? '').trim(),
      command: li.querySelector('.op-cmd')?.textContent ?? '',
    })));
  }

  /** Confirm the plan preview; the dialog closes and the apply starts. */
  async confirmPlan(): Promise<void> {
    await this.confirmApply.click();
    await this.plan.waitFor({ state: 'detached' });
  }
}
