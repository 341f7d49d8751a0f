/** Inspector for one node: name, kind, interfaces (cabled or configured) and routes. */
import { labLinks, parseEndpoint } from '../../shared/lab/links';
import type { NodeKind } from '../../shared/lab/schema';
import { useStore, actions } from '../store';
import { usedIfaces } from '../store/lab-edit';
import { KindIcon } from '../canvas/icons';
import { CommitInput } from './CommitInput';
import { FieldIssues } from './FieldIssues';
import { InterfaceEditor } from './InterfaceEditor';
import { RoutesEditor } from './RoutesEditor';
import { NodeTerminalButton } from '../terminals/NodeTerminalButton';
import { LiveNodeTabs } from '../live/LiveNodeTabs';

export function NodeInspector({ name }: { name: string }) {
  const lab = useStore((s) => s.lab);
  const status = useStore((s) => s.nodeStatus[name]);
  const node = lab.nodes[name];
  if (!node) return null;
  const peers = new Map<string, string>();
  for (const l of labLinks(lab)) {
    const [a, b] = l.endpoints.map(parseEndpoint) as [ReturnType<typeof parseEndpoint>, ReturnType<typeof parseEndpoint>];
    if (a.node === name) peers.set(a.iface, `${b.node}:${b.iface}`);
    if (b.node === name) peers.set(b.iface, `${a.node}:${a.iface}`);
  }
  const ifaces = [...usedIfaces(lab, name)].sort((x, y) => x.localeCompare(y, undefined, { numeric: true }));
  const isSwitch = node.kind === 'switch';
  return (
    <div className="inspector-body" data-testid="node-inspector">
      <div className="inspector-head">
        <KindIcon kind={node.kind} size={18} />
        <span className="inspector-title">{name}</span>
        <span className={`status-pill status-${status?.status ?? 'idle'}`} title={status?.message}>{status?.status ?? 'idle'}</span>
      </div>
      <section className="section">
        <label className="field">
          <span>Name</span>
          <CommitInput testid="node-name" value={name} onCommit={(v) => actions().renameNode(name, v)} />
        </label>
        <label className="field">
          <span>Kind</span>
          <select className="input" data-testid="node-kind" value={node.kind} disabled={isSwitch}
            onChange={(e) => actions().updateNode(name, (n) => ({ ...n, kind: e.target.value as NodeKind }))}>
            <option value="host">host</option>
            <option value="router">router (forwarding on)</option>
            {isSwitch ? <option value="switch">switch</option> : null}
          </select>
        </label>
        {isSwitch ? (
          <label className="check">
            <input type="checkbox" data-testid="node-stp" checked={node.stp === true}
              onChange={(e) => actions().updateNode(name, (n) => ({ ...n, stp: e.target.checked || undefined }))} />
            Spanning tree (STP)
          </label>
        ) : null}
        <FieldIssues path={['nodes', name]} />
        <FieldIssues path={['nodes', name, 'stp']} />
        <FieldIssues path={['nodes', name, 'kind']} />
      </section>
      <section className="section">
        <div className="section-title">Interfaces</div>
        {ifaces.length === 0 ? <div className="muted small">No interfaces yet: drag a cable from the dot on the node’s right edge.</div> : null}
        {ifaces.map((i) => (
          <InterfaceEditor key={i} node={name} name={i} iface={node.interfaces?.[i]} peer={peers.get(i) ?? null} isSwitch={isSwitch} />
        ))}
      </section>
      {!isSwitch || node.routes?.length ? (
        <section className="section">
          <div className="section-title">Routes</div>
          <RoutesEditor node={name} routes={node.routes ?? []} />
          <FieldIssues path={['nodes', name, 'routes']} />
        </section>
      ) : null}
      <NodeTerminalButton node={name} />
      <LiveNodeTabs name={name} />
      <section className="section">
        <FieldIssues path={['nodes', name, 'sysctl']} below />
        <button type="button" className="btn danger small" data-testid="node-delete"
          onClick={() => { actions().select({ nodes: [name] }); actions().deleteSelection(); }}>Delete node</button>
      </section>
    </div>
  );
}
