/**
 * The engine's entry points: everything the CLI, the helper's stdio server and the tests call.
 * validate → resolve → check kernel features → lock → ownership check → observe → plan → record
 * intent in the ledger → execute (batched) → complete the ledger.
 */
import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import { checkLab } from '../../shared/lab/parse';
import { formatPath } from '../../shared/lab/issues';
import { FORWARDING_KEYS, requiredFeatures, resolveLab, type ResolvedLab } from '../../shared/lab/resolve';
import type { Lab } from '../../shared/lab/schema';
import { LAB_NAME, NODE_NAME, nsName } from '../../shared/net/names';
import { commandLine } from '../../shared/ops/render';
import type { Op } from '../../shared/ops/types';
import { plan as planOps } from '../../shared/planner/plan';
import type { EventOf, LabSummary, PlannedOp } from '../../shared/protocol/api';
import type { ObservedLab } from '../../shared/state/observed';
import { execute } from './kernel/executor';
import { detectFeatures } from './kernel/features';
import { listNetns, observeNamespaces } from './kernel/observer';
import { candidates, hostNetnsInodes, tagAccepts, tagsFromObserved, verifiedOwned, type Existing } from './ownership';
import { emptyLedger, listLedgers, lockLab, LockedError, readLedger, removeLedger, writeLedger, type Ledger } from './ledger';

export type ProgressListener = (e: EventOf<'progress'>) => void;

export class EngineError extends Error {
  constructor(readonly code: 'invalid' | 'conflict' | 'not-owned' | 'missing-feature' | 'kernel' | 'not-found' | 'busy', message: string, readonly issues: { path: string; message: string; line?: number; col?: number }[] = []) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Validate lab data (already parsed from YAML or received over IPC). */
export function validLab(data: unknown): Lab {
  const r = checkLab(data);
  if (r.ok) return r.lab;
  const issues = r.issues.map((i) => ({ path: formatPath(i.path), message: i.message, ...(i.line ? { line: i.line, col: i.col } : {}) }));
  throw new EngineError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
}

export const toPlanned = (ops: Op[]): PlannedOp[] =>
  ops.map((op, index) => ({ index, kind: op.kind, ...(op.node ? { node: op.node } : {}), ...(op.link ? { link: op.link } : {}), command: commandLine(op) }));

/** Refuse a lab whose queueing disciplines this kernel lacks, before anything is created. */
async function checkFeatures(lab: Lab, resolved: ResolvedLab): Promise<void> {
  const need = requiredFeatures(resolved);
  if (need.size === 0) return;
  const f = await detectFeatures();
  for (const kind of need) {
    const feat = f[kind];
    if (feat.ok) continue;
    const users = (lab.links ?? []).flatMap((l, i) => {
      if (Array.isArray(l)) return [];
      const uses = kind === 'tbf' ? (l.rate && !l.delay && !l.loss && !l.jitter) : (l.delay || l.loss || l.jitter);
      return uses ? [`links[${i}] (${l.endpoints.join(' – ')})`] : [];
    });
    throw new EngineError('missing-feature',
      `${users.join(', ')} ${users.length > 1 ? 'use' : 'uses'} ${kind === 'netem' ? 'delay/jitter/loss, which need' : 'rate, which needs'} the kernel's ${kind} queueing discipline (sch_${kind}), and this kernel lacks it: ${feat.detail}.${feat.fix ? ` Fix: ${feat.fix}` : ''} Nothing was created.`);
  }
}

interface Ownership { ledger: Ledger; existing: Existing; owned: string[]; observed: ObservedLab }

/**
 * Which of the lab's namespaces exist and are ours (electron/helper/ownership.ts: name, inode,
 * not the host's, loopback tag), observed. A namespace the lab needs that exists but is not
 * provably ours belongs to someone else: refuse. Tags come from the observation the plan needs
 * anyway, so this costs no extra process.
 */
async function ownership(resolved: ResolvedLab): Promise<Ownership> {
  const ledger = (await readLedger(resolved.name)) ?? emptyLedger(resolved.name);
  const existing: Existing = new Map((await listNetns()).map((n) => [n.name, n.inode]));
  const conflict = (node: string, ns: string) => new EngineError('conflict', `namespace ${ns} (for node ${node}) already exists and was not created by nslab for lab "${resolved.name}"; nslab will not touch it. Remove it yourself or rename the lab.`);
  const maybe = candidates(ledger, existing, await hostNetnsInodes());
  for (const node of resolved.nodes) if (existing.has(node.ns) && !maybe.includes(node.ns)) throw conflict(node.name, node.ns);
  const seen = await observeOwned(resolved, maybe);
  const tags = tagsFromObserved(seen, maybe);
  const owned = maybe.filter((ns) => tagAccepts(resolved.name, ledger.namespaces[ns]!, tags.get(ns)));
  for (const node of resolved.nodes) if (existing.has(node.ns) && !owned.includes(node.ns)) throw conflict(node.name, node.ns);
  const observed: ObservedLab = Object.fromEntries(Object.entries(seen).filter(([ns]) => owned.includes(ns)));
  return { ledger, existing, owned, observed };
}

async function observeOwned(resolved: ResolvedLab, owned: string[]): Promise<ObservedLab> {
  const extra = new Map(resolved.nodes.map((n) => [n.ns, Object.keys(n.sysctl).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k))]));
  return observeNamespaces(owned, { sysctlKeys: (ns) => extra.get(ns) ?? [] });
}

