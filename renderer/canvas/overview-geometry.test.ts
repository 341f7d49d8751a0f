import { describe, expect, it } from 'vitest';
import { linkLook, nodeLook, type LinkLook, type NodeLook } from './canvas-look';
import { isOverview, OVERVIEW_MIN_NODES } from './lod';
import {
  boxCentre, cableEnds, contentBounds, coversView, hitNode, overviewScene, paintRegion, viewBox,
  type OverviewCable, type OverviewNode, type Transform,
} from './overview-geometry';

const plain: NodeLook = nodeLook({ kind: 'host', status: 'idle', selected: false, live: null });
const n = (id: string, x: number, y: number, look: NodeLook = plain, width = 150, height = 50): OverviewNode => ({ id, box: { x, y, width, height }, look });
const idle: LinkLook = linkLook({ status: 'idle', down: false, issues: 0, selected: false, live: null, trace: null, capturing: false });
const c = (source: string, target: string, look: LinkLook = idle, offset = 0): OverviewCable => ({ id: `${source}--${target}`, source, target, offset, look });
const ID: Transform = { x: 0, y: 0, zoom: 1 };

describe('isOverview', () => {
  it('needs a big lab and a far zoom', () => {
    expect(isOverview(OVERVIEW_MIN_NODES, 0.3)).toBe(true);
    expect(isOverview(OVERVIEW_MIN_NODES - 1, 0.3)).toBe(false);
    expect(isOverview(1000, 0.5)).toBe(false);
    expect(isOverview(20, 0.3)).toBe(false);
  });
});

describe('cableEnds', () => {
  const a = { x: 0, y: 0, width: 100, height: 50 };
  it('leaves each box where the line between the centres crosses its border', () => {
    expect(cableEnds(a, { x: 300, y: 0, width: 100, height: 50 }, 0)).toEqual({ a: { x: 100, y: 25 }, b: { x: 300, y: 25 }, ux: 1, uy: 0 });
    expect(cableEnds(a, { x: 0, y: 200, width: 100, height: 50 }, 0)).toMatchObject({ a: { x: 50, y: 50 }, b: { x: 50, y: 200 } });
    // diagonal: through the corner region, on the nearer side
    const d = cableEnds(a, { x: 200, y: 200, width: 100, height: 50 }, 0);
    expect(d.a.y).toBe(50);
    expect(d.a.x).toBeCloseTo(50 + 25 * (200 / 200));
  });
  it('shifts parallel cables sideways', () => {
    const e = cableEnds(a, { x: 300, y: 0, width: 100, height: 50 }, 18);
    expect(e.a).toEqual({ x: 100, y: 43 });
    expect(e.b).toEqual({ x: 300, y: 43 });
  });
  it('collapses to the centre for boxes on the same spot', () => {
    expect(cableEnds(a, a, 0).a).toEqual({ x: 50, y: 25 });
  });
});

