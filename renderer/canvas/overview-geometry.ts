/**
 * The overview's geometry (see OverviewLayer): given the nodes' boxes, the cables and the React
 * Flow viewport, which part of the flow the overview bitmap covers (`paintRegion`), what is drawn
 * where on it, batched by colour so the painter makes a handful of path calls instead of
 * thousands (`overviewScene`); and which node a point on the pane hits (`hitNode`).
 * Also the cable ends LinkEdge draws (a cable leaves each box where the line between the centres
 * crosses its border), so a cable lies in the same place in both views.
 *
 * Pure: no DOM (unit-tested in overview-geometry.test.ts).
 */
import type { ColorVar, LinkLook, NodeLook } from './canvas-look';

export interface Pt { x: number; y: number }
export interface Box { x: number; y: number; width: number; height: number }
/** React Flow's viewport: a flow point p is at `p * zoom + (x, y)` on the pane. */
export interface Transform { x: number; y: number; zoom: number }

export interface OverviewNode { id: string; box: Box; look: NodeLook }
export interface OverviewCable { id: string; source: string; target: string; offset: number; look: LinkLook }

/**
 * The two ends of a cable between boxes `a` and `b`, shifted sideways by `offset` (parallel cables),
 * and the unit vector from a to b.
 *
 * @example cableEnds({ x: 0, y: 0, width: 100, height: 50 }, { x: 300, y: 0, width: 100, height: 50 }, 0)
 * // { a: { x: 100, y: 25 }, b: { x: 300, y: 25 }, ux: 1, uy: 0 }
 */
export function cableEnds(a: Box, b: Box, offset: number): { a: Pt; b: Pt; ux: number; uy: number } {
  const acx = a.x + a.width / 2, acy = a.y + a.height / 2, bcx = b.x + b.width / 2, bcy = b.y + b.height / 2;
  const len = Math.hypot(bcx - acx, bcy - acy) || 1;
  const ux = (bcx - acx) / len, uy = (bcy - acy) / len;
  const ox = -uy * offset, oy = ux * offset;
  return {
    a: exitPoint(acx + ox, acy + oy, a.width / 2, a.height / 2, bcx + ox, bcy + oy),
    b: exitPoint(bcx + ox, bcy + oy, b.width / 2, b.height / 2, acx + ox, acy + oy),
    ux, uy,
  };
}

/** Where the ray from a box's centre (cx, cy; half sizes hw, hh) toward (tx, ty) leaves the box. */
function exitPoint(cx: number, cy: number, hw: number, hh: number, tx: number, ty: number): Pt {
  const dx = tx - cx, dy = ty - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: cx + dx * t, y: cy + dy * t };
}

export const toScreen = (t: Transform, p: Pt): Pt => ({ x: p.x * t.zoom + t.x, y: p.y * t.zoom + t.y });
export const toFlow = (t: Transform, p: Pt): Pt => ({ x: (p.x - t.x) / t.zoom, y: (p.y - t.y) / t.zoom });

/** Rectangles as a flat list: x, y, width, height, x, y, … (screen px). */
export type Rects = number[];
/** Line segments as a flat list: x1, y1, x2, y2, … (screen px). */
export type Segments = number[];

export interface CableBatch { color: ColorVar; lineWidth: number; dash: number[] | null; segments: Segments }
export interface RectBatch { color: ColorVar; rects: Rects }
export interface FrameBatch { color: ColorVar; dashed: boolean; rects: Rects }

/** What the overview paints, in order: halos, cables, card faces, borders, kind marks, status lights, outlines. */
export interface OverviewScene {
  /** canvas size, CSS px */
  width: number;
  height: number;
  glows: CableBatch[];
  cables: CableBatch[];
  /** the cards' white faces */
  faces: Rects;
  frames: FrameBatch[];
  /** the kind's colour where the card has its icon */
  kinds: RectBatch[];
  lights: RectBatch[];
  /** selection rings and drift outlines, drawn around the box */
  rings: FrameBatch[];
  /** nodes painted (at least partly in view) */
  drawn: number;
  /** cables painted */
  drawnCables: number;
}

