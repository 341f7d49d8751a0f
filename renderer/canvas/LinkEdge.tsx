/**
 * A cable: a straight line between the two node boxes (floating: it attaches where the line
 * between the centres leaves each box), interface names at both ends, colour by deploy status.
 */
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { memo } from 'react';
import { useLinkLive } from '../live/hooks';
import { LiveFlow, LiveLinkLabel, liveStroke } from '../live/LiveLinkParts';
import { useFar } from './canvas-context';
import type { LinkFlowEdge } from './flow-model';
import { PacketDot, useEdgeTeaching } from '../teaching/LinkTraceMark';
import { STEP_MS } from '../teaching/trace-steps';

interface Pt { x: number; y: number }

function box(n: InternalNode) {
  const w = n.measured.width ?? 170, h = n.measured.height ?? 60;
  const p = n.internals.positionAbsolute;
  return { cx: p.x + w / 2, cy: p.y + h / 2, hw: w / 2, hh: h / 2 };
}

/** Where the ray from the box centre toward `to` leaves the box. */
function exitPoint(b: ReturnType<typeof box>, to: Pt): Pt {
  const dx = to.x - b.cx, dy = to.y - b.cy;
  if (dx === 0 && dy === 0) return { x: b.cx, y: b.cy };
  const t = Math.min(dx === 0 ? Infinity : b.hw / Math.abs(dx), dy === 0 ? Infinity : b.hh / Math.abs(dy));
  return { x: b.cx + dx * t, y: b.cy + dy * t };
}

function LinkEdgeImpl({ id, source, target, data, selected }: EdgeProps<LinkFlowEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  const teach = useEdgeTeaching(id);
  const live = useLinkLive(data?.key ?? null);
  // Zoomed far out the interface labels and badges are not shown (canvas.css .lod-far): unless the
  // cable has a live label, the label layer is not mounted at all, which also drops
  // EdgeLabelRenderer's store subscription (a querySelector per pan frame) and two divs per cable.
  const far = useFar();
  if (!s || !t || !data) return null;
  const bs = box(s), bt = box(t);
  const len = Math.hypot(bt.cx - bs.cx, bt.cy - bs.cy) || 1;
  const ux = (bt.cx - bs.cx) / len, uy = (bt.cy - bs.cy) / len;
  // Parallel cables between the same nodes are shifted sideways.
  const ox = -uy * data.offset, oy = ux * data.offset;
  const a = exitPoint({ ...bs, cx: bs.cx + ox, cy: bs.cy + oy }, { x: bt.cx + ox, y: bt.cy + oy });
  const b = exitPoint({ ...bt, cx: bt.cx + ox, cy: bt.cy + oy }, { x: bs.cx + ox, y: bs.cy + oy });
  const path = `M ${a.x},${a.y} L ${b.x},${b.y}`;
  const at = (p: Pt, dir: 1 | -1) => ({ x: p.x + dir * ux * 22, y: p.y + dir * uy * 22 });
  const la = at(a, 1), lb = at(b, -1);
  const title = `${data.key}${data.message ? `\n${data.message}` : ''}`;
  return (
    <>
      <g className={`link status-${data.status}${data.down ? ' down' : ''}${selected ? ' selected' : ''}${data.issues ? ' has-issues' : ''}${teach.capturing ? ' capturing' : ''}${teach.trace ? ` traced trace-${teach.trace.step.path}` : ''}`} data-link={data.key} data-status={data.status}
        data-oper={live?.oper} data-drift={live?.drift ? 'true' : undefined}
        data-capturing={teach.capturing ? 'true' : undefined} data-trace-hop={teach.trace?.n}>
        <title>{title}</title>
        <BaseEdge id={id} path={path} interactionWidth={14} style={liveStroke(live)} />
        <LiveFlow path={path} live={live} />
        {teach.trace?.current ? <PacketDot key={teach.trace.n} path={teach.trace.step.path} durationMs={STEP_MS} from={teach.trace.step.from === source ? a : b} to={teach.trace.step.from === source ? b : a} /> : null}
      </g>
      {far && !live ? null : <EdgeLabelRenderer>
        <div className={`iface-label status-${data.status}`} style={{ transform: `translate(-50%, -50%) translate(${la.x}px, ${la.y}px)` }}>{data.ifA}</div>
        <div className={`iface-label status-${data.status}`} style={{ transform: `translate(-50%, -50%) translate(${lb.x}px, ${lb.y}px)` }}>{data.ifB}</div>
        {data.shaped || data.down ? (
          <div className="link-badge" style={{ transform: `translate(-50%, -50%) translate(${(a.x + b.x) / 2 - uy * 14}px, ${(a.y + b.y) / 2 + ux * 14}px)` }}>{data.down ? 'down' : 'shaped'}</div>
        ) : null}
        <LiveLinkLabel live={live} x={(a.x + b.x) / 2 + uy * 14} y={(a.y + b.y) / 2 - ux * 14} />
      </EdgeLabelRenderer>}
    </>
  );
}

export const LinkEdge = memo(LinkEdgeImpl);
