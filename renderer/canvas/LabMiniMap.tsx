/**
 * The canvas's minimap: every node as a rectangle, one SVG path per node kind, and the viewport.
 *
 * React Flow's `<MiniMap>` draws one subscribed `<rect>` per node: on a 1000-node lab every pan
 * frame ran 1000 store selectors for it and repainted 1000 elements. Here the node paths are
 * rebuilt only when the node list changes (the lab, a drag, a measured size), and a pan frame
 * re-renders just the viewBox and the mask. Drag on it to pan, wheel to zoom, like React Flow's
 * (`pannable zoomable`). Same classes (`react-flow__minimap`, `-svg`, `-mask`), so React Flow's
 * styles and the image export's filter apply.
 */
import { Panel, useReactFlow, useStore as useFlowStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { shallow } from 'zustand/shallow';
import type { LabFlowNode } from './flow-model';

const WIDTH = 160, HEIGHT = 100, OFFSET_SCALE = 5;
const STYLE = { width: WIDTH, height: HEIGHT };
const view = (s: ReactFlowState) => [s.transform[0], s.transform[1], s.transform[2], s.width, s.height] as const;

interface Rect { x: number; y: number; width: number; height: number }

/** One path per kind and the nodes' bounding box. */
function shapesOf(nodes: LabFlowNode[]): { paths: [string, string][]; bounds: Rect | null } {
  const byKind = new Map<string, string[]>();
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  // hidden nodes too: only the overview hides them, and it paints every one
  for (const n of nodes) {
    const w = n.measured?.width ?? 170, h = n.measured?.height ?? 60;
    const { x, y } = n.position;
    x1 = Math.min(x1, x); y1 = Math.min(y1, y); x2 = Math.max(x2, x + w); y2 = Math.max(y2, y + h);
    const kind = n.type ?? 'host';
    let d = byKind.get(kind);
    if (!d) byKind.set(kind, (d = []));
    d.push(`M${x},${y}h${w}v${h}h${-w}z`);
  }
  return {
    paths: [...byKind].map(([kind, d]) => [kind, d.join('')]),
    bounds: x1 === Infinity ? null : { x: x1, y: y1, width: x2 - x1, height: y2 - y1 },
  };
}

const NodeShapes = memo(({ paths }: { paths: [string, string][] }) => (
  <>{paths.map(([kind, d]) => <path key={kind} className={`react-flow__minimap-node mm-${kind}`} d={d} shapeRendering="crispEdges" />)}</>
));

export function LabMiniMap({ nodes }: { nodes: LabFlowNode[] }) {
  const { paths, bounds } = useMemo(() => shapesOf(nodes), [nodes]);
  const [tx, ty, zoom, fw, fh] = useFlowStore(view, shallow);
  const store = useStoreApi();
  const { setViewport } = useReactFlow();
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);

  // the part of the flow in view, and the box the minimap shows (nodes ∪ view), as React Flow's
  const vb = { x: -tx / zoom, y: -ty / zoom, width: fw / zoom, height: fh / zoom };
  const box = bounds
    ? (() => {
        const x = Math.min(bounds.x, vb.x), y = Math.min(bounds.y, vb.y);
        return { x, y, width: Math.max(bounds.x + bounds.width, vb.x + vb.width) - x, height: Math.max(bounds.y + bounds.height, vb.y + vb.height) - y };
      })()
    : vb;
  const viewScale = Math.max(box.width / WIDTH, box.height / HEIGHT) || 1;
  const viewW = viewScale * WIDTH, viewH = viewScale * HEIGHT;
  const offset = OFFSET_SCALE * viewScale;
  const x = box.x - (viewW - box.width) / 2 - offset;
  const y = box.y - (viewH - box.height) / 2 - offset;
  const w = viewW + offset * 2, h = viewH + offset * 2;
  const scale = useRef(viewScale);
  scale.current = viewScale;

  // Wheel: zoom around the middle of the canvas (a native listener: React's wheel is passive).
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { transform: [vx, vy, z], width, height, minZoom, maxZoom } = store.getState();
      const next = Math.min(maxZoom, Math.max(minZoom, z * Math.pow(2, -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002))));
      const cx = width / 2, cy = height / 2;
      void setViewport({ x: cx - ((cx - vx) / z) * next, y: cy - ((cy - vy) / z) * next, zoom: next });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [store, setViewport]);

  // Drag: the view follows the pointer (one minimap px = viewScale flow px).
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d) return;
    const [vx, vy, z] = store.getState().transform;
    const k = scale.current * z;
    void setViewport({ x: vx - (e.clientX - d.x) * k, y: vy - (e.clientY - d.y) * k, zoom: z });
    drag.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = () => { drag.current = null; };

  return (
    <Panel position="bottom-right" className="react-flow__minimap" style={STYLE} data-testid="rf__minimap">
      <svg ref={svg} width={WIDTH} height={HEIGHT} viewBox={`${x} ${y} ${w} ${h}`} className="react-flow__minimap-svg" role="img" aria-label="Mini map"
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}>
        <NodeShapes paths={paths} />
        <path className="react-flow__minimap-mask" fillRule="evenodd" pointerEvents="none"
          d={`M${x - offset},${y - offset}h${w + offset * 2}v${h + offset * 2}h${-w - offset * 2}z M${vb.x},${vb.y}h${vb.width}v${vb.height}h${-vb.width}z`} />
      </svg>
    </Panel>
  );
}
