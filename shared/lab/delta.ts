/**
 * A lab delta: what changed between two versions of a lab's input, sent instead of the whole lab
 * to a helper that holds the first version (its "base", named by the revision the helper gave
 * it). The helper then parses and validates only what changed, not the whole lab (issue #7,
 * bench/README.md "Round 6").
 *
 * A delta is exact: withDelta(base, deltaOf(base, next)) has next's keys, values and node order
 * (not necessarily its top-level key order, which checkLab's result does not keep either).
 * Unchanged parts are found by identity (the renderer's store edits immutably, so an untouched
 * node or link is the same object in both versions); anything else is sent, which is never wrong,
 * only bigger. Where a delta cannot say it (a different lab name, nodes reordered) deltaOf gives
 * null and the caller sends the whole lab.
 */
import { z } from 'zod';
import { LAB_NAME } from '../net/names';
import { LIMITS } from './schema';

/** Revisions are the helper's: random per helper process, counted per lab it checked. */
export const Revision = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const Splice = z.strictObject({
  /** where, in the list as the splices before left it */
  at: z.number().int().min(0).max(LIMITS.links),
  /** how many links are removed there */
  remove: z.number().int().min(0).max(LIMITS.links),
  /** the links inserted there */
  insert: z.array(z.unknown()).max(LIMITS.links),
});

export const LabDelta = z.strictObject({
  name: z.string().regex(LAB_NAME),
  /** the revision of the lab the delta is against */
  base: Revision,
  /** top-level keys other than name, nodes and links, set (a new one goes last) */
  set: z.record(z.string(), z.unknown()).optional(),
  /** top-level keys removed ("links" included) */
  unset: z.array(z.string().max(64)).max(16).optional(),
  /** nodes replaced where they are, or added last */
  nodes: z.record(z.string(), z.unknown()).optional(),
  /** nodes removed */
  drop: z.array(z.string().max(64)).max(LIMITS.nodes).optional(),
  /** the links list edited by splices, in order */
  links: z.array(Splice).max(64).optional(),
});
export type LabDelta = z.infer<typeof LabDelta>;
export type DeltaBody = Omit<LabDelta, 'name' | 'base'>;

type Data = Record<string, unknown>;
const isRecord = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);
const FIXED = new Set(['name', 'nodes', 'links']);

/** Set a key as an own property (a "__proto__" key stays a key; only it is an accessor of Object.prototype). */
const put = (o: Data, k: string, v: unknown): void => {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
};

/**
 * The delta from `base` to `next` (both a lab's input), or null when it cannot be said as one:
 * not objects, another lab name, nodes not an object, or the nodes in an order that replacing,
 * removing and adding at the end does not give.
 */
export function deltaOf(base: unknown, next: unknown): DeltaBody | null {
  if (!isRecord(base) || !isRecord(next) || base.name !== next.name) return null;
  if (!isRecord(base.nodes) || !isRecord(next.nodes)) return null;
  const out: DeltaBody = {};
  for (const k of Object.keys(next)) if (!FIXED.has(k) && (!Object.hasOwn(base, k) || base[k] !== next[k])) put((out.set ??= {}), k, next[k]);
  for (const k of Object.keys(base)) if (k !== 'name' && k !== 'nodes' && !Object.hasOwn(next, k)) (out.unset ??= []).push(k);

  const was = base.nodes, now = next.nodes;
  // next's names must be base's (less those dropped) in base's order, then the added ones
  const names = Object.keys(now);
  let i = 0;
  for (const k of Object.keys(was)) {
    if (!Object.hasOwn(now, k)) { (out.drop ??= []).push(k); continue; }
    if (names[i++] !== k) return null;
    if (was[k] !== now[k]) put((out.nodes ??= {}), k, now[k]);
  }
  for (; i < names.length; i++) put((out.nodes ??= {}), names[i]!, now[names[i]!]);

  if (Object.hasOwn(next, 'links')) {
    const a = Object.hasOwn(base, 'links') ? base.links : [];
    const b = next.links;
    if (!Array.isArray(a) || !Array.isArray(b)) put((out.set ??= {}), 'links', b);
    else {
      // one splice: the links between the common start and the common end
      let start = 0;
      while (start < a.length && start < b.length && a[start] === b[start]) start++;
      let end = 0;
      while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
      const remove = a.length - start - end;
      if (remove > 0 || b.length - start - end > 0 || !Object.hasOwn(base, 'links')) out.links = [{ at: start, remove, insert: b.slice(start, b.length - end) }];
    }
  }
  return out;
}

