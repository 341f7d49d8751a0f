/**
 * The fast executor: the same plan, the same stage order and the same failure reporting as the
 * iproute2 executor (../executor.ts), without a process per namespace. Namespaces are created and
 * removed as `ip netns add`/`del` do (pinned under /run/netns), by the addon's threads, or by
 * `ip -b` with an older addon (many at once: one thread or process per core, see
 * namespaceBatches); links, addresses and routes go over an rtnetlink socket opened inside
 * each namespace; sysctls are written to /proc/sys opened inside the namespace; tc qdiscs (rare,
 * and their encoding is tc's business) still run `tc -n NS -b -`.
 *
 * Operations run one at a time in (stage, plan index) order and stop at the first failure, so
 * "lines before the failed one ran, the rest did not" holds exactly, as with `ip -b` — except
 * within a stage of namespace creations split across threads, where it holds per slice, and in
 * new namespaces' first stage (sysctl.early, ns.init, bridge.add), done by the thread that made
 * each namespace (firstSteps), where it holds per namespace: every operation before the failed
 * one ran, and another namespace's later ones may have run too (each is reported).
 */
import { closeSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { STAGE, type Op } from '../../../../shared/ops/types';
import { renderOp } from '../../../../shared/ops/render';
import { runBatch } from '../run';
import { applyIpOp, newNamespaceRequest, NsConn } from './messages';
import { NETNS_DIR, netnsPath, type NetnsStep, type Nsfd, type StepResult } from './native';
import { ackError, F, NetlinkError, nlMessage, NlSocket } from './netlink';

export interface FastItem { index: number; op: Op }

/**
 * Request sockets kept open per namespace across runs (the engine's observation cache lends
 * them, kernel/nl/cache.ts): opening one costs a setns pair, ~0.1 ms, a good part of a small
 * change. A lent socket is never closed here; `drop` gives it up before its namespace is removed.
 */
export interface SocketLender {
  socketFor(ns: string): NlSocket | null;
  drop(ns: string): void;
}
export interface FastResult { applied: number; failed?: { index: number; message: string } }

/** procps `sysctl -w` key → path: dots are separators, a `/` stands for a dot inside a name. */
export const sysctlPath = (key: string): string => `/proc/sys/${key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))}`;

export function writeSysctlIn(native: Nsfd, ns: string, key: string, value: string): void {
  let fd: number;
  try {
    fd = native.openFileIn(netnsPath(ns), sysctlPath(key), true);
  } catch (e) {
    throw new Error(sysctlError(key, { open: true, message: (e as Error).message.split(': ').pop() ?? '' }));
  }
  try {
    writeSync(fd, `${value}\n`);
  } catch (e) {
    throw new Error(sysctlError(key, { open: false, message: (e as NodeJS.ErrnoException).code === 'EINVAL' ? 'Invalid argument' : (e as Error).message }));
  } finally {
    closeSync(fd);
  }
}

/**
 * procps wording: `sysctl: cannot stat /proc/sys/net/x: No such file or directory` when the key's
 * file cannot be opened, `sysctl: setting key "net.x": Invalid argument` when the value is refused.
 */
const sysctlError = (key: string, f: { open: boolean; message: string }): string =>
  f.open ? `sysctl: cannot stat ${sysctlPath(key)}: ${f.message}` : `sysctl: setting key "${key}": ${f.message}`;

/**
 * A namespace's run of sysctl keys: one visit of the namespace for all of them where the addon
 * has writeFilesIn (version 5; a setns pair per key otherwise, ~15 µs each). Per item its error.
 */
function writeSysctlsIn(native: Nsfd, ns: string, items: FastItem[]): [FastItem, string | null][] {
  const ops = items.map((it) => it.op as Extract<Op, { kind: 'sysctl.set' | 'sysctl.early' }>);
  if (!native.writeFilesIn || items.length > 256) {
    return items.map((it, k) => {
      try { writeSysctlIn(native, ns, ops[k]!.key, ops[k]!.value); return [it, null]; } catch (e) { return [it, (e as Error).message]; }
    });
  }
  const res = native.writeFilesIn(netnsPath(ns), ops.map((o) => sysctlPath(o.key)), ops.map((o) => `${o.value}\n`));
  return items.map((it, k) => [it, res[k] ? sysctlError(ops[k]!.key, res[k]!) : null]);
}

export async function executeFast(native: Nsfd, items: FastItem[], onOp?: (index: number, status: 'done' | 'error', error?: string) => void, timeoutMs?: number, lender?: SocketLender): Promise<FastResult> {
  let order = [...items].sort((a, b) => STAGE[a.op.kind] - STAGE[b.op.kind] || a.index - b.index);
  const conns = new Map<string, NsConn>();
  const lent = new Set<NlSocket>();
  const connOf = (ns: string): NsConn => {
    let c = conns.get(ns);
    if (!c) {
      const borrowed = lender?.socketFor(ns) ?? null;
      if (borrowed) lent.add(borrowed);
      c = new NsConn(borrowed ?? NlSocket.open(native, ns), native.ifindexOf);
      conns.set(ns, c);
    }
    return c;
  };
  const closeConn = (c: NsConn) => { if (!lent.has(c.sock)) c.sock.close(); };
  let applied = 0;
  // devices this run brought up, per namespace (see settleLinks)
  const raised = new Map<string, string[]>();
  const done = (it: FastItem) => {
    applied++;
    if (it.op.kind === 'link.set' && it.op.up === true) (raised.get(it.op.ns) ?? raised.set(it.op.ns, []).get(it.op.ns)!).push(it.op.name);
    onOp?.(it.index, 'done');
  };
  const fail = (it: FastItem, message: string): FastResult => { onOp?.(it.index, 'error', message); return { applied, failed: { index: it.index, message } }; };
  try {
    for (let i = 0; i < order.length;) {
      const it = order[i]!;
      const op = it.op;
      if (op.kind === 'netns.add' || op.kind === 'netns.del') {
        // every namespace operation of the stage at once, in slices (namespaceBatches)
        let j = i;
        while (j < order.length && (order[j]!.op.kind === 'netns.add' || order[j]!.op.kind === 'netns.del')) j++;
        const group = order.slice(i, j);
        for (const g of group) {
          const c = conns.get(g.op.ns);
          if (c) closeConn(c);
          conns.delete(g.op.ns);
          lender?.drop(g.op.ns);
        }
        // what follows in new namespaces' first stage is done by the same threads (firstSteps)
        const then = native.netnsBatch && (native.version ?? 0) >= 9 ? firstSteps(group, order.slice(j)) : null;
        if (then) order = [...order.slice(0, j), ...order.slice(j).filter((x) => !then.fused.has(x))];
        const failures = await namespaceBatches(native, group, timeoutMs, done, then);
        // each failure is reported; the one returned is the first in (stage, plan index) order
        failures.sort((a, b) => STAGE[a.item.op.kind] - STAGE[b.item.op.kind] || a.item.index - b.item.index);
        for (const f of failures.slice(1)) onOp?.(f.item.index, 'error', f.message);
        if (failures[0]) return fail(failures[0].item, failures[0].message);
        i = j;
        continue;
      }
      if (op.kind === 'sysctl.early' || op.kind === 'sysctl.set') {
        // like one `sysctl -w a b c`: every key of the run is written; each failed key is an error
        let j = i;
        while (j < order.length && order[j]!.op.kind === op.kind && order[j]!.op.ns === op.ns) j++;
        const outcome = writeSysctlsIn(native, op.ns, order.slice(i, j));
        let failed: FastResult['failed'];
        for (const [cur, err] of outcome) {
          if (err === null) done(cur);
          else { onOp?.(cur.index, 'error', err); failed ??= { index: cur.index, message: err }; }
        }
        if (failed) return { applied, failed };
        i = j;
        continue;
      }
      if (op.kind === 'qdisc.replace' || op.kind === 'qdisc.del') {
        const r = await runBatch('tc', op.ns, [renderOp(op).args], { timeoutMs });
        if (!r.ok) return fail(it, r.message);
        done(it);
        i++;
        continue;
      }
      try {
        applyIpOp(op, connOf(op.ns), connOf);
      } catch (e) {
        return fail(it, (e as Error).message);
      }
      done(it);
      i++;
    }
    return { applied };
  } finally {
    settleLinks(native, raised, conns);
    for (const c of conns.values()) closeConn(c);
  }
}

/** netnsBatch takes at most this many steps per namespace (native/netns.c read_then) */
const MAX_STEPS = 1024;

/** A new namespace's first-stage operations done by the thread that creates it: per group item its steps and their items. */
interface FirstSteps { steps: (NetnsStep[] | null)[]; items: FastItem[][]; fused: Set<FastItem> }

/**
 * The operations of the stage after the namespaces' (STAGE 2: sysctl.early, ns.init, bridge.add)
 * in namespaces this group creates, as steps for the thread that creates each one: it is already
 * inside, so a new namespace costs no setns pair and no second visit, and the two cores share the
 * work (200 namespaces: ~40 ms of the stage done one operation at a time afterwards). Per
 * namespace they stay in plan order; the first operation that is not one of these ends that
 * namespace's steps, and it and the rest run afterwards as before. Null when none applies.
 */
function firstSteps(group: FastItem[], rest: FastItem[]): FirstSteps | null {
  const created = new Map<string, number>();
  group.forEach((g, i) => { if (g.op.kind === 'netns.add') created.set(g.op.ns, i); });
  const steps: (NetnsStep[] | null)[] = group.map(() => null);
  const items: FastItem[][] = group.map(() => []);
  const fused = new Set<FastItem>();
  const closed = new Set<string>();
  let seq = 1;
  for (const it of rest) {
    const op = it.op;
    if (STAGE[op.kind] !== STAGE['ns.init']) break;
    const at = created.get(op.ns);
    if (at === undefined || closed.has(op.ns)) continue;
    if ((steps[at]?.length ?? 0) >= MAX_STEPS) { closed.add(op.ns); continue; }
    const req = op.kind === 'sysctl.early' ? null : newNamespaceRequest(op);
    const step: NetnsStep | null = op.kind === 'sysctl.early' ? [sysctlPath(op.key), `${op.value}\n`]
      : req && nlMessage(req.type, req.flags | F.ACK, req.body, seq++);
    if (!step) { closed.add(op.ns); continue; }
    (steps[at] ??= []).push(step);
    items[at]!.push(it);
    fused.add(it);
  }
  return fused.size ? { steps, items, fused } : null;
}

/** Below this many namespace operations one thread (or one `ip -b` process) does them all. */
const SPLIT_AT = 32;

/**
 * Namespace creations/removals of one stage, in consecutive slices run at the same time — one per
 * core when there are many, else one. Creating a network namespace is mostly the kernel's
 * per-namespace setup, which runs in parallel: 200 namespaces took 98–117 ms in one process and
 * 58–70 ms in two (2 cores). With addon version 8 the slices are threads of this process
 * (`netnsBatch`, native/netns.c: what `ip netns add`/`del` do, with ip's messages), else one
 * `ip -b` process each. Order does not matter within the stage (each line names a different
 * namespace; the ledger names them all before). A failure: the lines before it in its slice
 * ran, and so did whatever the other slices finished; each of those is reported done, and every
 * failure is returned. With `then` (version 9) each new namespace's first-stage steps run on its
 * thread right after it is made; a failed step ends that namespace's steps, other namespaces'
 * go on, and each step is reported in plan order.
 */
async function namespaceBatches(native: Nsfd, group: FastItem[], timeoutMs: number | undefined, done: (it: FastItem) => void, then: FirstSteps | null): Promise<Failure[]> {
  const n = group.length < SPLIT_AT ? 1 : Math.max(1, Math.min(availableParallelism(), 4));
  const failures: Failure[] = [];
  if (native.netnsBatch) {
    const names = group.map((g) => g.op.ns), create = group.map((g) => g.op.kind === 'netns.add');
    const res = then ? native.netnsBatch(NETNS_DIR, names, create, n, then.steps) : { names: native.netnsBatch(NETNS_DIR, names, create, n), steps: [] };
    group.forEach((g, i) => {
      const r = res.names[i];
      if (r === null) done(g);
      else if (typeof r === 'string') failures.push({ item: g, message: r });
    });
    // the first stage's steps, reported in plan order
    const outcomes = group.flatMap((_, i) => (res.steps[i] ?? []).map((r, k) => [then!.items[i]![k]!, r] as const)).sort(([a], [b]) => a.index - b.index);
    for (const [it, r] of outcomes) {
      if (r === null) done(it);
      else if (r !== false) failures.push({ item: it, message: stepError(it.op, r) });
    }
    return failures;
  }
  const size = Math.ceil(group.length / n);
  const slices = Array.from({ length: n }, (_, k) => group.slice(k * size, (k + 1) * size)).filter((x) => x.length);
  const results = await Promise.all(slices.map((slice) => runBatch('ip', null, slice.map((g) => renderOp(g.op).args), { timeoutMs })));
  for (const [k, r] of results.entries()) {
    const slice = slices[k]!;
    if (r.ok) { slice.forEach(done); continue; }
    const at = r.failedLine ?? 0;
    slice.slice(0, r.failedLine === null ? 0 : at).forEach(done);
    failures.push({ item: slice[at]!, message: r.message });
  }
  return failures;
}

interface Failure { item: FastItem; message: string }

/** A failed step in the wording of the operation it stands for: procps's for a sysctl, iproute2's for a request. */
function stepError(op: Op, r: Exclude<StepResult, null | false>): string {
  if (op.kind === 'sysctl.early') return sysctlError(op.key, { open: r.open === true, message: r.message });
  return (r.ack ? ackError(r.ack.readUInt16LE(6), r.ack.subarray(16)) : null)?.message ?? new NetlinkError(r.errno, null).message;
}

/**
 * Ask the kernel for the link state of every device this run brought up. A veth end that comes
 * up second finds its carrier already on; its "link up" event is not urgent to the kernel's
 * link watcher, which settles such events at most 100 devices per second — a 200-node lab's
 * cables showed operstate DOWN for 1–3 s after `up` returned (and the end that came up first
 * cannot send until its event is settled). ETHTOOL_GLINK makes the kernel settle that device's
 * event at once. It changes nothing the lab describes (it is a read; iproute2 has no equivalent,
 * so the command log has no line for it), and a device that has gone is simply skipped.
 */
function settleLinks(native: Nsfd, raised: Map<string, string[]>, conns: Map<string, NsConn>): void {
  if (!native.linkDetected) return;
  for (const [ns, names] of raised) {
    const c = conns.get(ns);
    if (!c) continue;
    for (const name of names) {
      try { native.linkDetected(c.sock.fd, name); } catch { /* gone meanwhile, or no ethtool ops */ }
    }
  }
}
