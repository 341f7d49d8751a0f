/**
 * Paints an overview scene (overview-geometry.ts) on a 2D canvas: one path per batch, so a
 * 1000-node lab is a few dozen fill/stroke calls. Colours are the stylesheets' CSS variables,
 * read once per canvas (`colorsOf`).
 */
import type { ColorVar } from './canvas-look';
import type { CableBatch, FrameBatch, OverviewScene } from './overview-geometry';

export type Colors = (v: ColorVar) => string;

/** Resolves CSS colour variables as they apply to `el` (cached: the stylesheets do not change). */
export function colorsOf(el: Element): Colors {
  const style = getComputedStyle(el);
  const cache = new Map<ColorVar, string>();
  return (v) => {
    let c = cache.get(v);
    if (c === undefined) cache.set(v, (c = style.getPropertyValue(v).trim() || '#888'));
    return c;
  };
}

function strokeLines(ctx: CanvasRenderingContext2D, b: CableBatch, colors: Colors, alpha = 1) {
  ctx.beginPath();
  const s = b.segments;
  for (let i = 0; i < s.length; i += 4) { ctx.moveTo(s[i]!, s[i + 1]!); ctx.lineTo(s[i + 2]!, s[i + 3]!); }
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = colors(b.color);
  ctx.lineWidth = b.lineWidth;
  ctx.setLineDash(b.dash ?? []);
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function path(ctx: CanvasRenderingContext2D, r: number[]) {
  ctx.beginPath();
  for (let i = 0; i < r.length; i += 4) ctx.rect(r[i]!, r[i + 1]!, r[i + 2]!, r[i + 3]!);
}

function strokeRects(ctx: CanvasRenderingContext2D, b: FrameBatch, colors: Colors, width: number) {
  path(ctx, b.rects);
  ctx.strokeStyle = colors(b.color);
  ctx.lineWidth = width;
  ctx.setLineDash(b.dashed ? [3, 2] : []);
  ctx.stroke();
}

/** Clear and paint `scene` (CSS px) on a canvas whose bitmap is `dpr` device px per CSS px. */
export function paintOverview(ctx: CanvasRenderingContext2D, scene: OverviewScene, colors: Colors, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, scene.width, scene.height);
  ctx.lineCap = 'butt';
  for (const g of scene.glows) strokeLines(ctx, g, colors, 0.45);
  for (const c of scene.cables) strokeLines(ctx, c, colors);
  path(ctx, scene.faces);
  ctx.fillStyle = '#fff';
  ctx.fill();
  for (const f of scene.frames) strokeRects(ctx, f, colors, 1);
  for (const batches of [scene.kinds, scene.lights]) {
    for (const k of batches) {
      path(ctx, k.rects);
      ctx.fillStyle = colors(k.color);
      ctx.fill();
    }
  }
  for (const r of scene.rings) strokeRects(ctx, r, colors, 2);
  ctx.setLineDash([]);
}
