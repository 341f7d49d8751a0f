/**
 * A trace as the canvas animates it: the links the packet crossed, in order (request, then reply).
 * A crossing is an `out` hop on an interface: the link holding that interface carries the packet
 * to the node at its other end. Pure, so the order is tested without a browser.
 */
import { labLinks, linkKey, parseEndpoint } from '../../shared/lab/links';
import type { Lab } from '../../shared/lab/schema';
import type { TraceResultDto } from '../../shared/protocol/teaching';

export interface TraceStep { link: string; from: string; to: string; path: 'request' | 'reply'; hop: number }

/** Time per link crossing in the animation. */
export const STEP_MS = 650;

export function traceSteps(lab: Lab, r: TraceResultDto): TraceStep[] {
  const byEnd = new Map<string, { key: string; peer: string }>();
  for (const l of labLinks(lab)) {
    const [a, b] = l.endpoints;
    const key = linkKey(l);
    byEnd.set(a, { key, peer: parseEndpoint(b).node });
    byEnd.set(b, { key, peer: parseEndpoint(a).node });
  }
  const steps: TraceStep[] = [];
  for (const path of ['request', 'reply'] as const) {
    r[path].forEach((h, hop) => {
      if (h.direction !== 'out') return;
      const l = byEnd.get(`${h.node}:${h.iface}`);
      if (!l) return;
      const prev = steps[steps.length - 1];
      if (prev && prev.link === l.key && prev.path === path && prev.from === h.node) return;
      steps.push({ link: l.key, from: h.node, to: l.peer, path, hop });
    });
  }
  return steps;
}

/** reached: the probe got to the destination and nothing was lost on the way back either. */
export const traceOutcome = (r: TraceResultDto): 'reached' | 'lost' => (r.reached && !r.lost ? 'reached' : 'lost');

/** Which crossing of `link` the canvas shows at animation step `shown` (1-based), or null. */
export function edgeStep(steps: TraceStep[], shown: number, link: string): { n: number; step: TraceStep; current: boolean } | null {
  for (let i = Math.min(shown, steps.length) - 1; i >= 0; i--) {
    if (steps[i]!.link === link) return { n: i + 1, step: steps[i]!, current: i === shown - 1 };
  }
  return null;
}
