/** Time against nodes, log–log, one line per series: a PNG (bench/png.ts) for the README. */
import { Canvas, type Rgb } from './png';

export interface Series { label: string; color: Rgb; dashed?: boolean; points: [nodes: number, seconds: number][] }

export function plotPng(title: string, series: Series[]): Buffer {
  const W = 900, H = 560, L = 90, R = 250, T = 50, B = 70;
  const c = new Canvas(W, H);
  const pts = series.flatMap((s) => s.points).filter(([, y]) => y > 0);
  const xs = pts.map(([x]) => x), ys = pts.map(([, y]) => y);
  const lx0 = Math.floor(Math.log10(Math.min(...xs, 10))), lx1 = Math.ceil(Math.log10(Math.max(...xs, 100)));
  const ly0 = Math.floor(Math.log10(Math.min(...ys, 0.1))), ly1 = Math.ceil(Math.log10(Math.max(...ys, 1)));
  const X = (v: number) => L + ((Math.log10(v) - lx0) / (lx1 - lx0)) * (W - L - R);
  const Y = (v: number) => H - B - ((Math.log10(v) - ly0) / (ly1 - ly0)) * (H - T - B);
  const grey: Rgb = [200, 200, 200], ink: Rgb = [30, 30, 30];
  for (let e = lx0; e <= lx1; e++) for (const m of [1, 2, 5]) {
    const v = m * 10 ** e;
    if (v > 10 ** lx1) continue;
    c.line(X(v), T, X(v), H - B, grey, 1, m === 1 ? 0 : 3);
    const s = v >= 1 ? String(v) : v.toFixed(-e);
    c.text(X(v) - Canvas.textWidth(s) / 2, H - B + 10, s, ink);
  }
  for (let e = ly0; e <= ly1; e++) for (const m of [1, 2, 5]) {
    const v = m * 10 ** e;
    if (v > 10 ** ly1) continue;
    c.line(L, Y(v), W - R, Y(v), grey, 1, m === 1 ? 0 : 3);
    const s = e >= 0 ? String(v) : v.toFixed(-e);
    c.text(L - 8 - Canvas.textWidth(s), Y(v) - 7, s, ink);
  }
  c.line(L, H - B, W - R, H - B, ink, 2);
  c.line(L, T, L, H - B, ink, 2);
  c.text(L, 8, title, ink);
  c.text((L + W - R) / 2 - Canvas.textWidth('nodes') / 2, H - 30, 'nodes', ink);
  c.text(8, T - 16, 'seconds', ink);
  series.forEach((s, i) => {
    const p = s.points.filter(([, y]) => y > 0).sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < p.length; k++) c.line(X(p[k - 1]![0]), Y(p[k - 1]![1]), X(p[k]![0]), Y(p[k]![1]), s.color, 3, s.dashed ? 6 : 0);
    for (const [x, y] of p) c.dot(X(x), Y(y), 5, s.color);
    const ly = T + 10 + i * 26;
    c.line(W - R + 16, ly + 7, W - R + 46, ly + 7, s.color, 3, s.dashed ? 6 : 0);
    c.text(W - R + 54, ly, s.label, ink);
  });
  return c.png();
}