/** Validate a lab and plan it against the kernel, without changing anything. */
export async function plan(data: unknown): Promise<PlannedOp[]> {
  const lab = validLab(data);
  const resolved = resolveLab(lab);
  const { observed, owned } = await ownership(resolved);
  return toPlanned(planOps({ desired: resolved, observed, owned }));
}

/** Bring the kernel to the lab: create, change and remove only the difference. */
export async function apply(data: unknown, opts: { file?: string; onProgress?: ProgressListener } = {}): Promise<{ ops: PlannedOp[]; applied: number }> {
  const lab = validLab(data);
  const resolved = resolveLab(lab);
  await checkFeatures(lab, resolved);
  const unlock = await lock(lab.name);
  try {
    const { ledger, observed, owned } = await ownership(resolved);
    const ops = planOps({ desired: resolved, observed, owned });
    const planned = toPlanned(ops);
    // Intent first: a namespace is in the ledger before it exists.
    for (const op of ops) if (op.kind === 'netns.add') ledger.namespaces[op.ns] = { node: op.node ?? '', inode: null };
    // A ledger entry whose namespace is gone (or was replaced by someone else's) is stale.
    for (const ns of Object.keys(ledger.namespaces)) {
      if (!owned.includes(ns) && !ops.some((op) => op.kind === 'netns.add' && op.ns === ns)) delete ledger.namespaces[ns];
    }
    ledger.spec = lab as Record<string, unknown>;
    ledger.file = opts.file ?? ledger.file;
    await writeLedger(ledger);
    const total = ops.length;
    let done = 0;
    opts.onProgress?.({ lab: lab.name, done, total, status: 'running' });
    const faultAfter = faultInjection();
    const run = faultAfter === null ? ops : ops.slice(0, faultAfter);
    let failure: { index: number; message: string } | undefined;
    const succeeded = new Set<number>();
    if (run.length) {
      const result = await execute(run, {
        allowedNs: new Set(Object.keys(ledger.namespaces)),
        onOp: (index, status, error) => {
          if (status === 'done') { done++; succeeded.add(index); }
          opts.onProgress?.({ lab: lab.name, done, total, op: planned[index], status, ...(error ? { error } : {}) });
        },
      });
      failure = result.failed;
    }
    await completeLedger(ledger, ops, succeeded);
    if (faultAfter !== null) process.kill(process.pid, 'SIGKILL');
    if (failure) {
      throw new EngineError('kernel', `${planned[failure.index]!.command}\n  failed: ${failure.message.trim()}\n${done} of ${total} operations were applied; run up again to continue, or down to remove the lab.`);
    }
    opts.onProgress?.({ lab: lab.name, done, total, status: 'done' });
    return { ops: planned, applied: done };
  } finally {
    await unlock();
  }
}

/**
 * Forget the namespaces removed; record the inode of each namespace whose setup finished (its
 * `ns.init`, which tags it, succeeded). A namespace created but not yet tagged keeps inode null,
 * so ownership never expects a tag that was never written (ownership.ts).
 */
async function completeLedger(ledger: Ledger, ops: Op[], succeeded: ReadonlySet<number>): Promise<void> {
  const tagged = new Set(ops.filter((op, i) => op.kind === 'ns.init' && succeeded.has(i)).map((op) => op.ns));
  for (const op of ops) if (op.kind === 'netns.del') delete ledger.namespaces[op.ns];
  for (const [ns, entry] of Object.entries(ledger.namespaces)) {
    if (entry.inode !== null && !tagged.has(ns)) continue;
    const ino = await inodeOf(ns);
    if (ino === null) delete ledger.namespaces[ns];
    else if (tagged.has(ns)) ledger.namespaces[ns] = { node: entry.node, inode: ino };
  }
  await writeLedger(ledger);
}

