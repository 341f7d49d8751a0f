/** A dock tab per open terminal, named after its node, with a close button. */
import { actions, useStore } from '../store';
import { terminalTab } from '../store/terminal-slice';
import { closeTerminal } from './sessions';

export function TerminalTabs() {
  const terminals = useStore((s) => s.terminals);
  const tab = useStore((s) => s.dockTab);
  return (
    <>
      {terminals.map((t) => (
        <div key={t.node} role="tab" aria-selected={tab === terminalTab(t.node)} tabIndex={0}
          className={`tab terminal-tab${tab === terminalTab(t.node) ? ' active' : ''}${t.state === 'exited' ? ' exited' : ''}`}
          data-testid={`terminal-tab-${t.node}`} title={`Shell in ${t.node} (lab ${t.lab})${t.state === 'exited' ? ' — ended' : ''}`}
          onClick={() => actions().setDockTab(terminalTab(t.node))}
          onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') actions().setDockTab(terminalTab(t.node)); }}>
          <span className="terminal-glyph">›_</span> {t.node}
          <button type="button" className="tab-close" data-testid={`terminal-close-${t.node}`} aria-label={`Close the terminal of ${t.node}`} title="Close (ends the shell)"
            onClick={(e) => { e.stopPropagation(); void closeTerminal(t.node); }}>×</button>
        </div>
      ))}
    </>
  );
}
