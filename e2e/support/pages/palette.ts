/** The node palette on the left: kinds to drag onto the canvas. */
import type { Locator, Page } from 'playwright-core';
import { centreOf, drag, type Point } from './mouse';

export type NodeKind = 'host' | 'router' | 'switch';

export class PalettePage {
  constructor(readonly page: Page) {}

  item(kind: NodeKind): Locator { return this.page.getByTestId(`palette-${kind}`); }

  /** Drag a kind from the palette and drop it at a point of the page (HTML5 drag and drop, real mouse). */
  async dragTo(kind: NodeKind, to: Point): Promise<void> {
    await drag(this.page, await centreOf(this.item(kind)), to);
  }
}