describe('overviewScene', () => {
  it('places every node box at its screen position with its parts', () => {
    const s = overviewScene([n('h1', 0, 0)], [], { x: 10, y: 20, zoom: 0.2 }, 800, 600);
    expect(s.faces).toEqual([10, 20, 30, 10]);
    expect(s.frames).toEqual([{ color: '--border-strong', dashed: false, rects: [10, 20, 30, 10] }]);
    expect(s.kinds).toHaveLength(1);
    expect(s.kinds[0]!.color).toBe('--host');
    // marks keep a minimum size (3 px) but stay inside the box
    const [kx, ky, kw, kh] = s.kinds[0]!.rects;
    expect([kw, kh]).toEqual([6.4, 6.4]);
    expect(kx).toBeCloseTo(10 + 9.5 * 0.2);
    expect(ky).toBeCloseTo(25 - 3.2);
    expect(s.lights[0]!).toMatchObject({ color: '--st-idle' });
    expect(s.lights[0]!.rects[2]).toBe(3);
    expect(s.drawn).toBe(1);
    expect(s.rings).toEqual([]);
  });
  it('batches by look: one batch per border colour, kind and status', () => {
    const up = nodeLook({ kind: 'router', status: 'up', selected: false, live: null });
    const s = overviewScene([n('a', 0, 0), n('b', 200, 0, up), n('c', 400, 0, up)], [], ID, 1000, 100);
    expect(s.frames.map((f) => [f.color, f.rects.length / 4])).toEqual([['--border-strong', 1], ['--node-up-border', 2]]);
    expect(s.kinds.map((k) => k.color)).toEqual(['--host', '--router']);
    expect(s.lights.map((k) => [k.color, k.rects.length / 4])).toEqual([['--st-idle', 1], ['--st-up', 2]]);
  });
  it('rings selected nodes and outlines drifted ones, around the box', () => {
    const sel = nodeLook({ kind: 'host', status: 'idle', selected: true, live: { present: true, drift: true } });
    const s = overviewScene([n('a', 100, 100, sel)], [], ID, 1000, 1000);
    expect(s.rings).toEqual([
      { color: '--live-drift', dashed: true, rects: [98, 98, 154, 54] },
      { color: '--accent', dashed: false, rects: [98, 98, 154, 54] },
    ]);
  });
  it('leaves out nodes and cables outside the canvas', () => {
    const nodes = [n('a', 0, 0), n('b', 300, 0), n('far', 5000, 5000), n('far2', 5300, 5000)];
    const s = overviewScene(nodes, [c('a', 'b'), c('far', 'far2'), c('a', 'far')], ID, 1000, 800);
    expect(s.drawn).toBe(2);
    expect(s.faces).toHaveLength(8);
    // a–b in view, far–far2 not, a–far crosses the view
    expect(s.drawnCables).toBe(2);
    // partly in view counts
    expect(overviewScene([n('edge', -100, -20)], [], ID, 1000, 800).drawn).toBe(1);
  });
  it('draws cables as segments between the box borders, batched by look', () => {
    const up = linkLook({ status: 'up', down: false, issues: 0, selected: false, live: null, trace: null, capturing: false });
    const s = overviewScene([n('a', 0, 0, plain, 100, 50), n('b', 300, 0, plain, 100, 50), n('c', 0, 200, plain, 100, 50)], [c('a', 'b'), c('a', 'c', up), c('a', 'gone')], { x: 0, y: 0, zoom: 0.5 }, 1000, 1000);
    expect(s.cables).toEqual([
      { color: '--link-idle', lineWidth: 1, dash: null, segments: [50, 12.5, 150, 12.5] },
      { color: '--st-up', lineWidth: 1, dash: null, segments: [25, 25, 25, 100] },
    ]);
    expect(s.drawnCables).toBe(2); // a cable to a node that is not there is skipped
  });
  it('scales widths and dashes with the zoom, never below a pixel and a half-dash', () => {
    const sel = linkLook({ status: 'pending', down: false, issues: 0, selected: true, live: null, trace: null, capturing: false });
    const near = overviewScene([n('a', 0, 0), n('b', 300, 0)], [c('a', 'b', sel)], { x: 0, y: 0, zoom: 1 }, 1000, 1000).cables[0]!;
    expect(near).toMatchObject({ lineWidth: 3, dash: [6, 4] });
    const far = overviewScene([n('a', 0, 0), n('b', 300, 0)], [c('a', 'b', sel)], { x: 0, y: 0, zoom: 0.1 }, 1000, 1000).cables[0]!;
    expect(far.lineWidth).toBe(1);
    expect(far.dash).toEqual([1.5, 1.5]);
  });
  it('puts a halo under drifted cables', () => {
    const drift = linkLook({ status: 'up', down: false, issues: 0, selected: false, live: { oper: 'up', bps: null, drift: true }, trace: null, capturing: false });
    const s = overviewScene([n('a', 0, 0), n('b', 300, 0)], [c('a', 'b', drift)], ID, 1000, 1000);
    expect(s.glows).toEqual([{ color: '--live-drift', lineWidth: 6, dash: null, segments: s.cables[0]!.segments }]);
  });
});

