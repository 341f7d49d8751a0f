import type { Lab } from '../shared/lab/schema';

/**
 * One link added (r10 – r20, a new subnet) and one address changed (h1's), made as the canvas's
 * store makes edits: new objects for what changed, the rest shared with `lab` (so a delta of the
 * two, shared/lab/delta.ts, holds just the three nodes and the link).
 */
export function incrementalChange(lab: Lab): Lab {
  const r10 = lab.nodes.r10!, r20 = lab.nodes.r20!, h1 = lab.nodes.h1!;
  return {
    ...lab,
    nodes: {
      ...lab.nodes,
      r10: { ...r10, interfaces: { ...r10.interfaces, eth2: { addresses: ['10.250.0.1/24'] } } },
      r20: { ...r20, interfaces: { ...r20.interfaces, eth2: { addresses: ['10.250.0.2/24'] } } },
      h1: { ...h1, interfaces: { ...h1.interfaces, eth0: { ...h1.interfaces!.eth0, addresses: ['10.0.0.11/24'] } } },
    },
    links: [...(lab.links ?? []), ['r10:eth2', 'r20:eth2']],
  };
}
