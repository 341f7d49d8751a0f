/**
 * On the canvas, inside React Flow: where a traced packet was lost, a marker on that node with
 * the reason, once the animation has played up to there. (The links themselves are lit by
 * LinkEdge, from the same steps.)
 */
import { useInternalNode, ViewportPortal } from '@xyflow/react';
import { useStore } from '../store';
import { traceSteps } from './trace-steps';

export function TraceOverlay() {
  const lost = useStore((s) => (s.trace.state === 'done' && s.trace.value.lab === s.lab.name ? s.trace.value.lost : null));
  const done = useStore((s) => s.trace.state === 'done' && s.traceStep > traceSteps(s.lab, s.trace.value).length);
  if (!lost || !done) return null;
  return <DropMarker node={lost.node} reason={lost.reason} detail={lost.detail} where={[lost.iface, lost.direction].filter(Boolean).join(' ')} />;
}

function DropMarker({ node, reason, detail, where }: { node: string; reason: string; detail: string; where: string }) {
  const n = useInternalNode(node);
  if (!n) return null;
  const p = n.internals.positionAbsolute;
  const w = n.measured.width ?? 170;
  return (
    <ViewportPortal>
      <div className="trace-drop" data-testid="trace-drop" data-drop-node={node} data-reason={reason} title={detail}
        style={{ transform: `translate(${p.x + w / 2}px, ${p.y - 8}px) translate(-50%, -100%)` }}>
        <b>✕ lost{where ? ` at ${where}` : ''}: {reason}</b>
        <span>{detail}</span>
      </div>
    </ViewportPortal>
  );
}