describe('hitNode', () => {
  const nodes = [n('h1', 0, 0), n('h2', 100, 20)]; // overlapping: h2 is painted last
  const t = { x: 10, y: 20, zoom: 0.2 };
  it('finds the node under a pane point', () => {
    expect(hitNode(nodes, { x: 12, y: 22 }, t)).toBe('h1');
    expect(hitNode(nodes, { x: 10 + 200 * 0.2, y: 20 + 60 * 0.2 }, t)).toBe('h2');
  });
  it('prefers the topmost of overlapping nodes', () => {
    expect(hitNode(nodes, { x: 10 + 120 * 0.2, y: 20 + 30 * 0.2 }, t)).toBe('h2');
  });
  it('is null on empty canvas', () => {
    expect(hitNode(nodes, { x: 5, y: 5 }, t)).toBeNull();
    expect(hitNode(nodes, { x: 10 + 400 * 0.2, y: 20 }, t)).toBeNull();
    expect(hitNode([], { x: 0, y: 0 }, ID)).toBeNull();
  });
  it('agrees with the painted faces', () => {
    const s = overviewScene(nodes, [], t, 800, 600);
    const [x, y, w, h] = s.faces.slice(0, 4);
    expect(hitNode([nodes[0]!], { x: x! + w! - 0.01, y: y! + h! - 0.01 }, t)).toBe('h1');
  });
});

describe('paint region', () => {
  const lab = { x: 0, y: 0, width: 10_000, height: 3_000 };
  it('covers the whole lab when it fits the pixel budget (a pan never repaints)', () => {
    const view = viewBox({ x: 0, y: 0, zoom: 0.1 }, 1000, 600);
    const r = paintRegion(view, lab, 0.1, 1, 4e6)!;
    expect(r).toEqual({ box: lab, scale: 0.1 });
    expect(coversView(r, viewBox({ x: -500, y: -100, zoom: 0.1 }, 1000, 600), lab)).toBe(true);
  });
  it('closer in, covers the view and half a view around it, within the lab', () => {
    const t = { x: -2000, y: -500, zoom: 0.4 }; // view 5000…7500 × 1250…2750
    const view = viewBox(t, 1000, 600);
    expect(view).toEqual({ x: 5000, y: 1250, width: 2500, height: 1500 });
    const r = paintRegion(view, lab, 0.4, 1, 4e6)!;
    expect(r.box).toEqual({ x: 3750, y: 500, width: 5000, height: 2500 });
    expect(r.scale).toBe(0.4); // 2000 × 1000 px: within the budget, full resolution
    expect(coversView(r, view, lab)).toBe(true);
    // a pan of half a view is still covered; a whole view is not
    expect(coversView(r, viewBox({ x: t.x + 500, y: t.y, zoom: 0.4 }, 1000, 600), lab)).toBe(true);
    expect(coversView(r, viewBox({ x: t.x - 1000, y: t.y, zoom: 0.4 }, 1000, 600), lab)).toBe(false);
  });
  it('lowers the resolution only when even the grown view exceeds the budget', () => {
    const view = viewBox({ x: -2000, y: -500, zoom: 0.4 }, 1000, 600);
    expect(paintRegion(view, lab, 0.4, 1, 1e6)!.scale).toBeCloseTo(Math.sqrt(1e6 / (5000 * 2500)));
    expect(paintRegion(view, lab, 0.4, 2, 1e7)!.scale).toBe(0.8); // device px: 4000 × 2000
    expect(paintRegion(view, lab, 0.4, 2, 4e6)!.scale).toBeCloseTo(Math.sqrt(4e6 / (5000 * 2500)));
  });
  it('paints nothing when the view is off the lab', () => {
    expect(paintRegion({ x: 20_000, y: 0, width: 100, height: 100 }, lab, 0.4, 1, 1e5)).toBeNull();
  });
  it('bounds the node boxes with room around them', () => {
    expect(contentBounds([n('a', 0, 0), n('b', 300, 100)], 10)).toEqual({ x: -10, y: -10, width: 470, height: 170 });
    expect(contentBounds([], 10)).toBeNull();
    expect(boxCentre({ x: 0, y: 0, width: 150, height: 50 })).toEqual({ x: 75, y: 25 });
  });
});
