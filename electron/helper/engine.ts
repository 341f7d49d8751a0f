/**
 * The engine's entry points: everything the CLI, the helper's stdio server and the tests call.
 * validate → resolve → check kernel features → lock → ownership check → observe → plan → record
 * intent in the ledger → execute (batched) → complete the ledger.
 */
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { checkLab } from '../../shared/lab/parse';
import { formatPath } from '../../shared/lab/issues';
import { FORWARDING_KEYS, requiredFeatures, resolveLab, type ResolvedLab } from '../../shared/lab/resolve';
import type { Lab } from '../../shared/lab/schema';
import { LAB_NAME, NODE_NAME, nsName } from '../../shared/net/names';
import { commandLine } from '../../shared/ops/render';
import type { Op } from '../../shared/ops/types';
import { DeltaError, withDelta, type LabDelta } from '../../shared/lab/delta';
import { LabMemo } from '../../shared/lab/incremental';
import { planReusing, type PlanMemo } from '../../shared/planner/incremental';
import { plan as planOps } from '../../shared/planner/plan';
import type { EventOf, LabSummary, PlannedOp } from '../../shared/protocol/api';
import type { ObservedLab } from '../../shared/state/observed';
import { execute } from './kernel/executor';
import { detectFeatures } from './kernel/features';
import { existingOf, observeNamespaces } from './kernel/observer';
import { ObserveCache } from './kernel/nl/cache';
import { nsfd } from './kernel/nl/native';
import { candidates, hostNetnsInodes, tagAccepts, tagsFromObserved, verifiedOwned, type Existing } from './ownership';
import { emptyLedger, listLedgers, lockLab, LockedError, readLedger, removeLedger, writeLedger, type Ledger, type LedgerNs } from './ledger';

export type ProgressListener = (e: EventOf<'progress'>) => void;

