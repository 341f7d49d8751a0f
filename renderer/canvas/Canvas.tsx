/**
 * The editing canvas: React Flow in controlled mode over the store. Drags become one undo step
 * each; selection lives in the store; deletion, copy/paste and undo are keyboard.ts's job.
 * A big lab zoomed far out is the overview (lod.ts, OverviewLayer): one painted canvas, no cards.
 */
import {
  Background, BackgroundVariant, ConnectionMode, Controls, Panel, ReactFlow, useConnection, useReactFlow, useStore as useFlowStore,
  type ConnectionState, type EdgeChange, type ReactFlowState, type NodeChange, type OnConnect,
} from '@xyflow/react';
import { useCallback, useEffect, useState, type DragEvent, type MouseEvent } from 'react';
import type { NodeKind } from '../../shared/lab/schema';
import { actions, useStore } from '../store';
import type { XY } from '../store/lab-edit';
import { useFlowEdges, useFlowNodes, type LabFlowNode, type LinkFlowEdge } from './flow-model';
import { edgeTypes, nodeTypes } from './node-types';
import { ConnectingFrom, Far } from './canvas-context';
import { LabMiniMap } from './LabMiniMap';
import { openTerminal } from '../terminals/sessions';
import { TraceOverlay } from '../teaching/TraceOverlay';
import { FIT_VIEW, LOD_ZOOM, MIN_ZOOM, OVERVIEW_MIN_NODES, OVERVIEW_MIN_ZOOM } from './lod';
import { OverviewLayer } from './OverviewLayer';

export const KIND_MIME = 'application/x-nslab-kind';
const GRID: [number, number] = [15, 15];
/** Below this zoom the canvas shows less detail (`.lod-far`); see lod.ts. */
export { LOD_ZOOM, OVERVIEW_MIN_NODES } from './lod';
const isFar = (s: ReactFlowState) => s.transform[2] < LOD_ZOOM;
const connectingFrom = (c: ConnectionState) => (c.inProgress ? c.fromNode.id : null);
const PRO = { hideAttribution: true };
const EDGE_DEFAULTS = { type: 'link' };
/** In the overview React Flow gets no cables: each mounted one (even hidden) subscribes to its store. */
const NO_EDGES: LinkFlowEdge[] = [];
const OVERVIEW_HINT = 'A big lab zoomed out is drawn as an overview: click a node to select it, double-click to zoom to it. '
  + 'Dragging nodes and box selection need the cards: zoom in (or double-click a node).';

function onNodesChange(changes: NodeChange<LabFlowNode>[]) {
  const s = actions();
  const positions: Record<string, XY> = {};
  const sizes: Record<string, { width: number; height: number }> = {};
  let sel: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === 'position' && c.position) positions[c.id] = c.position;
    else if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
    else if (c.type === 'select') {
      sel ??= new Set(s.selection.nodes);
      if (c.selected) sel.add(c.id);
      else sel.delete(c.id);
    }
  }
  if (Object.keys(sizes).length) s.setSizes(sizes);
  if (Object.keys(positions).length) s.dragTo(positions);
  if (sel) s.select({ nodes: [...sel], links: s.selection.links });
}

function onEdgesChange(changes: EdgeChange<LinkFlowEdge>[]) {
  const s = actions();
  let sel: Set<string> | null = null;
  for (const c of changes) {
    if (c.type !== 'select') continue;
    sel ??= new Set(s.selection.links);
    if (c.selected) sel.add(c.id);
    else sel.delete(c.id);
  }
  if (sel) s.select({ nodes: s.selection.nodes, links: [...sel] });
}

const onConnect: OnConnect = (c) => { actions().connect(c.source, c.target); };
/** A plain click selects just that item, even inside a multi-selection (React Flow keeps the group). */
const plain = (e: MouseEvent) => !e.shiftKey && !e.ctrlKey && !e.metaKey;
const onNodeClick = (e: MouseEvent, n: LabFlowNode) => { if (plain(e)) actions().select({ nodes: [n.id] }); };
const onEdgeClick = (e: MouseEvent, ed: LinkFlowEdge) => { if (plain(e)) actions().select({ links: [ed.id] }); };
/** Double-click a node of the deployed lab: a shell in it, in a dock tab. */
const onNodeDoubleClick = (_e: MouseEvent, n: LabFlowNode) => void openTerminal(n.id);
const beginDrag = () => actions().beginDrag();
const endDrag = () => actions().endDrag();

