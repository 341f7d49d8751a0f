import type { StateCreator } from 'zustand';
import { autoAddress } from '../../shared/lab/auto-address';
import { shareUnchanged } from '../../shared/lab/delta';
import type { Lab } from '../../shared/lab/schema';
import { commit } from './history-slice';
import * as E from './lab-edit';
import type { AppState, LabSlice } from './types';
import { checkIssues } from './validation';

export const EMPTY_LAB: Lab = { name: 'lab', nodes: {}, links: [] };

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set, get) => {
  const edit = (fn: (lab: Lab) => Lab) => set((s) => commit(s, fn(s.lab)));
  return {
    lab: EMPTY_LAB,
    savedLab: EMPTY_LAB,
    file: { name: null, path: null },
    issues: [],
    sizes: {},
    loadSeq: 0,
    loadLab(lab, file = { name: null, path: null }, opts = {}) {
      set((s) => ({
        loadSeq: s.loadSeq + 1,
        lab, savedLab: opts.dirty ? null : lab, file, issues: checkIssues(lab), past: [], future: [], dragOrigin: null,
        selection: { nodes: [], links: [] }, nodeStatus: {}, linkStatus: {},
        // another lab or file: its deltas start from its own first apply
        appliedBase: null,
      }));
    },
    markSaved(file) { set((s) => ({ savedLab: s.lab, file })); },
    edit,
    addNode(kind, position) {
      const s = get();
      const at = position ?? freeSpot(s.lab);
      const r = E.addNode(s.lab, kind, at);
      set({ ...commit(s, r.lab), selection: { nodes: [r.name], links: [] } });
      return r.name;
    },
    connect(a, b) {
      const r = E.connect(get().lab, a, b);
      if (!r) return null;
      set((s) => ({ ...commit(s, r.lab), selection: { nodes: [], links: [r.key] } }));
      return r.key;
    },
    deleteSelection() {
      const { selection } = get();
      if (!selection.nodes.length && !selection.links.length) return;
      edit((lab) => E.removeNodes(E.removeLinks(lab, selection.links), selection.nodes));
      set({ selection: { nodes: [], links: [] } });
    },
    renameNode(old, name) {
      const problem = E.nodeNameProblem(get().lab, old, name);
      if (problem) return problem;
      edit((lab) => E.renameNode(lab, old, name));
      set((s) => ({ selection: { ...s.selection, nodes: s.selection.nodes.map((n) => (n === old ? name : n)) } }));
      return null;
    },
    renameIface(node, old, name) {
      const problem = E.ifaceRenameProblem(get().lab, node, old, name);
      if (problem) return problem;
      edit((lab) => E.renameIface(lab, node, old, name));
      return null;
    },
    updateNode: (name, fn) => edit((lab) => E.updateNode(lab, name, fn)),
    updateIface: (node, iface, patch) => edit((lab) => E.updateIface(lab, node, iface, patch)),
    updateLink: (key, patch) => edit((lab) => E.updateLink(lab, key, patch)),
    beginDrag() { set((s) => ({ dragOrigin: s.dragOrigin ?? s.lab })); },
    dragTo(positions) {
      // Outside a drag (arrow keys move selected nodes) each move is its own undo step.
      set((s) => (s.dragOrigin ? { lab: E.setPositions(s.lab, positions) } : commit(s, E.setPositions(s.lab, positions))));
    },
    endDrag() {
      const { dragOrigin, lab, past } = get();
      if (!dragOrigin) return;
      // One undo step per drag, and none for a click that moved nothing.
      set(dragOrigin === lab ? { dragOrigin: null } : { dragOrigin: null, past: [...past, dragOrigin], future: [] });
    },
    setPositions: (positions) => edit((lab) => E.setPositions(lab, positions)),
    runAutoAddress() {
      try {
        // (nodes it leaves as they were stay the same objects: the next apply's delta skips them)
        edit((lab) => shareUnchanged(lab, autoAddress(lab)));
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    },
    setSizes(sizes) { set((s) => ({ sizes: { ...s.sizes, ...sizes } })); },
  };
};

/** A spot for a node added by click: right of everything, on the 15 px grid. */
function freeSpot(lab: Lab): E.XY {
  const ps = Object.values(lab.nodes).map((n) => n.position).filter((p) => p !== undefined);
  if (ps.length === 0) return { x: 150, y: 150 };
  const maxX = Math.max(...ps.map((p) => p.x));
  const minY = Math.min(...ps.map((p) => p.y));
  return { x: Math.round((maxX + 165) / 15) * 15, y: Math.round(minY / 15) * 15 };
}
