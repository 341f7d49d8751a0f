/**
 * Runs a plan against the kernel. Operations are grouped by stage (shared/ops/types.ts STAGE);
 * stages run in order, and inside a stage each namespace gets one process per run of same-tool
 * operations (`ip -n NS -b -`, `tc -n NS -b -`, one `sysctl -w …`), namespaces concurrently.
 * What runs is exactly renderOp(op): the command log shows what the kernel was told.
 */
import { STAGE, type Op } from '../../../shared/ops/types';
import { renderOp } from '../../../shared/ops/render';
import { ifaceNameProblem } from '../../../shared/net/names';
import { batchLine, isNetSysctlKey, runBatch, runSysctl } from './run';
import { runPool } from './pool';
import { executeFast, type SocketLender } from './nl/execute';
import { nsfd } from './nl/native';

export type OpStatus = 'done' | 'error';

export interface ExecuteOptions {
  /** the namespaces this lab owns (from the ledger); an operation outside them refuses the whole plan */
  /** namespaces the plan may touch (a Set, or a view of the lab's ledger) */
  allowedNs: { has(ns: string): boolean };
  /** called once per operation that ran, in plan order within a stage, as its batch completes */
  onOp?: (index: number, status: OpStatus, error?: string) => void;
  /** namespaces in flight at once (default 8) */
  concurrency?: number;
  timeoutMs?: number;
  /** persistent request sockets per namespace, for the fast executor (nl/execute.ts SocketLender) */
  sockets?: SocketLender;
}

export interface ExecuteResult {
  /** operations the kernel accepted */
  applied: number;
  /** the first failure by plan index, with the kernel's message */
  failed?: { index: number; message: string };
}

/** A plan the helper will not run at all; nothing was started. */
export class PlanRefused extends Error {
  constructor(readonly code: 'not-owned' | 'invalid', readonly index: number, message: string) {
    super(message);
    this.name = 'PlanRefused';
  }
}

type Tool = 'ip' | 'tc' | 'sysctl';
interface Item { index: number; op: Op; tool: Tool; args: string[] }
/** consecutive operations of one namespace that share a tool: one process */
interface Run { tool: Tool; ns: string | null; items: Item[] }

export const DEFAULT_CONCURRENCY = 8;

/**
 * Execute `ops` (a plan, in plan order). Throws PlanRefused before running anything if an
 * operation touches a namespace outside `allowedNs` or carries an argument the helper refuses.
 *
 * @example await execute(ops, { allowedNs: new Set(['nslab-lab-h1']), onOp: (i, s) => … })
 */
export async function execute(ops: readonly Op[], opts: ExecuteOptions): Promise<ExecuteResult> {
  const items = ops.map((op, index) => checkOp(op, index, opts.allowedNs));
  // The same plan without a process per namespace where the nsfd addon is built (nl/execute.ts);
  // NSLAB_EXECUTOR=iproute2 keeps every step an iproute2 process.
  const native = nsfd();
  if (native) return executeFast(native, items, opts.onOp, opts.timeoutMs, opts.sockets);
  let applied = 0;
  const stages = [...new Set(ops.map((op) => STAGE[op.kind]))].sort((a, b) => a - b);
  for (const stage of stages) {
    const stageItems = items.filter((it) => STAGE[it.op.kind] === stage);
    const result = await runStage(stageItems, opts);
    applied += result.applied;
    if (result.failed) return { applied, failed: result.failed };
  }
  return { applied };
}

/** Ownership and argument checks for one operation; returns what will run. */
function checkOp(op: Op, index: number, allowed: ExecuteOptions['allowedNs']): Item {
  // An operation is data that may come from anywhere: an unknown kind renders to nothing we know.
  if (typeof op !== 'object' || op === null || !Object.hasOwn(STAGE, op.kind)) {
    throw new PlanRefused('invalid', index, `operation ${index}: unknown kind ${JSON.stringify(String((op as { kind?: unknown } | null)?.kind)).slice(0, 40)}`);
  }
  const what = `operation ${index} (${op.kind}${'ns' in op ? ` in ${op.ns}` : ''})`;
  for (const ns of op.kind === 'veth.add' ? [op.ns, op.peerNs] : [op.ns]) {
    if (!allowed.has(ns)) throw new PlanRefused('not-owned', index, `${what}: namespace ${ns} is not owned by this lab`);
  }
  for (const name of ifaceNamesOf(op)) {
    const problem = ifaceNameProblem(name);
    if (problem) throw new PlanRefused('invalid', index, `${what}: interface name ${JSON.stringify(name)} ${problem}`);
  }
  const cmd = renderOp(op);
  if (cmd.tool !== 'sysctl') {
    try { batchLine(cmd.args, index); } catch (e) { throw new PlanRefused('invalid', index, `${what}: ${(e as Error).message}`); }
  } else if ((op.kind === 'sysctl.set' || op.kind === 'sysctl.early') && (!isNetSysctlKey(op.key) || typeof op.value !== 'string' || /[\n\r\0]/.test(op.value))) {
    throw new PlanRefused('invalid', index, `${what}: only net.* sysctl keys with single-line values can be set inside a namespace`);
  }
  return { index, op, tool: cmd.tool, args: cmd.args };
}