/*
 * A card's parts, as canvas.css lays them out (flow px): 1.5 px border, 8 px left padding, a 32 px
 * icon centred vertically; the 8 px status light 6 px from the top right. Zoomed far out the marks
 * would shrink below a pixel, so they keep a minimum screen size.
 */
const ICON_X = 9.5, ICON = 32, LIGHT_INSET = 7.5, LIGHT = 8, MIN_MARK = 3;
/** How far outside the box the selection ring / drift outline lies (screen px). */
const RING_GAP = 2;
/** Widths and dashes below this many screen px are not worth drawing thinner. */
const MIN_LINE = 1, MIN_DASH = 1.5;

function batch<T>(map: Map<string, T>, key: string, make: () => T): T {
  let b = map.get(key);
  if (!b) map.set(key, (b = make()));
  return b;
}

/**
 * The scene for a `width` × `height` px canvas showing the flow through transform `t` (for the
 * overview bitmap: its region's origin and scale): every node whose box is at least partly on the
 * canvas and every cable whose bounding box is, in canvas px, batched by look.
 *
 * @example overviewScene([{ id: 'h1', box: { x: 0, y: 0, width: 150, height: 50 }, look }], [], { x: 10, y: 20, zoom: 0.2 }, 800, 600).faces
 * // [10, 20, 30, 10]
 */
export function overviewScene(nodes: readonly OverviewNode[], cables: readonly OverviewCable[], t: Transform, width: number, height: number): OverviewScene {
  const z = t.zoom;
  const byId = new Map<string, Box>();
  const faces: Rects = [];
  const frames = new Map<string, FrameBatch>(), kinds = new Map<string, RectBatch>(), lights = new Map<string, RectBatch>(), rings = new Map<string, FrameBatch>();
  let drawn = 0;
  for (const n of nodes) {
    byId.set(n.id, n.box);
    const x = n.box.x * z + t.x, y = n.box.y * z + t.y, w = n.box.width * z, h = n.box.height * z;
    if (x > width || y > height || x + w < 0 || y + h < 0) continue;
    drawn++;
    faces.push(x, y, w, h);
    const { look } = n;
    batch(frames, `${look.frame}|${look.frameDashed}`, () => ({ color: look.frame, dashed: look.frameDashed, rects: [] })).rects.push(x, y, w, h);
    const icon = Math.min(h, Math.max(MIN_MARK, ICON * z));
    batch(kinds, look.kind, () => ({ color: look.kind, rects: [] })).rects.push(x + ICON_X * z, y + h / 2 - icon / 2, icon, icon);
    const light = Math.min(h, Math.max(MIN_MARK, LIGHT * z));
    batch(lights, look.light, () => ({ color: look.light, rects: [] })).rects.push(x + w - LIGHT_INSET * z - light, y + Math.min(LIGHT_INSET * z, h - light), light, light);
    for (const [color, dashed] of [[look.outline, true], [look.ring, false]] as const) {
      if (color) batch(rings, `${color}|${dashed}`, () => ({ color, dashed, rects: [] })).rects.push(x - RING_GAP, y - RING_GAP, w + 2 * RING_GAP, h + 2 * RING_GAP);
    }
  }
  const glows = new Map<string, CableBatch>(), lines = new Map<string, CableBatch>();
  let drawnCables = 0;
  for (const c of cables) {
    const a = byId.get(c.source), b = byId.get(c.target);
    if (!a || !b) continue;
    const e = cableEnds(a, b, c.offset);
    const x1 = e.a.x * z + t.x, y1 = e.a.y * z + t.y, x2 = e.b.x * z + t.x, y2 = e.b.y * z + t.y;
    if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > width || Math.max(y1, y2) < 0 || Math.min(y1, y2) > height) continue;
    drawnCables++;
    const { look } = c;
    const lineWidth = Math.max(MIN_LINE, look.width * z);
    const dash = look.dash ? look.dash.map((d) => Math.max(MIN_DASH, d * z)) : null;
    batch(lines, `${look.color}|${lineWidth}|${dash?.join(',') ?? ''}`, () => ({ color: look.color, lineWidth, dash, segments: [] })).segments.push(x1, y1, x2, y2);
    if (look.glow) {
      const glow = look.glow;
      batch(glows, `${glow}|${lineWidth}`, () => ({ color: glow, lineWidth: lineWidth + 4, dash: null, segments: [] })).segments.push(x1, y1, x2, y2);
    }
  }
  return {
    width, height, glows: [...glows.values()], cables: [...lines.values()], faces,
    frames: [...frames.values()], kinds: [...kinds.values()], lights: [...lights.values()], rings: [...rings.values()],
    drawn, drawnCables,
  };
}

