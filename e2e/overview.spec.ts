// The overview: a lab of OVERVIEW_MIN_NODES or more nodes zoomed far out is painted on one canvas
// instead of as cards. A 400-node lab opens (fitted, far out) as the overview with every node
// painted and no card in the DOM; a click on a node's painted box selects it (the inspector shows
// it), a click on empty canvas clears the selection, a double-click zooms to the node at 1:1 where
// its card mounts. A small lab zoomed just as far stays cards.
import { expect, it } from 'vitest';
import { treeLab } from '../bench/labs';
import { OVERVIEW_MIN_NODES } from '../renderer/canvas/lod';
import { serializeLab } from '../shared/lab/serialize';
import type { Lab } from '../shared/lab/schema';
import { uniqueName } from '../testing/labs';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';

/** Grid positions, `cols` per row (210 × 120 px pitch), as a saved lab has them. */
function gridded(lab: Lab, cols: number): Lab {
  const nodes: Lab['nodes'] = {};
  Object.entries(lab.nodes).forEach(([name, n], i) => { nodes[name] = { ...n, position: { x: 60 + (i % cols) * 210, y: 60 + Math.floor(i / cols) * 120 } }; });
  return { ...lab, nodes };
}

describeRoot('overview of a big lab', () => {
  const nslab = useNslab();

  it('paints a 400-node lab as the overview; click selects a node, double-click zooms in to its card', async () => {
    expect(400).toBeGreaterThanOrEqual(OVERVIEW_MIN_NODES);
    const name = uniqueName('ov');
    const lab = gridded(treeLab(name, 400).lab, 25);
    const app = await nslab.open();
    await app.waitReady();
    app.page.on('dialog', (d) => void d.accept()); // "discard changes?"
    await app.openFile(`${name}.yaml`, serializeLab(lab));

    await expect.poll(() => app.canvas.overviewState(), { timeout: 15_000 }).toEqual({ on: true, drawn: 400 });
    expect(await app.canvas.root.getAttribute('data-node-count')).toBe('400');
    expect(await app.canvas.nodes.count()).toBe(0);
    expect(await app.canvas.links.count()).toBe(0);
    expect(await app.canvas.overview.isVisible()).toBe(true);
    expect(await app.canvas.overviewBadge.getAttribute('title')).toMatch(/zoom in/);
    expect((await app.canvas.viewport()).zoom).toBeLessThan(0.5);

    // a host in the middle of the grid; zoomed far out its box is 150 × 50 (flow-model estimatedSize)
    const target = 'h250';
    const at = lab.nodes[target]!.position!;
    const centre = await app.canvas.flowToPage({ x: at.x + 75, y: at.y + 25 });
    await app.page.mouse.click(centre.x, centre.y);
    await expect.poll(() => app.inspector.nodeName.inputValue()).toBe(target);
    expect((await app.canvas.overviewState()).on).toBe(true);

    // empty canvas (between two rows) clears the selection: the inspector shows the lab again
    const gap = await app.canvas.flowToPage({ x: at.x + 75, y: at.y + 25 + 60 });
    await app.page.mouse.click(gap.x, gap.y);
    await app.inspector.labName.waitFor();
    expect(await app.inspector.nodeName.count()).toBe(0);

    // double-click: zoomed to the node at 1:1, out of the overview, its card mounted where it was painted
    await app.page.mouse.dblclick(centre.x, centre.y);
    await app.canvas.node(target).waitFor({ state: 'visible' });
    await expect.poll(() => app.canvas.overviewState()).toEqual({ on: false, drawn: null });
    expect((await app.canvas.viewport()).zoom).toBeCloseTo(1, 2);
    expect(await app.canvas.overview.count()).toBe(0);
    const card = await app.canvas.node(target).boundingBox();
    const flow = await app.canvas.flow.boundingBox();
    expect(Math.abs(card!.x + card!.width / 2 - (flow!.x + flow!.width / 2))).toBeLessThan(40); // centred
    expect(app.pageErrors()).toEqual([]);
  });

  it('keeps a small lab as cards however far it is zoomed out', async () => {
    const name = uniqueName('ovs');
    const lab = gridded(treeLab(name, 20).lab, 5);
    const app = await nslab.open();
    await app.waitReady();
    app.page.on('dialog', (d) => void d.accept());
    await app.openFile(`${name}.yaml`, serializeLab(lab));
    await expect.poll(() => app.canvas.nodes.count()).toBe(20);

    await app.canvas.zoomOutTo(0.3);
    expect((await app.canvas.overviewState()).on).toBe(false);
    expect(await app.canvas.overview.count()).toBe(0);
    expect(await app.canvas.nodes.count()).toBe(20);
    expect(await app.canvas.links.count()).toBe(19);
    expect(app.pageErrors()).toEqual([]);
  });
});