export class EngineError extends Error {
  constructor(readonly code: 'invalid' | 'conflict' | 'not-owned' | 'missing-feature' | 'kernel' | 'not-found' | 'busy' | 'stale', message: string, readonly issues: { path: string; message: string; line?: number; col?: number }[] = []) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * Checking, resolving and planning reuse the previous apply's work for unchanged nodes
 * (shared/lab/incremental.ts, shared/planner/incremental.ts); results are those of checkLab,
 * resolveLab and plan.
 */
const labMemo = new LabMemo();
const planMemos = new Map<string, PlanMemo>();
/** The helper may run several labs: per lab name, the last few used are kept (newest last). */
function keepRecent<V>(m: Map<string, V>, lab: string, value: V): void {
  m.delete(lab);
  m.set(lab, value);
  while (m.size > 4) m.delete(m.keys().next().value!);
}

/**
 * The last lab `apply` checked, per lab name, under a revision: the base a delta is applied to
 * (applyDelta). Revisions start with a tag random per process, so a restarted helper knows none.
 */
const bases = new Map<string, { revision: string; lab: Lab }>();
const processTag = randomBytes(6).toString('base64url');
let revisions = 0;
function remember(lab: Lab): string {
  const revision = `${processTag}-${++revisions}`;
  keepRecent(bases, lab.name, { revision, lab });
  return revision;
}

/**
 * Validate lab data (already parsed from YAML or received over IPC). `fromJson`: `data` is what
 * JSON.parse returned (LabMemo.check).
 */
export function validLab(data: unknown, memo?: LabMemo, fromJson = false): Lab {
  const r = memo ? memo.check(data, { fromJson }) : checkLab(data);
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

let cache: ObserveCache | null = null;

/**
 * Keep an event-fed observation cache across calls (kernel/nl/cache.ts): for a long-lived
 * process (the helper), where a second `apply` then re-reads only namespaces whose kernel state
 * changed. Needs the nsfd addon (version 2); without it, or after `useObserveCache(false)`, every
 * observation reads every namespace. Returns the cache in use.
 */
export function useObserveCache(on = true): ObserveCache | null {
  if (!on) { cache?.close(); cache = null; return null; }
  const native = nsfd();
  if (!cache && ObserveCache.supported(native)) cache = new ObserveCache(native);
  return cache;
}

/** The namespaces a lab's ledger names and its nodes need, with their /run/netns inodes. */
const existingFor = (ledger: Ledger, resolved?: ResolvedLab): Existing =>
  existingOf([...Object.keys(ledger.namespaces), ...(resolved?.nodes.map((n) => n.ns) ?? [])]);

interface Ownership { ledger: Ledger; existing: Existing; owned: string[]; observed: ObservedLab }

/**
 * Which of the lab's namespaces exist and are ours (electron/helper/ownership.ts: name, inode,
 * not the host's, loopback tag), observed. A namespace the lab needs that exists but is not
 * provably ours belongs to someone else: refuse. Tags come from the observation the plan needs
 * anyway, so this costs no extra process.
 */
async function ownership(resolved: ResolvedLab, mark: (phase: string) => void = () => {}): Promise<Ownership> {
  const ledger = (await readLedger(resolved.name)) ?? emptyLedger(resolved.name);
  mark('ledger.read');
  const existing = existingFor(ledger, resolved);
  mark('netns.list');
  const conflict = (node: string, ns: string) => new EngineError('conflict', `namespace ${ns} (for node ${node}) already exists and was not created by nslab for lab "${resolved.name}"; nslab will not touch it. Remove it yourself or rename the lab.`);
  const maybe = candidates(ledger, existing, await hostNetnsInodes());
  const maybeSet = new Set(maybe);
  for (const node of resolved.nodes) if (existing.has(node.ns) && !maybeSet.has(node.ns)) throw conflict(node.name, node.ns);
  const seen = await observeOwned(resolved, maybe, existing);
  mark('observe');
  const tags = tagsFromObserved(seen, maybe);
  const owned = maybe.filter((ns) => tagAccepts(resolved.name, ledger.namespaces[ns]!, tags.get(ns)));
  const ownedSet = new Set(owned);
  for (const node of resolved.nodes) if (existing.has(node.ns) && !ownedSet.has(node.ns)) throw conflict(node.name, node.ns);
  // (usually every namespace seen is owned: the observation is then used as it is)
  const observed: ObservedLab = Object.keys(seen).every((ns) => ownedSet.has(ns)) ? seen
    : Object.fromEntries(Object.entries(seen).filter(([ns]) => ownedSet.has(ns)));
  return { ledger, existing, owned, observed };
}

/** sysctl keys a node sets beyond forwarding, per (immutable, reused) DesiredNode */
const extraKeys = new WeakMap<ResolvedLab['nodes'][number], string[]>();
const NONE: string[] = [];
const extraSysctl = (resolved: ResolvedLab): ((ns: string) => string[]) => {
  const extra = new Map<string, string[]>();
  for (const n of resolved.nodes) {
    let keys = extraKeys.get(n);
    if (!keys) {
      keys = Object.keys(n.sysctl).filter((k) => !(FORWARDING_KEYS as readonly string[]).includes(k));
      extraKeys.set(n, keys.length ? keys : NONE);
    }
    if (keys.length) extra.set(n.ns, keys);
  }
  return (ns) => extra.get(ns) ?? NONE;
};

async function observeOwned(resolved: ResolvedLab, owned: string[], existing: Existing): Promise<ObservedLab> {
  const sysctlKeys = extraSysctl(resolved);
  if (cache) {
    cache.stopWarming();
    return cache.observe(owned, existing, sysctlKeys);
  }
  return observeNamespaces(owned, { sysctlKeys });
}

/** Validate a lab and plan it against the kernel, without changing anything. */
export async function plan(data: unknown): Promise<PlannedOp[]> {
  return planLab(validLab(data, labMemo));
}

/**
 * plan, for the app's preview before an apply: the lab, or a delta against a revision this
 * helper returned (as applyDelta takes it), is kept as the base of the next delta under the
 * revision returned, so the apply that follows sends only what changed since the preview.
 */
export async function planPreview(source: { lab: unknown } | { delta: LabDelta }): Promise<{ ops: PlannedOp[]; revision: string }> {
  const lab = 'lab' in source ? validLab(source.lab, labMemo, true) : labOfDelta(source.delta);
  const revision = remember(lab);
  return { ops: await planLab(lab), revision };
}

async function planLab(lab: Lab): Promise<PlannedOp[]> {
  const resolved = labMemo.resolve(lab);
  const { observed, owned } = await ownership(resolved);
  // (planReusing gives plan()'s ops: shared/planner/incremental.property.test.ts)
  const { ops, memo } = planReusing({ desired: resolved, observed, owned }, planMemos.get(lab.name) ?? null);
  keepRecent(planMemos, lab.name, memo);
  return toPlanned(ops);
}

export interface ApplyOptions { file?: string; onProgress?: ProgressListener; timings?: Record<string, number>; fromJson?: boolean }
export interface Applied { ops: PlannedOp[]; applied: number; revision: string }

/**
 * Bring the kernel to the lab: create, change and remove only the difference. `opts.fromJson`:
 * the caller vouches that `data` came from JSON.parse (a request frame), which lets the check of
 * unchanged input skip what such a value cannot hold (shared/lab/incremental.ts check).
 */
export async function apply(data: unknown, opts: ApplyOptions = {}): Promise<Applied> {
  const mark = marker(opts.timings);
  const lab = validLab(data, labMemo, opts.fromJson);
  mark('validate');
  return applyValid(lab, opts, mark);
}

/** Adds the time since its last call to `timings[phase]`. */
function marker(timings: Record<string, number> | undefined): (phase: string) => void {
  let t = performance.now();
  return (phase) => {
    if (!timings) return;
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + now - t;
    t = now;
  };
}

async function applyValid(lab: Lab, opts: ApplyOptions, mark: (phase: string) => void): Promise<Applied> {
  const revision = remember(lab);
  const resolved = labMemo.resolve(lab);
  mark('resolve');
  await checkFeatures(lab, resolved);
  mark('features');
  const unlock = await lock(lab.name);
  mark('lock');
  let ledgerNs: string[] | null = null;
  try {
    const { ledger, observed, owned } = await ownership(resolved, mark);
    const { ops, memo } = planReusing({ desired: resolved, observed, owned }, planMemos.get(lab.name) ?? null);
    keepRecent(planMemos, lab.name, memo);
    const planned = toPlanned(ops);
    mark('plan');
    // Intent first: a namespace is in the ledger before it exists.
    const adds = new Set(ops.filter((op) => op.kind === 'netns.add').map((op) => op.ns));
    // A ledger entry whose namespace is gone (or was replaced by someone else's) is stale.
    const ownedSet = new Set(owned);
    const stale: string[] = [];
    for (const ns in ledger.namespaces) if (!ownedSet.has(ns) && !adds.has(ns)) stale.push(ns);
    // (the record is frozen and shared: replaced, and only when something changes)
    if (adds.size || stale.length) {
      const next: Record<string, LedgerNs> = { ...ledger.namespaces };
      for (const op of ops) if (op.kind === 'netns.add') next[op.ns] = { node: op.node ?? '', inode: null };
      for (const ns of stale) delete next[ns];
      ledger.namespaces = next;
    }
    ledger.spec = lab as Record<string, unknown>;
    ledger.file = opts.file ?? ledger.file;
    // The intent record is needed before a namespace is created (and, kept simple, removed);
    // otherwise the completion write below records the spec alone.
    // the lab's text from the checker's per-node texts: only what changed is rendered
    const specJson = labMemo.json(lab);
    if (ops.some((op) => op.kind === 'netns.add' || op.kind === 'netns.del')) await writeLedger(ledger, specJson);
    mark('ledger.intent');
    // a namespace about to be deleted must not be kept alive by the cache's socket
    for (const op of ops) if (op.kind === 'netns.del') cache?.forget(op.ns);
    const total = ops.length;
    let done = 0;
    opts.onProgress?.({ lab: lab.name, done, total, status: 'running' });
    const faultAfter = faultInjection();
    const run = faultAfter === null ? ops : ops.slice(0, faultAfter);
    let failure: { index: number; message: string } | undefined;
    const succeeded = new Set<number>();
    if (run.length) {
      const result = await execute(run, {
        // the ledger's namespaces (not changed while the plan runs)
        allowedNs: { has: (ns) => Object.hasOwn(ledger.namespaces, ns) },
        sockets: cache ?? undefined,
        onOp: (index, status, error) => {
          if (status === 'done') { done++; succeeded.add(index); }
          opts.onProgress?.({ lab: lab.name, done, total, op: planned[index], status, ...(error ? { error } : {}) });
        },
      });
      failure = result.failed;
    }
    mark('execute');
    await completeLedger(ledger, ops, succeeded, specJson);
    ledgerNs = Object.keys(ledger.namespaces).filter((ns) => ownedSet.has(ns) || ledger.namespaces[ns]!.inode !== null);
    mark('ledger.complete');
    if (faultAfter !== null) process.kill(process.pid, 'SIGKILL');
    if (failure) {
      throw new EngineError('kernel', `${planned[failure.index]!.command}\n  failed: ${failure.message.trim()}\n${done} of ${total} operations were applied; run up again to continue, or down to remove the lab.`);
    }
    opts.onProgress?.({ lab: lab.name, done, total, status: 'done' });
    return { ops: planned, applied: done, revision };
  } finally {
    await unlock();
    mark('unlock');
    // re-read, in the background once the kernel is quiet, what this apply changed (cache.ts)
    if (cache && ledgerNs) {
      const names = [...ledgerNs];
      const c = cache;
      c.warmSoon(() => existingOf(names), extraSysctl(resolved), () => void planAhead(c, resolved, names).catch(() => {}));
    }
  }
}

/**
 * `apply` of the lab a delta makes of the base it names (shared/lab/delta.ts): the lab last checked
 * by an apply or a plan preview under that revision, with the delta applied. Only the nodes and
 * links the delta names are parsed and validated again (LabMemo.checkDelta), where it can. A base this helper does not hold (restarted, another lab
 * applied since, or replaced) is 'stale': the caller sends the whole lab.
 */
export async function applyDelta(delta: LabDelta, opts: Omit<ApplyOptions, 'fromJson'> = {}): Promise<Applied> {
  const mark = marker(opts.timings);
  const lab = labOfDelta(delta);
  mark('validate');
  return applyValid(lab, opts, mark);
}

/** The valid lab a delta makes of the base it names; EngineError 'stale' or 'invalid' otherwise. */
function labOfDelta(delta: LabDelta): Lab {
  const base = bases.get(delta.name);
  if (!base || base.revision !== delta.base) {
    throw new EngineError('stale', `this helper does not hold revision ${delta.base} of lab "${delta.name}"${base ? ` (its last is ${base.revision})` : ''}; send the whole lab. Nothing was changed.`);
  }
  const lab = labMemo.checkDelta(base.lab, delta);
  if (lab) return lab;
  let data: Record<string, unknown>;
  try { data = withDelta(base.lab as unknown as Record<string, unknown>, delta); } catch (e) {
    if (!(e instanceof DeltaError)) throw e;
    throw new EngineError('invalid', `delta.${e.message}. Nothing was changed.`, [{ path: `delta.${e.path}`, message: e.reason }]);
  }
  // the base's frozen parses and JSON.parse's values (a request frame): what fromJson vouches for
  return validLab(data, labMemo, true);
}

/**
 * Once the kernel is quiet after an apply, plan the lab again against the cache's (now current)
 * observation, only to remember per namespace that nothing is needed (shared/planner/
 * incremental.ts): the next apply then plans just what changed since. Nothing is executed; a
 * memo is only ever a true statement about the inputs it names, so it is harmless if an apply
 * ran meanwhile.
 */
async function planAhead(c: ObserveCache, resolved: ResolvedLab, names: string[]): Promise<void> {
  if (cache !== c) return;
  const inodes = existingOf(names);
  const observed = await c.observe([...inodes.keys()], inodes, extraSysctl(resolved));
  const { memo } = planReusing({ desired: resolved, observed, owned: names }, planMemos.get(resolved.name) ?? null);
  keepRecent(planMemos, resolved.name, memo);
}

/**
 * Forget the namespaces removed; record the inode of each namespace whose setup finished (its
 * `ns.init`, which tags it, succeeded). A namespace created but not yet tagged keeps inode null,
 * so ownership never expects a tag that was never written (ownership.ts).
 */
async function completeLedger(ledger: Ledger, ops: Op[], succeeded: ReadonlySet<number>, specJson: string): Promise<void> {
  const tagged = new Set(ops.filter((op, i) => op.kind === 'ns.init' && succeeded.has(i)).map((op) => op.ns));
  // (the record is frozen and shared: a copy is made only when something changes)
  let next: Record<string, LedgerNs> | null = null;
  const edit = () => (next ??= { ...ledger.namespaces });
  for (const op of ops) if (op.kind === 'netns.del' && Object.hasOwn(ledger.namespaces, op.ns)) delete edit()[op.ns];
  // the /run/netns inodes of the namespaces created (or not yet recorded), in one call where the
  // addon is built (existingOf; a 200-node up: ~10 ms of awaited stats → ~0.3 ms)
  const need: string[] = [];
  for (const ns in next ?? ledger.namespaces) if (ledger.namespaces[ns]!.inode === null || tagged.has(ns)) need.push(ns);
  const inodes = existingOf(need);
  for (const ns of need) {
    const ino = inodes.get(ns);
    if (ino === undefined || ino === null) delete edit()[ns];
    else if (tagged.has(ns)) edit()[ns] = { node: ledger.namespaces[ns]!.node, inode: ino };
  }
  if (next) ledger.namespaces = next;
  await writeLedger(ledger, specJson);
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
    const owned = await verifiedOwned(ledger, existingFor(ledger));
    planMemos.delete(name);
    cache?.stopWarming();
    for (const ns of owned) cache?.forget(ns);
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
  const host = await hostNetnsInodes();
  const ledgers = await listLedgers();
  const existing = existingOf(ledgers.flatMap((l) => Object.keys(l.namespaces)));
  return ledgers.map((l) => ({
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
  const existing = existingOf([ns]);
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
  const existing = existingFor(ledger);
  const owned = await verifiedOwned(ledger, existing);
  let drift: PlannedOp[] | null = null;
  let observed: ObservedLab;
  const spec = ledger.spec ? checkLab(ledger.spec) : null;
  if (spec?.ok) {
    const resolved = resolveLab(spec.lab);
    observed = await observeOwned(resolved, owned, existing);
    drift = toPlanned(planOps({ desired: resolved, observed, owned }));
  } else {
    observed = await observeNamespaces(owned);
  }
  return { ledger, observed, drift };
}