/**
 * The node under point `p` (pane px, as a pointer event's offset in the pane), the topmost one
 * (painted last) when boxes overlap; null on empty canvas.
 *
 * @example hitNode(nodes, { x: 25, y: 25 }, { x: 10, y: 20, zoom: 0.2 }) // 'h1' (its box is 10…40 × 20…30)
 */
export function hitNode(nodes: readonly OverviewNode[], p: Pt, t: Transform): string | null {
  const f = toFlow(t, p);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const b = nodes[i]!.box;
    if (f.x >= b.x && f.x <= b.x + b.width && f.y >= b.y && f.y <= b.y + b.height) return nodes[i]!.id;
  }
  return null;
}

/** The nodes' bounding box (flow px), grown by `pad` on every side; null without nodes. */
export function contentBounds(nodes: readonly OverviewNode[], pad: number): Box | null {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const { box: b } of nodes) {
    x1 = Math.min(x1, b.x); y1 = Math.min(y1, b.y); x2 = Math.max(x2, b.x + b.width); y2 = Math.max(y2, b.y + b.height);
  }
  return x1 === Infinity ? null : { x: x1 - pad, y: y1 - pad, width: x2 - x1 + 2 * pad, height: y2 - y1 + 2 * pad };
}

/** The part of the flow in view (flow px) for a `width` × `height` pane at viewport `t`. */
export const viewBox = (t: Transform, width: number, height: number): Box =>
  ({ x: -t.x / t.zoom, y: -t.y / t.zoom, width: width / t.zoom, height: height / t.zoom });

const contains = (outer: Box, inner: Box): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/** The overlap of two boxes, or null when they do not overlap. */
export function intersect(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width), y2 = Math.min(a.y + a.height, b.y + b.height);
  return x2 > x && y2 > y ? { x, y, width: x2 - x, height: y2 - y } : null;
}

/** The area the overview bitmap covers (flow px) and its device px per flow px. */
export interface PaintRegion { box: Box; scale: number }

/**
 * Where to put the overview bitmap (it lives inside React Flow's viewport, so a pan moves it
 * without a repaint): the whole lab when that is at most `maxPx` device pixels at this zoom (a big
 * lab zoomed far out: never repainted while panning); else the view grown by half a view on each
 * side, within the lab, repainted when the view leaves it (`coversView`); the scale is lowered only
 * if even that exceeds `maxPx`.
 *
 * @example paintRegion({ x: 0, y: 0, width: 5000, height: 2500 }, { x: 0, y: 0, width: 10000, height: 3000 }, 0.1, 1, 4e6)
 * // { box: { x: 0, y: 0, width: 10000, height: 3000 }, scale: 0.1 } — 1000 × 300 px: the whole lab
 */
export function paintRegion(view: Box, content: Box, zoom: number, dpr: number, maxPx: number): PaintRegion | null {
  const scale = zoom * dpr;
  if (content.width * content.height * scale * scale <= maxPx) return { box: content, scale };
  const grown = { x: view.x - view.width / 2, y: view.y - view.height / 2, width: view.width * 2, height: view.height * 2 };
  const box = intersect(grown, content);
  if (!box) return null;
  return { box, scale: Math.min(scale, Math.sqrt(maxPx / (box.width * box.height))) };
}

/** The painted region still covers what is in view (or all of the lab that is), so a pan needs no repaint. */
export const coversView = (region: PaintRegion, view: Box, content: Box): boolean => {
  const visible = intersect(view, content);
  return visible === null || contains(region.box, visible);
};

/** The centre of a node's box (flow px): where a double-click zooms to. */
export const boxCentre = (b: Box): Pt => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