/**
 * `next` with every top-level value, node and link equal (as JSON) to one of `base`'s replaced by
 * base's object, as an immutable edit would have kept it: for edits that rebuild a whole lab
 * (auto-addressing), so that a delta of the two holds only what really changed.
 */
export function shareUnchanged<T>(base: T, next: T): T {
  const b = base as Data, n = next as Data;
  if (!isRecord(b) || !isRecord(n)) return next;
  const text = (x: unknown) => JSON.stringify(x);
  const out: Data = {};
  for (const k of Object.keys(n)) {
    const v = n[k];
    let kept: unknown;
    if (k === 'nodes' && isRecord(v) && isRecord(b.nodes)) {
      const was = b.nodes;
      kept = Object.fromEntries(Object.entries(v).map(([name, node]) => [name, Object.hasOwn(was, name) && text(node) === text(was[name]) ? was[name] : node]));
    } else if (k === 'links' && Array.isArray(v) && Array.isArray(b.links)) {
      // (by text, once per link: a lab's links are compared in one pass, not each with each)
      const was = new Map<string | undefined, unknown>();
      for (const l of b.links as unknown[]) if (!was.has(text(l))) was.set(text(l), l);
      kept = v.map((l) => was.get(text(l)) ?? l);
    } else kept = Object.hasOwn(b, k) && text(v) === text(b[k]) ? b[k] : v;
    put(out, k, kept);
  }
  return out as T;
}

export class DeltaError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'DeltaError';
  }
}

/**
 * `base` with `delta` applied, as new objects (base is not changed; its unchanged nodes and links
 * are shared). Throws DeltaError, naming the part of the delta, when the delta does not fit the
 * base. What the result holds is for the lab's checker to judge.
 */
export function withDelta(base: Data, delta: DeltaBody): Data {
  const out: Data = {};
  const unset = new Set(delta.unset ?? []);
  for (const k of unset) {
    if (k === 'name' || k === 'nodes') throw new DeltaError('unset', `a lab always has "${k}"`);
    if (!Object.hasOwn(base, k)) throw new DeltaError('unset', `the base lab has no "${k}" to remove`);
  }
  for (const k in delta.set ?? {}) if (k === 'name' || k === 'nodes') throw new DeltaError(`set.${k}`, `"${k}" is changed by "${k === 'name' ? 'sending the whole lab' : 'nodes and drop'}", not by "set"`);
  for (const k of Object.keys(base)) if (!unset.has(k)) put(out, k, base[k]);
  for (const k of Object.keys(delta.set ?? {})) put(out, k, delta.set![k]);

  if (delta.nodes || delta.drop) {
    const was = isRecord(base.nodes) ? base.nodes : {};
    const drop = new Set(delta.drop ?? []);
    for (const k of drop) if (!Object.hasOwn(was, k)) throw new DeltaError('drop', `the base lab has no node "${k}" to remove`);
    const nodes: Data = {};
    const set = delta.nodes ?? {};
    for (const k of Object.keys(was)) if (!drop.has(k)) put(nodes, k, Object.hasOwn(set, k) ? set[k] : was[k]);
    for (const k of Object.keys(set)) if (!Object.hasOwn(was, k) || drop.has(k)) put(nodes, k, set[k]);
    put(out, 'nodes', nodes);
  }

  if (delta.links?.length) {
    if (Object.hasOwn(base, 'links') && !Array.isArray(base.links)) throw new DeltaError('links', 'the base lab\'s links are not a list');
    const links = Array.isArray(out.links) ? [...out.links as unknown[]] : [];
    delta.links.forEach((s, i) => {
      if (s.at + s.remove > links.length) throw new DeltaError(`links[${i}]`, `removes links ${s.at}–${s.at + s.remove - 1} of a list of ${links.length}`);
      links.splice(s.at, s.remove, ...s.insert);
    });
    put(out, 'links', links);
  }
  return out;
}
