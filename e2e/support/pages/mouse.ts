/** Real pointer gestures (page.mouse down/move/up), as a person makes them. */
import type { Locator, Page } from 'playwright-core';

export interface Point { x: number; y: number }

/** The centre of an element on the page (it must be visible). */
export async function centreOf(l: Locator): Promise<Point> {
  await l.scrollIntoViewIfNeeded();
  const b = await l.boundingBox();
  if (!b) throw new Error(`${l} has no box (is it visible?)`);
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/**
 * Press at `from`, move to `to` in small steps (drag thresholds and HTML5 drag-and-drop both need
 * intermediate moves), release. A short pause before release lets the page react to the hover.
 */
export async function drag(page: Page, from: Point, to: Point, steps = 16): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.waitForTimeout(50);
  await page.mouse.up();
}
