import { describe, expect, it } from 'vitest';
import { createAppStore } from './index';
import { terminalTab } from './terminal-slice';

describe('terminal tabs', () => {
  it('keeps one tab per node; closing the active one shows the last other terminal, then the log', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().addTerminal({ node: 'h1', lab: 'l', id: null, state: 'starting' });
    s().addTerminal({ node: 'h2', lab: 'l', id: null, state: 'starting' });
    s().updateTerminal('h1', { id: 'abcdefghijklmnop', state: 'open' });
    s().addTerminal({ node: 'h2', lab: 'l', id: null, state: 'starting' }); // reopen replaces
    expect(s().terminals.map((t) => [t.node, t.state])).toEqual([['h1', 'open'], ['h2', 'starting']]);
    s().setDockTab(terminalTab('h2'));
    s().removeTerminal('h2');
    expect(s().dockTab).toBe('terminal:h1');
    s().removeTerminal('h1');
    expect(s().dockTab).toBe('log');
    expect(s().terminals).toEqual([]);
  });
});
