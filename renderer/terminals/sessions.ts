/**
 * Terminal sessions in the renderer: one xterm.js instance per node, kept here (outside React and
 * the store) so a tab that is hidden, or a dock that is collapsed, keeps its screen and scrollback.
 * The store holds only what the tabs show (terminal-slice.ts). Keystrokes go to the helper as
 * `terminalInput`, output comes back as `terminalData` events for the terminal's id.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { TERMINAL_INPUT_MAX, type NslabApi } from '../../shared/protocol/api';
import { getApi } from '../api/client';
import { actions, store } from '../store';
import { terminalTab } from '../store/terminal-slice';

interface Session {
  node: string;
  lab: string;
  term: Terminal;
  fit: FitAddon;
  id: string | null;
  host: HTMLElement | null;
  mounted: Promise<void>;
  markMounted(): void;
}

const sessions = new Map<string, Session>();
const byId = new Map<string, Session>();
/** Output for ids whose open reply is not handled yet (only kept while a terminal is starting). */
const early = new Map<string, string[]>();
const opening = (): boolean => [...sessions.values()].some((s) => s.id === null);

const THEME = { background: '#1e1f22', foreground: '#dcdfe4', cursor: '#dcdfe4', selectionBackground: '#3e5f8a' };

function copySelection(term: Terminal): void {
  const text = term.getSelection();
  if (!text) return;
  void navigator.clipboard?.writeText(text).then(() => actions().showToast('Copied'), () => actions().showToast('Copy failed: the browser refused the clipboard'));
}

function createSession(node: string, lab: string): Session {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: THEME,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  let markMounted!: () => void;
  const mounted = new Promise<void>((r) => (markMounted = r));
  const s: Session = { node, lab, term, fit, id: null, host: null, mounted, markMounted };

  // Copy: Ctrl+Shift+C, or Ctrl+C while text is selected (otherwise Ctrl+C is the shell's ^C).
  // Paste: Ctrl+Shift+V / Ctrl+V / middle click reach xterm as the browser's paste event.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown' || !(e.ctrlKey || e.metaKey)) return true;
    const key = e.key.toLowerCase();
    if (key === 'c' && (e.shiftKey || term.hasSelection())) {
      e.preventDefault();
      copySelection(term);
      if (!e.shiftKey) term.clearSelection();
      return false;
    }
    if (key === 'v') return false; // let the browser paste into xterm's textarea
    return true;
  });
  term.onData((data) => {
    if (!s.id) return;
    const id = s.id;
    // A paste may exceed what one request carries: send it in order, in pieces.
    for (let i = 0; i < data.length; i += TERMINAL_INPUT_MAX) void getApi().invoke('terminalInput', { id, data: data.slice(i, i + TERMINAL_INPUT_MAX) });
  });
  term.onResize(({ cols, rows }) => {
    if (s.id) void getApi().invoke('terminalResize', { id: s.id, cols: Math.max(2, cols), rows: Math.max(1, rows) });
  });
  return s;
}

const note = (term: Terminal, text: string, colour = '2') => term.write(`\r\n\x1b[${colour}m${text}\x1b[0m\r\n`);

/** Open a shell in a node of the deployed lab (or show the node's terminal if one is open). */
export async function openTerminal(node: string): Promise<void> {
  const s = actions();
  if (!s.lab.nodes[node]) return;
  const existing = s.terminals.find((t) => t.node === node);
  if (existing && existing.state !== 'exited' && existing.lab === s.lab.name) {
    s.setDockTab(terminalTab(node));
    return;
  }
  if (s.nodeStatus[node]?.status !== 'up') {
    s.showToast(`Deploy the lab first: ${node} is not running, so there is no shell to open in it`);
    return;
  }
  dispose(node);
  const lab = s.lab.name;
  const session = createSession(node, lab);
  sessions.set(node, session);
  s.addTerminal({ node, lab, id: null, state: 'starting' });
  s.setDockTab(terminalTab(node));
  // Size the pty like the visible terminal: wait for the view to mount and fit (briefly).
  await Promise.race([session.mounted, new Promise((r) => setTimeout(r, 1000))]);
  fitSession(node);
  const r = await getApi().invoke('terminalOpen', { lab, node, cols: Math.max(2, session.term.cols), rows: Math.max(1, session.term.rows) });
  if (sessions.get(node) !== session) {
    // closed while it was starting
    if (r.ok) void getApi().invoke('terminalClose', { id: r.value.id });
    return;
  }
  if (!r.ok) {
    note(session.term, `Cannot open a shell in ${node}: ${r.message}`, '31');
    actions().updateTerminal(node, { state: 'exited', error: r.message });
    return;
  }
  session.id = r.value.id;
  byId.set(r.value.id, session);
  // output that arrived before this reply was handled
  for (const data of early.get(r.value.id) ?? []) session.term.write(data);
  early.delete(r.value.id);
  actions().updateTerminal(node, { id: r.value.id, state: 'open' });
  session.term.focus();
}

/** Close a node's terminal: the helper ends the shell and everything it started. */
export async function closeTerminal(node: string): Promise<void> {
  const session = sessions.get(node);
  const id = session?.id;
  dispose(node);
  actions().removeTerminal(node);
  if (id) await getApi().invoke('terminalClose', { id });
}

function dispose(node: string): void {
  const session = sessions.get(node);
  if (!session) return;
  sessions.delete(node);
  if (session.id) byId.delete(session.id);
  session.term.dispose();
}

/** Called by the view: put the node's terminal into `el` (once; later calls move it back). */
export function mountSession(node: string, el: HTMLElement): void {
  const s = sessions.get(node);
  if (!s) return;
  if (s.term.element) {
    if (s.term.element.parentElement !== el) el.appendChild(s.term.element);
  } else s.term.open(el);
  s.host = el;
  s.markMounted();
}

/** Fit the terminal to its box; a hidden box (0×0) keeps the last size. */
export function fitSession(node: string, focus = false): void {
  const s = sessions.get(node);
  if (!s?.host || s.host.clientWidth === 0 || s.host.clientHeight === 0) return;
  try {
    s.fit.fit();
  } catch {
    // not rendered yet
  }
  if (focus) s.term.focus();
}

/** Route terminal events to their xterm; mark every terminal ended when the connection drops. */
export function attachTerminalListeners(api: NslabApi): () => void {
  const ended = (s: Session, text: string, patch: { code?: number; error?: string }) => {
    if (s.id) byId.delete(s.id);
    s.id = null;
    note(s.term, text);
    actions().updateTerminal(s.node, { state: 'exited', ...patch });
  };
  const offs = [
    api.on('terminalData', (p) => {
      const s = byId.get(p.id);
      if (s) s.term.write(p.data);
      else if (opening() && early.size < 16) early.set(p.id, [...(early.get(p.id) ?? []), p.data].slice(-256));
    }),
    api.on('terminalExit', (p) => {
      const s = byId.get(p.id);
      if (s) ended(s, `[the shell in ${s.node} ended${p.code >= 0 ? ` with code ${p.code}` : ''}; close this tab, or double-click the node for a new one]`, { code: p.code });
    }),
    store.subscribe((st, prev) => {
      if (st.connection.state === 'disconnected' && prev.connection.state !== 'disconnected') {
        for (const s of sessions.values()) if (s.id) ended(s, '[the connection to nslab was lost; this shell was closed]', { error: 'connection lost' });
      }
    }),
  ];
  return () => offs.forEach((off) => off());
}
