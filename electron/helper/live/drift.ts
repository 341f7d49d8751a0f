/**
 * Drift from live state: the planner run against what the watcher already holds, so checking
 * drift after an event costs no process. A non-empty plan is drift (ARCHITECTURE.md).
 */
import { FORWARDING_KEYS, resolveLab } from '../../../shared/lab/resolve';
import type { Lab } from '../../../shared/lab/schema';
import { plan } from '../../../shared/planner/plan';
import type { PlannedOp } from '../../../shared/protocol/api';
import { observedOf, type LiveState } from '../../../shared/state/live';
import { toPlanned } from '../engine';

/**
 * The operations `nslab up` would run to bring the kernel back to `spec`.
 *
 * @example driftFromLive(spec, watcher.state).map((op) => op.command)
 */
export function driftFromLive(spec: Lab, state: LiveState): PlannedOp[] {
  return toPlanned(plan({ desired: resolveLab(spec), observed: observedOf(state), owned: Object.keys(state.namespaces) }));
}

/** Sysctl keys a lab sets in each namespace beyond forwarding (the observer reads them too). */
export function extraSysctlKeys(spec: Lab | null): Map<string, string[]> {
  if (!spec) return new Map();
  return new Map(resolveLab(spec).nodes.map((n) => [n.ns, Object.keys(n.sysctl).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k))]));
}
