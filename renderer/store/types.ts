/** The store's shape: one zustand store made of slices (STYLE.md 10). */
import type { LabIssue } from '../../shared/lab/issues';
import type { Lab, LabInterface, LabLinkObject, LabNode, NodeKind } from '../../shared/lab/schema';
import type { PlannedOp } from '../../shared/protocol/api';
import type { Fragment, XY } from './lab-edit';
import type { LiveSlice } from './live-slice';
import type { TeachingDockTab, TeachingSlice } from './teaching-slice';

export type Status = 'idle' | 'pending' | 'creating' | 'up' | 'error';
export interface ItemStatus { status: Status; message?: string }
export type OpStatus = 'planned' | 'running' | 'done' | 'error';
export interface LogEntry extends PlannedOp { status: OpStatus; error?: string }
export interface Selection { nodes: string[]; links: string[] }
/** A lab the helper confirmed holding under `revision` (a plan's or an apply's reply): the base of a delta. */
export interface AppliedBase { revision: string; lab: Lab }

export interface LabSlice {
  lab: Lab;
  /** the lab as last opened or saved; `lab !== savedLab` means unsaved changes */
  savedLab: Lab | null;
  file: { name: string | null; path: string | null };
  issues: LabIssue[];
  /** canvas node sizes measured by React Flow (not part of the lab) */
  sizes: Record<string, { width: number; height: number }>;
  /** bumped by loadLab, so the canvas can fit the new lab into view */
  loadSeq: number;
  /** Replace the lab (new/open/example); clears history and selection. */
  loadLab(lab: Lab, file?: { name: string | null; path: string | null }, opts?: { dirty?: boolean }): void;
  markSaved(file: { name: string | null; path: string | null }): void;
  /** Apply a pure edit as one undo step. */
  edit(fn: (lab: Lab) => Lab): void;
  addNode(kind: NodeKind, position?: XY): string;
  connect(a: string, b: string): string | null;
  deleteSelection(): void;
  renameNode(old: string, name: string): string | null;
  renameIface(node: string, old: string, name: string): string | null;
  updateNode(name: string, fn: (n: LabNode) => LabNode): void;
  updateIface(node: string, iface: string, patch: Partial<LabInterface>): void;
  updateLink(key: string, patch: Partial<Omit<LabLinkObject, 'endpoints'>>): void;
  /** Drag in progress: positions change without history; endDrag makes it one undo step. */
  beginDrag(): void;
  dragTo(positions: Record<string, XY>): void;
  endDrag(): void;
  setPositions(positions: Record<string, XY>): void;
  runAutoAddress(): string | null;
  setSizes(sizes: Record<string, { width: number; height: number }>): void;
}

export interface HistorySlice {
  past: Lab[];
  future: Lab[];
  /** the lab when the current drag began */
  dragOrigin: Lab | null;
  undo(): void;
  redo(): void;
}

export interface SelectionSlice {
  selection: Selection;
  select(sel: Partial<Selection>, additive?: boolean): void;
  selectAll(): void;
}

export interface ClipboardSlice {
  clipboard: Fragment | null;
  pasteCount: number;
  copy(): void;
  cut(): void;
  paste(): void;
}

export interface DeploySlice {
  nodeStatus: Record<string, ItemStatus>;
  linkStatus: Record<string, ItemStatus>;
  /** operations of the running plan not yet done, per node and link (an item is up at zero) */
  opsLeft: { nodes: Record<string, number>; links: Record<string, number> };
  log: LogEntry[];
  busy: null | 'plan' | 'apply' | 'destroy';
  /** the plan waiting for confirmation in the preview dialog */
  pendingPlan: PlannedOp[] | null;
  /**
   * The lab object last planned or applied, as sent, under the revision the helper gave it; the
   * next plan or apply sends only what changed since (lifecycle/apply-request.ts). Null when the
   * helper may not hold it: none yet, another lab loaded, destroyed, a plan or apply failed, the
   * helper restarted.
   */
  appliedBase: AppliedBase | null;
  setBusy(busy: DeploySlice['busy']): void;
  setPendingPlan(ops: PlannedOp[] | null): void;
  setAppliedBase(base: AppliedBase | null): void;
  /** Mark the plan's subjects pending and put its operations into the command log. */
  startApply(ops: PlannedOp[]): void;
  /** An engine progress event: run start (no op) → creating; op done/error → up when its last op is done, or error. */
  onProgress(p: { done: number; total: number; op?: PlannedOp; status: 'running' | 'done' | 'error'; error?: string }): void;
  finishApply(ok: boolean, message?: string): void;
  markDestroyed(): void;
  clearLog(): void;
}

export type Connection = { state: 'electron' | 'connecting' | 'connected' | 'disconnected' | 'no-token'; message?: string };
export type Dialog = null | 'plan' | 'examples' | { kind: 'message'; title: string; text: string };

export interface UiSlice {
  connection: Connection;
  dialog: Dialog;
  dockTab: 'log' | 'problems' | 'run' | TerminalDockTab | TeachingDockTab;
  dockOpen: boolean;
  toast: string | null;
  setConnection(c: Connection): void;
  setDialog(d: Dialog): void;
  setDockTab(t: UiSlice['dockTab']): void;
  setDockOpen(open: boolean): void;
  showToast(text: string | null): void;
}

/** One node's answer to a command of the Run tab. */
export type RunResult =
  | { state: 'running' }
  | { state: 'done'; exitCode: number; stdout: string; stderr: string }
  | { state: 'failed'; message: string };

export interface RunSlice {
  run: {
    /** the command line as typed */
    command: string;
    /** the argv that was sent, and the nodes it went to, in order */
    argv: string[];
    targets: string[];
    results: Record<string, RunResult>;
  };
  setRunCommand(command: string): void;
  startRun(argv: string[], targets: string[]): void;
  setRunResult(node: string, result: RunResult): void;
}

/** A terminal's dock tab: one per node, named after it. */
export type TerminalDockTab = `terminal:${string}`;
export interface TerminalTab {
  node: string;
  lab: string;
  /** the helper's terminal id, once open */
  id: string | null;
  state: 'starting' | 'open' | 'exited';
  /** exit code, or why it did not open */
  code?: number;
  error?: string;
}

export interface TerminalSlice {
  terminals: TerminalTab[];
  addTerminal(t: TerminalTab): void;
  updateTerminal(node: string, patch: Partial<TerminalTab>): void;
  removeTerminal(node: string): void;
}

export type AppState = LabSlice & HistorySlice & SelectionSlice & ClipboardSlice & DeploySlice & UiSlice & RunSlice & TerminalSlice & TeachingSlice & LiveSlice;
