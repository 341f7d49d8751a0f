/** The terminals' dock body: every terminal stays mounted; only the active one is shown. */
import '@xterm/xterm/css/xterm.css';
import './terminals.css';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { terminalTab } from '../store/terminal-slice';
import { TerminalView } from './TerminalView';

export const isTerminalTab = (tab: string): boolean => tab.startsWith('terminal:');

export function TerminalPanes() {
  const nodes = useStore(useShallow((s) => s.terminals.map((t) => t.node)));
  const tab = useStore((s) => s.dockTab);
  const open = useStore((s) => s.dockOpen);
  if (!nodes.length) return null;
  const visible = open && isTerminalTab(tab);
  return (
    <div className="dock-body terminals" hidden={!visible}>
      {nodes.map((n) => <TerminalView key={n} node={n} active={visible && tab === terminalTab(n)} />)}
    </div>
  );
}
