/**
 * The look shared by every node kind: icon, name, first addresses, status light and issue badge.
 * One small source handle (right) starts a cable; while a cable is being drawn, every other node
 * becomes a drop target as a whole (the "easy connect" pattern), so dropping anywhere on it works.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useConnectingFrom } from './canvas-context';
import { nodeLook } from './canvas-look';
import type { LabFlowNode } from './flow-model';
import { KindIcon } from './icons';
import { useNodeLive } from '../live/hooks';
import { LiveNodeBadges, liveNodeAttrs } from '../live/LiveNodeBadges';

export function NodeCard({ id, data, selected }: NodeProps<LabFlowNode>) {
  const connecting = useConnectingFrom();
  const isTarget = connecting !== null && connecting !== id;
  const shown = data.addresses.slice(0, 2);
  const live = useNodeLive(data.name);
  const look = nodeLook({ kind: data.kind, status: data.status, selected: Boolean(selected), live, dropTarget: isTarget });
  return (
    <div
      className={`lab-node kind-${data.kind} status-${data.status}${selected ? ' selected' : ''}${isTarget ? ' drop-target' : ''}`}
      data-node={data.name}
      data-status={data.status}
      title={data.message ?? undefined}
      style={{ borderColor: `var(${look.frame})`, borderStyle: look.frameDashed ? 'dashed' : undefined }}
      {...liveNodeAttrs(live)}
    >
      <div className="lab-node-icon"><KindIcon kind={data.kind} /></div>
      <div className="lab-node-body">
        <div className="lab-node-name">{data.name}</div>
        <div className="lab-node-sub">
          {shown.length ? shown.map((a) => <span key={a}>{a}</span>) : <span className="muted">{data.kind}</span>}
          {data.addresses.length > 2 ? <span className="muted">+{data.addresses.length - 2}</span> : null}
        </div>
      </div>
      <span className={`status-light status-${data.status}`} style={{ background: `var(${look.light})` }} aria-label={`status ${data.status}`} />
      <LiveNodeBadges live={live} kind={data.kind} />
      {data.issues ? <span className="issue-badge" title={`${data.issues} problem(s)`}>{data.issues}</span> : null}
      <Handle type="source" position={Position.Right} className="port-handle" data-handle={data.name} />
      {isTarget ? <Handle type="target" position={Position.Left} className="drop-handle" isConnectableStart={false} /> : null}
    </div>
  );
}
