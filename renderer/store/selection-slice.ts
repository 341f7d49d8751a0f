import type { StateCreator } from 'zustand';
import { linkKey } from '../../shared/lab/links';
import type { AppState, SelectionSlice } from './types';

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set) => ({
  selection: { nodes: [], links: [] },
  select(sel, additive = false) {
    set((s) => {
      const base = additive ? s.selection : { nodes: [], links: [] };
      const nodes = [...new Set([...base.nodes, ...(sel.nodes ?? [])])];
      const links = [...new Set([...base.links, ...(sel.links ?? [])])];
      if (same(nodes, s.selection.nodes) && same(links, s.selection.links)) return {};
      return { selection: { nodes, links } };
    });
  },
  selectAll() {
    set((s) => ({ selection: { nodes: Object.keys(s.lab.nodes), links: (s.lab.links ?? []).map(linkKey) } }));
  },
});

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