async function inodeOf(ns: string): Promise<number | null> {
  try { return (await stat(`/run/netns/${ns}`)).ino; } catch { return null; }
}

/** Test hook for fault injection: stop dead after N operations (NSLAB_FAULT_AFTER=N). */
function faultInjection(): number | null {
  const v = process.env.NSLAB_FAULT_AFTER;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

async function lock(lab: string): Promise<() => Promise<void>> {
  try { return await lockLab(lab); } catch (e) {
    if (e instanceof LockedError) throw new EngineError('busy', e.message);
    throw e;
  }
}

/** Remove exactly what the ledger says the lab owns. Returns the namespaces removed. */
export async function destroy(name: string): Promise<string[]> {
  if (!LAB_NAME.test(name)) throw new EngineError('invalid', `"${name}" is not a lab name (1-16 characters of a-z, 0-9 and "-", starting with a letter)`);
  const unlock = await lock(name);
  try {
    const ledger = await readLedger(name);
    if (!ledger) throw new EngineError('not-found', `no lab named "${name}" is running (nslab ls lists them); nothing was removed`);
    const existing: Existing = new Map((await listNetns()).map((n) => [n.name, n.inode]));
    const owned = await verifiedOwned(ledger, existing);
    const ops: Op[] = owned.map((ns) => ({ kind: 'netns.del', ns, node: ledger.namespaces[ns]!.node }));
    if (ops.length) {
      const r = await execute(ops, { allowedNs: new Set(owned) });
      if (r.failed) throw new EngineError('kernel', `${commandLine(ops[r.failed.index]!)} failed: ${r.failed.message.trim()}`);
    }
    await removeLedger(name);
    return owned;
  } finally {
    await unlock();
  }
}

/** Labs the ledger knows about. */
export async function list(): Promise<LabSummary[]> {
  const existing: Existing = new Map((await listNetns()).map((n) => [n.name, n.inode]));
  const host = await hostNetnsInodes();
  return (await listLedgers()).map((l) => ({
    name: l.lab,
    nodes: Object.keys(l.namespaces).length,
    // name + inode only (no tag read): a count for display, never used to act on a namespace
    present: candidates(l, existing, host).length,
    file: l.file,
    lab: l.spec,
  }));
}

/** The namespace of a lab's node, if the ledger attributes it to the lab and it is still ours. */
export async function ownedNodeNs(lab: string, node: string): Promise<string> {
  if (!LAB_NAME.test(lab)) throw new EngineError('invalid', `"${lab}" is not a lab name`);
  if (!NODE_NAME.test(node)) throw new EngineError('invalid', `"${node}" is not a node name`);
  const ledger = await readLedger(lab);
  if (!ledger) throw new EngineError('not-found', `no lab named "${lab}" is running`);
  const ns = nsName(lab, node);
  const existing: Existing = new Map((await listNetns()).map((n) => [n.name, n.inode]));
  const one: Ledger = { ...ledger, namespaces: ledger.namespaces[ns] ? { [ns]: ledger.namespaces[ns] } : {} };
  if (!(await verifiedOwned(one, existing)).includes(ns)) throw new EngineError('not-owned', `lab "${lab}" has no running node "${node}"`);
  return ns;
}

/** Run a command (argv, no shell) inside one of a lab's nodes. */
export async function execInNode(lab: string, node: string, argv: string[], timeoutMs = 10_000): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const ns = await ownedNodeNs(lab, node);
  const r = await execa('ip', ['netns', 'exec', ns, ...argv], { reject: false, timeout: timeoutMs, stdin: 'ignore', maxBuffer: 4 * 1024 * 1024 });
  return { exitCode: typeof r.exitCode === 'number' ? r.exitCode : 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** The lab's live kernel view plus drift (a non-empty plan). */
export async function status(name: string): Promise<{ ledger: Ledger; observed: ObservedLab; drift: PlannedOp[] | null }> {
  if (!LAB_NAME.test(name)) throw new EngineError('invalid', `"${name}" is not a lab name`);
  const ledger = await readLedger(name);
  if (!ledger) throw new EngineError('not-found', `no lab named "${name}" is running`);
  const existing: Existing = new Map((await listNetns()).map((n) => [n.name, n.inode]));
  const owned = await verifiedOwned(ledger, existing);
  let drift: PlannedOp[] | null = null;
  let observed: ObservedLab;
  const spec = ledger.spec ? checkLab(ledger.spec) : null;
  if (spec?.ok) {
    const resolved = resolveLab(spec.lab);
    observed = await observeOwned(resolved, owned);
    drift = toPlanned(planOps({ desired: resolved, observed, owned }));
  } else {
    observed = await observeNamespaces(owned);
  }
  return { ledger, observed, drift };
}