export function Canvas() {
  // re-renders only when the zoom crosses LOD_ZOOM, not on every pan/zoom frame
  const far = useFlowStore(isFar);
  const big = useStore((s) => Object.keys(s.lab.nodes).length >= OVERVIEW_MIN_NODES);
  const loadSeq = useStore((s) => s.loadSeq);
  // the lab whose opening fitView has been applied: until then a big lab is shown as the overview
  // (it will be fitted far out), so its cards are not mounted at the previous lab's zoom first
  const [fitted, setFitted] = useState(loadSeq);
  const overview = big && (far || fitted !== loadSeq);
  const nodes = useFlowNodes(far, overview);
  const edges = useFlowEdges();
  const { screenToFlowPosition, fitView, setViewport } = useReactFlow();
  // the one subscription to the connection in progress (NodeCard reads it from ConnectingFrom)
  const connecting = useConnection(connectingFrom);
  useEffect(() => {
    // A newly opened lab is shown whole, once React Flow has measured its nodes. An empty (new) lab
    // gets the plain viewport instead: React Flow would hold a fitView until the first node is
    // measured, and then the node the user just dropped would jump away from the pointer.
    const count = Object.keys(actions().lab.nodes).length;
    if (count === 0) {
      void setViewport({ x: 0, y: 0, zoom: 1 }).then(() => setFitted(loadSeq));
      return;
    }
    // A big lab opens as the overview, where nothing is measured: fit at once.
    const done = () => setFitted(loadSeq);
    const t = setTimeout(() => void fitView(FIT_VIEW).finally(done), count >= OVERVIEW_MIN_NODES ? 0 : 60);
    const fallback = setTimeout(done, 2000); // should fitView never settle, the overview is not forced on
    return () => { clearTimeout(t); clearTimeout(fallback); };
  }, [loadSeq, fitView, setViewport]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(KIND_MIME)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(KIND_MIME) as NodeKind;
    if (!kind) return;
    e.preventDefault();
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // Centre the node under the pointer, on the grid.
    actions().addNode(kind, { x: Math.round((p.x - 80) / 15) * 15, y: Math.round((p.y - 30) / 15) * 15 });
  }, [screenToFlowPosition]);

  return (
    <div className={far ? 'canvas lod-far' : 'canvas'} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas" data-node-count={nodes.length} data-overview={overview}>
      <Far.Provider value={far}>
      <ConnectingFrom.Provider value={connecting}>
      <ReactFlow<LabFlowNode, LinkFlowEdge>
        nodes={nodes}
        edges={overview ? NO_EDGES : edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeDragStart={beginDrag}
        onNodeDragStop={endDrag}
        onSelectionDragStart={beginDrag}
        onSelectionDragStop={endDrag}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={30}
        snapToGrid
        snapGrid={GRID}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        // no box selection in the overview (nothing is mounted to select): Shift+drag pans there
        selectionKeyCode={overview ? null : 'Shift'}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={big ? OVERVIEW_MIN_ZOOM : MIN_ZOOM}
        maxZoom={3}
        proOptions={PRO}
        defaultEdgeOptions={EDGE_DEFAULTS}
        // Only the cards and cables in view are mounted (a 1000-node lab at the minimum zoom shows
        // about half). Unmounted nodes keep a size and a port from flow-model (estimatedSize), so
        // their cables, the minimap and fitView still know them; the store holds every node
        // (`data-node-count` on the canvas says how many).
        onlyRenderVisibleElements
      >
        {far ? null : <Background variant={BackgroundVariant.Dots} gap={15} size={1} />}
        {overview ? <OverviewLayer nodes={nodes} edges={edges} /> : null}
        {overview ? <Panel position="top-left" className="overview-badge" data-testid="overview-badge" title={OVERVIEW_HINT}>Overview — zoom in to edit</Panel> : null}
        <LabMiniMap nodes={nodes} />
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW} />
        <TraceOverlay />
      </ReactFlow>
      </ConnectingFrom.Provider>
      </Far.Provider>
    </div>
  );
}
