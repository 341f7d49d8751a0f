/** Node kinds to drag onto the canvas (or click to add). */
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import type { NodeKind } from '../../shared/lab/schema';
import { actions } from '../store';
import { KIND_MIME } from './Canvas';
import { KindIcon } from './icons';

const ITEMS: { kind: NodeKind; label: string; hint: string }[] = [
  { kind: 'host', label: 'Host', hint: 'A network namespace with interfaces, addresses and routes' },
  { kind: 'router', label: 'Router', hint: 'A host that forwards IPv4 and IPv6' },
  { kind: 'switch', label: 'Switch', hint: 'A Linux bridge; every cabled port joins it' },
];

export function Palette() {
  const { screenToFlowPosition } = useReactFlow();
  /** Click-to-add: the middle of the visible canvas, moved down until it overlaps no node. */
  const add = (kind: NodeKind) => {
    const r = document.querySelector('.canvas')?.getBoundingClientRect();
    const c = r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 150, y: 150 };
    const taken = Object.values(actions().lab.nodes).map((n) => n.position).filter((p) => p !== undefined);
    let p = { x: Math.round((c.x - 80) / 15) * 15, y: Math.round((c.y - 30) / 15) * 15 };
    for (let i = 0; i < 40 && taken.some((t) => Math.abs(t.x - p.x) < 200 && Math.abs(t.y - p.y) < 100); i++) p = { x: p.x + (i % 2 ? 0 : 30), y: p.y + 105 };
    actions().addNode(kind, p);
  };
  const onDragStart = (e: DragEvent, kind: NodeKind) => {
    e.dataTransfer.setData(KIND_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      {ITEMS.map((it) => (
        <button
          key={it.kind}
          type="button"
          className={`palette-item kind-${it.kind}`}
          data-testid={`palette-${it.kind}`}
          draggable
          onDragStart={(e) => onDragStart(e, it.kind)}
          onClick={() => add(it.kind)}
          title={`${it.hint}. Drag onto the canvas, or click to add.`}
        >
          <KindIcon kind={it.kind} size={20} />
          <span>{it.label}</span>
        </button>
      ))}
      <div className="palette-help">
        <p>Drag from a node's <b>right-hand dot</b> onto another node to cable them.</p>
        <p><kbd>Del</kbd> delete · <kbd>Ctrl</kbd>+<kbd>C</kbd>/<kbd>V</kbd> copy/paste · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Shift</kbd>+drag select</p>
      </div>
    </aside>
  );
}
