/**
 * "This machine's network": a read-only picture of every namespace, the veth cables between them
 * and the bridges inside them, nslab labs in labelled groups. Its own React Flow instance, laid
 * out with elkjs; nothing here edits anything (no connecting, deleting or moving into the lab).
 */
import { Background, BackgroundVariant, Controls, Handle, MiniMap, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import type { DiscoveryGraph } from '../../shared/state/discovery';
import { useStore } from '../store';
import { discoveryModel, labGroupId, type NsBox } from './discovery-model';
import { closeDiscovery, openDiscovery } from './live-actions';

type NsNode = Node<{ box: NsBox }, 'ns'>;
type GroupNode = Node<{ lab: string }, 'labGroup'>;
type DNode = NsNode | GroupNode;

const NsCard = memo(({ data }: NodeProps<NsNode>) => {
  const b = data.box;
  return (
    <div className={`disc-ns${b.host ? ' host' : ''}${b.lab || b.collapsedLab ? ' in-lab' : ''}`} data-discovered-ns={b.collapsedLab ? undefined : b.title}
      data-discovered-lab={b.collapsedLab} style={{ width: b.width, height: b.height }}>
      <div className="disc-ns-title">{b.title}</div>
      <div className="disc-ns-sub">{b.subtitle}</div>
      {b.rows.map((r) => (
        <div key={r.name} className={`disc-row depth-${r.depth}`} data-iface={r.name}>
          <span className={`oper-dot ${r.up ? 'up' : 'down'}`} />
          <b>{r.name}</b> <span className="muted">{r.text}</span>
        </div>
      ))}
      {b.more ? <div className="disc-row muted">+{b.more} more</div> : null}
      {b.rows.length === 0 && !b.error && !b.collapsedLab ? <div className="disc-row muted">only loopback</div> : null}
      {b.error ? <div className="disc-row bad" title={b.error}>cannot read: {b.error}</div> : null}
      {/* React Flow draws an edge only between handles; these are invisible and not connectable */}
      <Handle type="target" position={Position.Left} isConnectable={false} className="disc-handle" />
      <Handle type="source" position={Position.Right} isConnectable={false} className="disc-handle" />
    </div>
  );
});

const LabGroup = memo(({ data }: NodeProps<GroupNode>) => (
  <div className="disc-lab" data-discovered-lab={data.lab}><span className="disc-lab-title">nslab lab “{data.lab}”</span></div>
));

const nodeTypes = { ns: NsCard, labGroup: LabGroup };

/** Place the boxes with elk (layered; a lab's namespaces inside its group). */
async function layoutDiscovery(g: DiscoveryGraph): Promise<{ nodes: DNode[]; edges: Edge[] }> {
  const m = discoveryModel(g);
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const leaf = (b: NsBox) => ({ id: b.id, width: b.width, height: b.height });
  const boxes = new Map(m.boxes.map((b) => [b.id, b]));
  const labOf = (id: string) => boxes.get(id)?.lab ?? null;
  // Each group is laid out on its own (elk's INCLUDE_CHILDREN would stack the many unconnected
  // namespaces of a busy machine in one column); a cable between groups is drawn, not laid out.
  const edgesWithin = (lab: string | null) => m.cables.filter((c) => labOf(c.a) === lab && labOf(c.b) === lab).map((c) => ({ id: c.id, sources: [c.a], targets: [c.b] }));
  const spacing = { 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '90', 'elk.spacing.componentComponent': '40' };
  const groups = m.labs.map((lab) => ({
    id: labGroupId(lab),
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.padding': '[top=36,left=16,bottom=16,right=16]', ...spacing },
    children: m.boxes.filter((b) => b.lab === lab).map(leaf),
    edges: edgesWithin(lab),
  }));
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.aspectRatio': '1.6', ...spacing },
    children: [...groups, ...m.boxes.filter((b) => !b.lab).map(leaf)],
    edges: edgesWithin(null),
  });
  const nodes: DNode[] = [];
  for (const c of laid.children ?? []) {
    const box = boxes.get(c.id);
    if (box) { nodes.push({ id: c.id, type: 'ns', position: { x: c.x ?? 0, y: c.y ?? 0 }, data: { box } }); continue; }
    const lab = c.id.slice('lab:'.length);
    nodes.push({ id: c.id, type: 'labGroup', position: { x: c.x ?? 0, y: c.y ?? 0 }, data: { lab }, style: { width: c.width, height: c.height } });
    for (const k of c.children ?? []) {
      nodes.push({ id: k.id, type: 'ns', parentId: c.id, extent: 'parent', position: { x: k.x ?? 0, y: k.y ?? 0 }, data: { box: boxes.get(k.id)! } });
    }
  }
  const edges: Edge[] = m.cables.map((c) => ({ id: c.id, source: c.a, target: c.b, label: c.label, type: 'straight', className: 'disc-cable', zIndex: 1, labelBgPadding: [4, 2], labelStyle: { fontSize: 10 } }));
  return { nodes, edges };
}

function DiscoveryFlow({ graph }: { graph: DiscoveryGraph }) {
  const [flow, setFlow] = useState<{ nodes: DNode[]; edges: Edge[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    layoutDiscovery(graph).then((f) => live && setFlow(f), (e: Error) => live && setError(e.message));
    return () => { live = false; };
  }, [graph]);
  if (error) return <div className="muted">Layout failed: {error}</div>;
  if (!flow) return <div className="muted">Laying out…</div>;
  return (
    <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} fitView fitViewOptions={{ padding: 0.15 }}
      nodesConnectable={false} nodesDraggable={false} elementsSelectable={false} edgesFocusable={false} nodesFocusable={false}
      deleteKeyCode={null} minZoom={0.1} maxZoom={2} proOptions={{ hideAttribution: true }}>
      <Background variant={BackgroundVariant.Dots} gap={15} size={1} />
      <MiniMap pannable zoomable style={{ width: 140, height: 90 }} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

export function DiscoveryView() {
  const d = useStore((s) => s.discovery);
  useEffect(() => {
    if (!d.open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') closeDiscovery(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [d.open]);
  if (!d.open) return null;
  const g = d.graph;
  const counts = g ? `${g.namespaces.length} namespaces · ${g.links.filter((l) => l.kind === 'veth').length} veth cables · ${g.links.filter((l) => l.kind === 'bridge-port').length} bridge ports` : '';
  return (
    <div className="discovery" role="dialog" aria-label="This machine’s network" data-testid="discovery-view">
      <div className="discovery-head">
        <b>This machine’s network</b>
        <span className="muted small">read-only · {d.loading ? 'reading…' : counts}</span>
        <div className="spacer" />
        <button type="button" className="btn small" data-testid="discover-refresh" disabled={d.loading} onClick={() => void openDiscovery()}>Refresh</button>
        <button type="button" className="btn small" data-testid="discover-close" onClick={closeDiscovery}>Close</button>
      </div>
      <div className="discovery-body">
        {d.error ? <div className="bad">Could not read the machine’s namespaces: {d.error}</div> : null}
        {g ? <ReactFlowProvider><DiscoveryFlow graph={g} /></ReactFlowProvider> : d.loading ? <div className="muted">Reading every namespace…</div> : null}
      </div>
    </div>
  );
}
