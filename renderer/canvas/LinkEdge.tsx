/**
 * A cable: a straight line between the two node boxes (floating: it attaches where the line
 * between the centres leaves each box, overview-geometry's cableEnds), interface names at both
 * ends, stroked by canvas-look's linkLook (deploy status, live state, selection, trace, capture).
 */
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { memo } from 'react';
import { useLinkLive } from '../live/hooks';
import { LiveFlow, LiveLinkLabel } from '../live/LiveLinkParts';
import { useFar } from './canvas-context';
import { dashArray, linkLook } from './canvas-look';
import type { LinkFlowEdge } from './flow-model';
import { cableEnds, type Box, type Pt } from './overview-geometry';
import { PacketDot, useEdgeTeaching } from '../teaching/LinkTraceMark';
import { STEP_MS } from '../teaching/trace-steps';

function box(n: InternalNode): Box {
  const p = n.internals.positionAbsolute;
  return { x: p.x, y: p.y, width: n.measured.width ?? 170, height: n.measured.height ?? 60 };
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
  // Parallel cables between the same nodes are shifted sideways (data.offset).
  const { a, b, ux, uy } = cableEnds(box(s), box(t), data.offset);
  const look = linkLook({ status: data.status, down: data.down, issues: data.issues, selected: Boolean(selected), live, trace: teach.trace?.step.path ?? null, capturing: teach.capturing });
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
        <BaseEdge id={id} path={path} interactionWidth={14} style={{ stroke: `var(${look.color})`, strokeWidth: look.width, strokeDasharray: dashArray(look.dash) }} />
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
