/** The node inspector's "Terminal" button: a shell in the node, once the lab is deployed. */
import { useStore } from '../store';
import { openTerminal } from './sessions';

export function NodeTerminalButton({ node }: { node: string }) {
  const up = useStore((s) => s.nodeStatus[node]?.status === 'up');
  return (
    <section className="section">
      <button type="button" className="btn small" data-testid="node-terminal" disabled={!up} onClick={() => void openTerminal(node)}
        title={up ? `Open a shell in ${node} (or double-click the node)` : 'Deploy the lab to open a shell in this node'}>Terminal</button>
      {up ? null : <div className="muted small">Deploy the lab to open a shell in this node.</div>}
    </section>
  );
}
