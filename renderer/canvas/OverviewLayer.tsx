/**
 * The overview (lod.ts): a big lab zoomed far out, painted on one `<canvas>` instead of as React
 * Flow cards and cables. The canvas lives inside React Flow's viewport (`ViewportPortal`) on its
 * own compositor layer, at the zoom's resolution: a pan moves it with the viewport and repaints
 * nothing. It is repainted (at most once per frame, from one subscription to React Flow's
 * viewport) when the zoom, the pane size or what it shows changes. Its bitmap covers the whole
 * lab while that is at most MAX_PX device pixels (a big lab zoomed far out); closer in, the view
 * and half a view around it, repainted when a pan leaves that (overview-geometry's paintRegion).
 * Drawing is batched by colour: a 1000-node lab is a few dozen path calls. (A screen-sized canvas
 * over the pane repainted on every pan frame was measured too, and panned slower: bench/README.md,
 * Renderer, round 3.)
 *
 * Input: React Flow's pane still takes every gesture (drag pans, wheel zooms). Capture listeners on
 * the canvas host turn a click on a node's box into a selection (shift/ctrl/meta add to it), and a
 * double-click on one into a zoom to it at 1:1, which leaves the overview so its card mounts; a
 * click on empty canvas clears the selection. Nodes cannot be dragged or box-selected here.
 *
 * Automation: `data-overview-drawn` on `[data-testid=canvas]` is the number of nodes the last paint
 * drew (all of them, or those in the painted region); the canvas is `[data-testid=overview]`.
 */
import { useReactFlow, useStoreApi, ViewportPortal } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { actions } from '../store';
import type { LabFlowNode, LinkFlowEdge } from './flow-model';
import { boxCentre, contentBounds, coversView, hitNode, intersect, overviewScene, paintRegion, viewBox, type OverviewNode, type PaintRegion } from './overview-geometry';
import { useOverviewItems } from './overview-model';
import { colorsOf, paintOverview } from './overview-paint';

const HOST = '[data-testid="canvas"]';
/** The bitmap's limit in device pixels (16 MB): the whole of the bench's 1000-node grid up to zoom ~0.38. */
const MAX_PX = 4e6;
/** Room around the node boxes for selection rings and drift outlines (flow px). */
const PAD = 24;

export function OverviewLayer({ nodes, edges }: { nodes: readonly LabFlowNode[]; edges: readonly LinkFlowEdge[] }) {
  const items = useOverviewItems(nodes, edges);
  // a state, not a ref: the portal's target may appear after the first render
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const store = useStoreApi();
  const { setCenter } = useReactFlow();

  // paint now, then when the zoom or the pane size changes or a pan leaves the painted region
  useLayoutEffect(() => {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const host = canvas.closest(HOST);
    const colors = colorsOf(canvas);
    const content = contentBounds(items.nodes, PAD);
    let raf = 0;
    let painted: { zoom: number; width: number; height: number; region: PaintRegion | null } | null = null;
    const setDrawn = (n: number) => {
      if (host && host.getAttribute('data-overview-drawn') !== String(n)) host.setAttribute('data-overview-drawn', String(n));
    };
    const paint = () => {
      raf = 0;
      const { transform: [x, y, zoom], width, height } = store.getState();
      const dpr = window.devicePixelRatio || 1;
      const region = content && paintRegion(viewBox({ x, y, zoom }, width, height), content, zoom, dpr, MAX_PX);
      painted = { zoom, width, height, region };
      if (!region) { canvas.style.display = 'none'; setDrawn(0); return; }
      const bw = Math.max(1, Math.ceil(region.box.width * region.scale)), bh = Math.max(1, Math.ceil(region.box.height * region.scale));
      if (canvas.width !== bw || canvas.height !== bh) { canvas.width = bw; canvas.height = bh; }
      // CSS box in flow px (the viewport scales it by the zoom); exactly the bitmap at this scale
      Object.assign(canvas.style, { display: '', left: `${region.box.x}px`, top: `${region.box.y}px`, width: `${bw / region.scale}px`, height: `${bh / region.scale}px` });
      const z = region.scale / dpr;
      const scene = overviewScene(items.nodes, items.cables, { x: -region.box.x * z, y: -region.box.y * z, zoom: z }, bw / dpr, bh / dpr);
      paintOverview(ctx, scene, colors, dpr);
      setDrawn(scene.drawn);
    };
    paint();
    const unsubscribe = store.subscribe((s) => {
      if (raf || !painted || !content) return;
      const [x, y, zoom] = s.transform;
      if (zoom === painted.zoom && s.width === painted.width && s.height === painted.height
        && (painted.region ? coversView(painted.region, viewBox({ x, y, zoom }, s.width, s.height), content) : !intersect(viewBox({ x, y, zoom }, s.width, s.height), content))) return;
      raf = requestAnimationFrame(paint);
    });
    return () => { unsubscribe(); cancelAnimationFrame(raf); };
  }, [store, items, canvas]);

  useLayoutEffect(() => {
    const host = canvas?.closest(HOST);
    return () => host?.removeAttribute('data-overview-drawn');
  }, [canvas]);

  // clicks and double-clicks on nodes, before React Flow's pane sees them
  const latest = useRef(items.nodes);
  latest.current = items.nodes;
  useEffect(() => {
    const host = canvas?.closest<HTMLElement>(HOST);
    if (!host) return;
    const nodeAt = (e: MouseEvent): OverviewNode | null => {
      if (!(e.target instanceof Element) || !e.target.classList.contains('react-flow__pane')) return null;
      const { domNode, transform: [x, y, zoom] } = store.getState();
      const r = domNode?.getBoundingClientRect();
      if (!r) return null;
      const id = hitNode(latest.current, { x: e.clientX - r.left, y: e.clientY - r.top }, { x, y, zoom });
      return id === null ? null : latest.current.find((n) => n.id === id) ?? null;
    };
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.classList.contains('react-flow__pane')) return;
      const n = nodeAt(e);
      if (!n) { actions().select({}); return; } // and React Flow's pane click goes on as usual
      e.stopPropagation();
      actions().select({ nodes: [n.id] }, e.shiftKey || e.ctrlKey || e.metaKey);
    };
    const onDoubleClick = (e: MouseEvent) => {
      const n = nodeAt(e);
      if (!n) return; // React Flow zooms in one step, as on any empty spot
      e.stopPropagation();
      const c = boxCentre(n.box);
      void setCenter(c.x, c.y, { zoom: 1 });
    };
    host.addEventListener('click', onClick, true);
    host.addEventListener('dblclick', onDoubleClick, true);
    return () => { host.removeEventListener('click', onClick, true); host.removeEventListener('dblclick', onDoubleClick, true); };
  }, [store, setCenter, canvas]);

  return (
    <ViewportPortal>
      <canvas ref={setCanvas} className="overview-canvas" data-testid="overview" aria-label="Overview of the lab" />
    </ViewportPortal>
  );
}

