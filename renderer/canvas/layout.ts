/**
 * Auto-layout with elkjs (layered, left to right): routers and hosts line up along the paths
 * between them. Loaded on demand, so the editor starts without the layout engine.
 */
import { labLinks, parseEndpoint } from '../../shared/lab/links';
import type { Lab } from '../../shared/lab/schema';
import type { XY } from '../store/lab-edit';
import { setPositions } from '../store/lab-edit';

const DEFAULT_SIZE = { width: 170, height: 64 };
const GRID = 15;

export async function computeLayout(lab: Lab, sizes: Record<string, { width: number; height: number }> = {}): Promise<Record<string, XY>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '75',
      'elk.layered.spacing.nodeNodeBetweenLayers': '160',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: Object.keys(lab.nodes).map((id) => ({ id, ...(sizes[id] ?? DEFAULT_SIZE) })),
    edges: labLinks(lab).map((l, i) => ({ id: `e${i}`, sources: [parseEndpoint(l.endpoints[0]).node], targets: [parseEndpoint(l.endpoints[1]).node] }))
      .filter((e) => lab.nodes[e.sources[0]!] && lab.nodes[e.targets[0]!]),
  });
  const snap = (v: number) => Math.round(v / GRID) * GRID;
  return Object.fromEntries((graph.children ?? []).map((c) => [c.id, { x: snap((c.x ?? 0) + 60), y: snap((c.y ?? 0) + 60) }]));
}

/** A lab from a file whose nodes have no positions gets laid out before it is shown. */
export async function layoutIfNeeded(lab: Lab): Promise<Lab> {
  if (Object.values(lab.nodes).every((n) => n.position)) return lab;
  try {
    return setPositions(lab, await computeLayout(lab));
  } catch {
    return lab;
  }
}
