/** Top toolbar: file, edit, layout/addressing, lifecycle, export. */
import { useReactFlow } from '@xyflow/react';
import { computeLayout } from '../canvas/layout';
import { exportImage } from '../canvas/export-image';
import { FIT_VIEW } from '../canvas/lod';
import { confirmDiscard, newLab, pickLabFile, saveLab } from '../files/files';
import { destroyLab, requestPlan } from '../lifecycle/lifecycle';
import { openDiscovery } from '../live/live-actions';
import { actions, isDirty, useStore } from '../store';

export function Toolbar() {
  const { getNodes, fitView } = useReactFlow();
  const canUndo = useStore((s) => s.past.length > 0);
  const canRedo = useStore((s) => s.future.length > 0);
  const busy = useStore((s) => s.busy);
  const dirty = useStore(isDirty);
  const labName = useStore((s) => s.lab.name);
  const fileName = useStore((s) => s.file.name);
  const deployed = useStore((s) => Object.values(s.nodeStatus).some((n) => n.status !== 'idle'));

  const layout = async () => {
    const s = actions();
    s.setPositions(await computeLayout(s.lab, s.sizes));
    requestAnimationFrame(() => fitView({ ...FIT_VIEW, duration: 300 }));
  };
  const autoAddress = () => {
    const problem = actions().runAutoAddress();
    if (problem) actions().setDialog({ kind: 'message', title: 'Auto-address', text: problem });
  };
  return (
    <header className="toolbar">
      <div className="brand">nslab</div>
      <div className="title" data-testid="title">
        <span className="title-name">{fileName ?? `${labName}.yaml`}</span>
        {dirty ? <span className="dirty" data-testid="dirty" title="Unsaved changes">●</span> : null}
      </div>
      <div className="tool-group">
        <button type="button" className="btn" data-testid="new" onClick={() => confirmDiscard() && newLab()} title="New lab (Ctrl+N)">New</button>
        <button type="button" className="btn" data-testid="open" onClick={() => confirmDiscard() && pickLabFile()} title="Open a lab file (Ctrl+O)">Open</button>
        <button type="button" className="btn" data-testid="examples" onClick={() => actions().setDialog('examples')} title="Example labs">Examples</button>
        <button type="button" className="btn" data-testid="save" onClick={() => saveLab(false)} title="Save (Ctrl+S)">Save</button>
        <button type="button" className="btn" data-testid="save-as" onClick={() => saveLab(true)} title="Save as…">Save as</button>
      </div>
      <div className="tool-group">
        <button type="button" className="btn icon" data-testid="undo" disabled={!canUndo} onClick={() => actions().undo()} title="Undo (Ctrl+Z)">↶</button>
        <button type="button" className="btn icon" data-testid="redo" disabled={!canRedo} onClick={() => actions().redo()} title="Redo (Ctrl+Shift+Z)">↷</button>
      </div>
      <div className="tool-group">
        <button type="button" className="btn" data-testid="auto-address" onClick={autoAddress}
          title="Give every LAN and router link a 10.0.n.0/24 subnet, hosts a default route, routers static routes">Auto-address</button>
        <button type="button" className="btn" data-testid="layout" onClick={() => void layout()} title="Arrange the nodes (layered layout)">Layout</button>
        <button type="button" className="btn" data-testid="export-png" onClick={() => void exportImage('png', getNodes(), labName)} title="Export the drawing as PNG">PNG</button>
        <button type="button" className="btn" data-testid="export-svg" onClick={() => void exportImage('svg', getNodes(), labName)} title="Export the drawing as SVG">SVG</button>
      </div>
      <div className="tool-group">
        <button type="button" className="btn" data-testid="discover" onClick={() => void openDiscovery()}
          title="Every network namespace of this machine, its cables and bridges (read-only)">This machine’s network</button>
      </div>
      <div className="spacer" />
      <div className="tool-group">
        {busy ? <span className="busy" data-testid="busy">{busy}…</span> : null}
        <button type="button" className="btn primary" data-testid="deploy" disabled={busy !== null} onClick={() => void requestPlan()}
          title="Plan the lab, preview the operations, then create it in the kernel">Deploy</button>
        <button type="button" className="btn" data-testid="apply" disabled={busy !== null || !deployed} onClick={() => void requestPlan()}
          title="Bring the running lab in line with the drawing (plan, preview, apply)">Apply</button>
        <button type="button" className="btn danger" data-testid="destroy" disabled={busy !== null} onClick={() => void destroyLab()}
          title="Remove everything this lab created">Destroy</button>
      </div>
    </header>
  );
}
