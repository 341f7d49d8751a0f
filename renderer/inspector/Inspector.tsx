/** Right-hand panel: edits whatever is selected (one node, one cable, or the lab). */
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { LabInspector } from './LabInspector';
import { LinkInspector } from './LinkInspector';
import { NodeInspector } from './NodeInspector';

export function Inspector() {
  const sel = useStore(useShallow((s) => s.selection));
  let body;
  if (sel.nodes.length === 1 && sel.links.length === 0) body = <NodeInspector key={sel.nodes[0]} name={sel.nodes[0]!} />;
  else if (sel.links.length === 1 && sel.nodes.length === 0) body = <LinkInspector key={sel.links[0]} linkKey={sel.links[0]!} />;
  else if (sel.nodes.length + sel.links.length > 1) {
    body = (
      <div className="inspector-body">
        <div className="inspector-head"><span className="inspector-title">{sel.nodes.length} nodes, {sel.links.length} cables</span></div>
        <div className="section muted small">Ctrl+C copies the nodes and the cables between them; Del deletes the selection.</div>
      </div>
    );
  } else body = <LabInspector />;
  return <aside className="inspector" aria-label="Inspector">{body}</aside>;
}