function ifaceNamesOf(op: Op): string[] {
  switch (op.kind) {
    case 'bridge.add': case 'bridge.set': case 'link.del': return [op.name];
    case 'veth.add': return [op.name, op.peerName];
    case 'link.set': return [op.name, ...(op.master ? [op.master] : [])];
    case 'addr.add': case 'addr.del': case 'qdisc.replace': case 'qdisc.del': return [op.dev];
    case 'route.add': case 'route.del': return op.route.dev ? [op.route.dev] : [];
    default: return [];
  }
}

/** One stage: namespaces concurrently, each namespace's runs one after another in plan order. */
async function runStage(items: Item[], opts: ExecuteOptions): Promise<ExecuteResult> {
  const byNs = new Map<string, Run[]>();
  for (const it of items) {
    // netns add/del render with ns null: they all run in one host-namespace batch.
    const ns = it.tool === 'sysctl' ? it.op.ns : renderOp(it.op).ns;
    const key = ns ?? '';
    const runs = byNs.get(key) ?? [];
    const last = runs[runs.length - 1];
    if (last && last.tool === it.tool) last.items.push(it);
    else runs.push({ tool: it.tool, ns, items: [it] });
    byNs.set(key, runs);
  }

  const status = new Map<number, { status: OpStatus; error?: string }>();
  const order = items.map((it) => it.index).sort((a, b) => a - b);
  let cursor = 0;
  const flush = (final: boolean) => {
    while (cursor < order.length) {
      const s = status.get(order[cursor]!);
      if (!s) {
        if (!final) return;
        cursor++; // never ran
        continue;
      }
      opts.onOp?.(order[cursor]!, s.status, s.error);
      cursor++;
    }
  };

  let stageFailed = false;
  const jobs = [...byNs.values()].map((runs) => async () => {
    for (const run of runs) {
      const ok = await executeRun(run, status, opts.timeoutMs);
      flush(false);
      if (!ok) { stageFailed = true; return; }
    }
  });
  await runPool(jobs, opts.concurrency ?? DEFAULT_CONCURRENCY, () => !stageFailed);
  flush(true);

  let applied = 0;
  let failed: ExecuteResult['failed'];
  for (const index of order) {
    const s = status.get(index);
    if (s?.status === 'done') applied++;
    else if (s?.status === 'error' && !failed) failed = { index, message: s.error ?? 'failed' };
  }
  return failed ? { applied, failed } : { applied };
}

/** One process; records each operation's outcome. Returns false if anything failed. */
async function executeRun(run: Run, status: Map<number, { status: OpStatus; error?: string }>, timeoutMs?: number): Promise<boolean> {
  if (run.tool === 'sysctl') {
    const assignments = run.items.map((it): [string, string] => {
      const op = it.op as Extract<Op, { kind: 'sysctl.set' }>;
      return [op.key, op.value];
    });
    const r = await runSysctl(run.ns!, assignments, { timeoutMs });
    if (r.ok) {
      for (const it of run.items) status.set(it.index, { status: 'done' });
      return true;
    }
    // sysctl writes every key it can; blame the keys it named, or all of them if it named none.
    const blamed = new Set(r.failedKeys.length ? r.failedKeys : assignments.map(([k]) => k));
    run.items.forEach((it, i) => {
      const key = assignments[i]![0];
      status.set(it.index, blamed.has(key) ? { status: 'error', error: r.message } : { status: 'done' });
    });
    return false;
  }

  const r = await runBatch(run.tool, run.ns, run.items.map((it) => it.args), { timeoutMs });
  if (r.ok) {
    for (const it of run.items) status.set(it.index, { status: 'done' });
    return true;
  }
  // Lines before the failed one ran; the failed one is the error; the rest never ran. When the
  // tool named no line (namespace gone, timeout) nothing is known, so the first one takes the blame.
  const failedAt = r.failedLine ?? 0;
  run.items.forEach((it, i) => {
    if (i < failedAt && r.failedLine !== null) status.set(it.index, { status: 'done' });
    else if (i === failedAt) status.set(it.index, { status: 'error', error: r.message });
  });
  return false;
}
