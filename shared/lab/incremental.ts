/**
 * Checking and resolving a lab again after a small edit (the long-lived helper's next `apply`,
 * bench/README.md "Incremental change"): the work done for nodes and links whose input did not
 * change is reused, and an unchanged part costs a walk over its input that allocates nothing (the
 * helper runs with a small young generation, where every ~2 MB allocated costs a GC pause). Results
 * are always those of checkLab/resolveLab (parse.ts, resolve.ts); incremental.property.test.ts
 * compares them over random edits, moves and hostile input.
 *
 * - check: each node is kept under its name and each link by its place in the list, with a private
 *   copy of its last input (tape.ts) and its parse, deep-frozen and handed out in the lab. Input
 *   equal to the copy reuses the parse; other input is copied, and the copy parsed (Node, Link).
 *   The frame (LabShell: all but nodes and links) is kept the same way. Validation runs a node's
 *   own rules (validate.ts nodeRules) only when the node or the link ends at it changed; the rules
 *   across the lab (link ends on nodes of the lab, endpoints and addresses used once, checks) run
 *   over facts kept per link and per node. Anything invalid → the full checkLab, so issues are
 *   exactly the full ones; anything unusual (a link to a node not in nodes) → validateLab. The
 *   lab's nodes record and links list are frozen too: by them resolve() and json() know the lab
 *   of the last check().
 * - resolve: a node's DesiredNode is kept while the node and the link ends at it are the same
 *   objects, a link's DesiredLink while the link is; the name and key orders while the nodes and
 *   links are. Any lab but the last check()'s → resolveLab.
 * - json: JSON.stringify of the last check()'s lab, from texts kept per node and link.
 *
 * The memo keeps no reference to the caller's input, only copies: per lab name about its last
 * lab's worth.
 */
import { NODE_NAME } from '../net/names';
import type { DeltaBody } from './delta';
import { linkKey, linkObject, type Endpoint } from './links';
import { checkLab, type ParseResult } from './parse';
import { desiredLink, resolveLab, resolveNode, sortedEnds, type DesiredLink, type DesiredNode, type LinkEnd, type ResolvedLab } from './resolve';
import { LabShell, LIMITS, Link, Node, type Lab, type LabLink, type LabNode } from './schema';
import { build, isData, plainProto, same, tapeOf, type Tape } from './tape';
import { checkRules, linkAloneClean, nodeRules, ownMtu, reservedOn, validateLab } from './validate';
import { nameOrder } from '../net/name-order';

/** deeper than any node, link or frame can be (parse.ts depthWithin allows 12 for the whole lab) */
const MAX_DEPTH = 12;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/**
 * zod reads a record's keys with Reflect.ownKeys, so a symbol key makes a record (the nodes, a
 * node's interfaces or sysctl) invalid where for…in, and so a tape, does not see it. (Only for
 * plain data: reading `interfaces` of anything else might run a getter.)
 */
const noSymbols = (r: unknown): boolean => r === null || typeof r !== 'object' || Object.getOwnPropertySymbols(r).length === 0;
const recordsSymbolFree = (node: unknown): boolean =>
  node === null || typeof node !== 'object' || (noSymbols((node as LabNode).interfaces) && noSymbols((node as LabNode).sysctl));

/** A link end at a node (resolveLinks' LinkEnd) with what validation needs; one object per end of a parsed link. */
interface End extends LinkEnd {
  node: string;
  text: string;
  down: boolean;
  /** the node's memo when last looked up (saves the lookup while it is the node's) */
  at: NodeMemo | null;
}

/** A parsed link and what follows from it alone. */
interface LinkMemo {
  /** the input it was parsed from; null when that was not plain JSON (never matched again) */
  tape: Tape | null;
  /** deep-frozen, as in lab.links */
  link: LabLink;
  /** validate.ts linkAloneClean */
  alone: boolean;
  mtu: number | undefined;
  /** sortedEnds, and the link end at each (in the order resolveLinks lists them) */
  sorted: readonly [Endpoint, Endpoint];
  ends: readonly [End, End];
  desired: DesiredLink | null;
  json: string | null;
}

function linkMemo(tape: Tape | null, link: LabLink): LinkMemo {
  const l = deepFreeze(linkObject(link));
  const key = linkKey(l);
  const sorted = sortedEnds(l);
  const end = (k: 0 | 1): End => ({ l, key, iface: sorted[k].iface, node: sorted[k].node, text: `${sorted[k].node}:${sorted[k].iface}`, down: l.up === false, at: null });
  return { tape, link, alone: linkAloneClean(link), mtu: l.mtu, sorted, ends: [end(0), end(1)], desired: null, json: null };
}

/**
 * The link memo for input `v`: the previous list's at `j` or `j + 1` when `v` equals its input, else
 * a new one; undefined when invalid.
 */
function linkAt(v: unknown, prev: LinkMemo[], j: number, parsed: boolean): LinkMemo | undefined {
  // (the memo's own deep-frozen parse handed back, as a delta's unchanged link is: engine.ts applyDelta)
  for (let k = j; k < j + 2 && k < prev.length; k++) if (v === prev[k]!.link || (prev[k]!.tape && same(v, prev[k]!.tape!, MAX_DEPTH, undefined, parsed))) return prev[k];
  // parsed from the private copy, so the kept parse is exactly that of the kept copy
  const tape = tapeOf(v, MAX_DEPTH);
  const r = Link.safeParse(tape ? build(tape) : v);
  return r.success ? linkMemo(tape, deepFreeze(r.data)) : undefined;
}

/** A node of the lab, under its name: its last input, its parse and what was derived from them. */
interface NodeMemo {
  name: string;
  /** the check() call that last saw the name in the lab */
  seen: number;
  tape: Tape | null;
  node: LabNode;
  /** link ends at the node in lab order (resolveLinks' `touching`): replaced when they change, never changed */
  ends: readonly End[];
  /** while check() lists the ends: how many agree with `ends` so far, and the new list once one differs */
  cur: number;
  fresh: End[] | null;
  /** the node and ends last found clean by its own rules (and with distinct interfaces), and its addresses */
  clean: { node: LabNode; ends: readonly End[]; ips: string[] } | null;
  /** the addresses this node holds in LabState.owners */
  owns: readonly string[];
  desired: { node: LabNode; ends: readonly End[]; out: DesiredNode } | null;
  json: { node: LabNode; text: string } | null;
}

/**
 * The memo of node `name` of the raw nodes record, updated when the input differs from its last,
 * and marked seen by check() call `call` (a new one, not in LabState.nodes yet, has `seen` 0);
 * undefined when invalid. `guess`: the node at the same place last time, mostly the one.
 * `fromJson`: the input is JSON.parse's (check()).
 */
function nodeAt(s: LabState, raw: Record<string, unknown>, name: string, guess: NodeMemo | undefined, call: number, fromJson: boolean): NodeMemo | undefined {
  if (!fromJson && (!Object.hasOwn(raw, name) || !isData(raw, name))) return undefined;
  const v = raw[name];
  // node names are interned strings: === is cheap
  let m = guess?.name === name ? guess : s.nodes.get(name);
  // The memo's own parse handed back (a delta's unchanged node: engine.ts applyDelta) is the node
  // unchanged: deep-frozen, and parsing a parse gives it again (the schema transforms nothing;
  // incremental.property.test.ts). (JSON.parse makes no symbol keys.)
  if (v !== m?.node && (!m?.tape || !same(v, m.tape, MAX_DEPTH, undefined, fromJson) || (!fromJson && !recordsSymbolFree(v)))) m = parsed(m, name, v);
  if (!m) return undefined;
  if (m.seen !== 0) m.seen = call;
  // the list of link ends starts over (validated())
  m.cur = 0;
  m.fresh = null;
  return m;
}

/** The memo `m` of node `name` (or a new one, `seen` 0) after input `v`; undefined when invalid. */
function parsed(m: NodeMemo | undefined, name: string, v: unknown): NodeMemo | undefined {
  if (!m && !NODE_NAME.test(name)) return undefined;
  // parsed from the private copy, so the kept parse is exactly that of the kept copy; input the
  // copy would not show fully (symbol keys) is parsed as it is
  let tape = tapeOf(v, MAX_DEPTH);
  if (tape && !recordsSymbolFree(v)) tape = null;
  const r = Node.safeParse(tape ? build(tape) : v);
  if (!r.success) return undefined;
  const node = deepFreeze(r.data);
  if (!m) return { name, seen: 0, tape, node, ends: [], cur: 0, fresh: null, clean: null, owns: [], desired: null, json: null };
  m.tape = tape;
  m.node = node;
  return m;
}

/** LabShell's result without nodes and links (null in their place), deep-frozen. */
type Template = Omit<Lab, 'nodes' | 'links'> & { nodes: null; links?: null };
const isPart = (k: string): boolean => k === 'nodes' || k === 'links';

/**
 * `data` has the template's keys, with the template's own (deep-frozen) values but for nodes and
 * links: a lab the memo returned, or a delta applied to one, handed back. (In any key order: the
 * template's is LabShell's.)
 */
function sameParts(data: unknown, template: Template, fromJson: boolean): boolean {
  if (data === null || typeof data !== 'object' || (!fromJson && !plainProto(data))) return false;
  let n = 0;
  for (const k in data) {
    if (!fromJson && (!Object.hasOwn(data, k) || !isData(data, k))) return false;
    if (!Object.hasOwn(template, k) || (!isPart(k) && (data as Record<string, unknown>)[k] !== (template as Record<string, unknown>)[k])) return false;
    n++;
  }
  let want = 0;
  for (const _ in template) want++;
  return n === want;
}

interface LabState {
  name: string;
  /** check() calls so far (NodeMemo.seen) */
  calls: number;
  frame: { tape: Tape; template: Template } | null;
  nodes: Map<string, NodeMemo>;
  /** the nodes and the links of the last check() that got through them, in lab order */
  order: NodeMemo[];
  links: LinkMemo[];
  /**
   * address → the node (of the nodes map) that has it, kept across calls so that "addresses used
   * once" looks only at the nodes whose addresses changed; null: to be rebuilt
   */
  owners: Map<string, NodeMemo> | null;
  /** a nodes record with the names of `order` in that order (values null), for nodesRecord() */
  shape: { order: NodeMemo[]; names: Record<string, unknown> } | null;
  /** the last lab check() returned from complete memos above: what resolve() and json() build on */
  ready: { lab: Lab; template: Template; order: NodeMemo[]; links: LinkMemo[] } | null;
  /** the last name order, and the lab order it was sorted from; likewise for links */
  byName: { from: NodeMemo[]; sorted: NodeMemo[] } | null;
  byKey: { from: LinkMemo[]; sorted: LinkMemo[] } | null;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Per-lab memo of checkLab and resolveLab; a few labs are kept (the helper may run several). */
export class LabMemo {
  private readonly labs = new Map<string, LabState>();
  private recent: LabState | null = null;
  private busy = false;
  constructor(private readonly maxLabs = 4) {}

  private state(name: string): LabState {
    let s = this.labs.get(name);
    if (s && s === this.recent) return s;
    if (s) this.labs.delete(name);
    else {
      s = { name, calls: 0, frame: null, nodes: new Map(), order: [], links: [], owners: null, shape: null, ready: null, byName: null, byKey: null };
      while (this.labs.size >= this.maxLabs) this.labs.delete(this.labs.keys().next().value!);
    }
    this.labs.set(name, s);
    return (this.recent = s);
  }

  /**
   * The same result as checkLab(data). `opts.fromJson`: the caller vouches that `data` is a value
   * JSON.parse returned (or a plain copy of one, as zod makes of a record), unchanged since: the
   * helper's request frames. Then no object in it can have a getter, a symbol key, a hole or a
   * prototype of its own, and the walk over unchanged input skips testing for them (tape.ts
   * same). Anything else must not claim it.
   */
  check(data: unknown, opts: { fromJson?: boolean } = {}): ParseResult {
    // a proxy's trap in the input calling back in would find the memo half updated
    if (this.busy) return checkLab(data);
    this.busy = true;
    try { return this.checkOnce(data, opts.fromJson === true); } finally { this.busy = false; }
  }

  /**
   * checkLab(withDelta(base, delta)) for `base` the lab the last check() of its name returned, in
   * proportion to the delta: only the nodes and links it names are read, and only the nodes they
   * touch are validated again (the rest of the lab was found clean last time and is the same
   * objects). For deltas of the common kinds: nodes replaced or added, links removed anywhere,
   * replaced in place between the same nodes, or added at the end; with values from JSON.parse
   * (a request frame). null for anything else, and whenever the result might be an issue: then
   * the caller checks the whole lab (check()), which gives exactly checkLab's issues.
   */
  checkDelta(base: Lab, delta: DeltaBody): Lab | null {
    const s = this.labs.get(base.name);
    const r = s?.ready;
    if (this.busy || !s || !r || r.lab !== base || delta.set || delta.unset || delta.drop) return null;
    this.busy = true;
    try {
      const lab = deltaChecked(s, r, delta);
      if (!lab) s.ready = null;
      return lab;
    } finally { this.busy = false; }
  }

  private checkOnce(data: unknown, fromJson: boolean): ParseResult {
    // No separate depth walk (parse.ts depthWithin): tapes stop at MAX_DEPTH, and LabShell, Node
    // and Link are not recursive and stop at the first wrong type. So a lab accepted here is as
    // shallow as its schema, and one too deep fails somewhere → checkLab, which reports the depth.
    const f = this.frame(data, fromJson);
    if (!f) return checkLab(data);
    const { s, template, rawNodes, rawLinks } = f;
    const call = ++s.calls;
    s.ready = null;

    // The work per node and per link is in functions of their own (nodeAt, linkAt): this runs
    // once per apply, mostly unoptimised, but those run often enough to be optimised. Lists are
    // sized up front: growing a list of 200 by push allocates twice as much.
    const order = new Array<NodeMemo>(s.order.length);
    let n = 0;
    // new names join the memo once all nodes are parsed: a lab rejected halfway leaves it as it was
    let added: NodeMemo[] | null = null;
    for (const name in rawNodes) {
      const m = n < LIMITS.nodes ? nodeAt(s, rawNodes, name, s.order[n], call, fromJson) : undefined;
      if (!m) return checkLab(data);
      if (m.seen === 0) (added ??= []).push(m);
      order[n++] = m;
    }
    order.length = n;
    if (added) for (const m of added) { m.seen = call; s.nodes.set(m.name, m); }
    if (s.nodes.size > order.length) s.nodes.forEach((m, name) => { if (m.seen !== call) { s.nodes.delete(name); disown(s, m); } });
    s.order = order;

    // A link is matched with the previous list's at the same place, or the place after (one link
    // removed before it); on no match it is parsed, and the next link tries the same place (one
    // inserted or changed). So edits anywhere in the list cost only the links edited.
    const prev = s.links;
    const memos = new Array<LinkMemo>(rawLinks?.length ?? 0);
    const links = new Array<LabLink>(memos.length);
    if (rawLinks) {
      for (let i = 0, j = 0; i < rawLinks.length; i++) {
        if (!fromJson && (!(i in rawLinks) || !isData(rawLinks, i))) return checkLab(data);
        const m = linkAt(rawLinks[i], prev, j, fromJson);
        if (!m) return checkLab(data);
        if (m === prev[j]) j++;
        else if (m === prev[j + 1]) j += 2;
        memos[i] = m;
        links[i] = m.link;
      }
    }
    s.links = memos;

    // The nodes record and links list are the memo's and frozen, so resolve() and json() know a
    // lab from check() by them.
    const lab = { ...template, nodes: Object.freeze(nodesRecord(s, order)) } as Lab;
    if (rawLinks) lab.links = Object.freeze(links) as LabLink[];
    if (validated(s, call, lab, order, memos)) s.ready = { lab, template, order, links: memos };
    else if (validateLab(lab).length) return checkLab(data);
    return { ok: true, lab };
  }

  /**
   * LabShell's result for `data`, with the raw nodes and links: from the memo when the input's
   * frame equals the last one of its lab name. null when invalid.
   */
  private frame(data: unknown, fromJson: boolean): { s: LabState; template: Template; rawNodes: Record<string, unknown>; rawLinks: unknown[] | undefined } | null {
    const name = data !== null && typeof data === 'object' ? (data as { name?: unknown }).name : undefined;
    const known = typeof name === 'string' ? this.labs.get(name) : undefined;
    if (known?.frame && (sameParts(data, known.frame.template, fromJson) || same(data, known.frame.tape, MAX_DEPTH, isPart, fromJson))) {
      const { template } = known.frame;
      const { nodes, links } = data as { nodes: unknown; links?: unknown };
      // LabShell: nodes a record of at most LIMITS.nodes valid names (checked in check()), links a list
      const nodesOk = nodes !== null && typeof nodes === 'object' && !Array.isArray(nodes) && (fromJson || (plainProto(nodes) && noSymbols(nodes)));
      const linksOk = !('links' in template) || (Array.isArray(links) && (fromJson || plainProto(links)) && links.length <= LIMITS.links);
      if (nodesOk && linksOk) return { s: this.state(name as string), template, rawNodes: nodes as Record<string, unknown>, rawLinks: 'links' in template ? links as unknown[] : undefined };
    }
    const r = LabShell.safeParse(data);
    if (!r.success) return null;
    const s = this.state(r.data.name);
    const template = deepFreeze({ ...r.data, nodes: null, ...(r.data.links ? { links: null } : {}) }) as Template;
    const tape = tapeOf(data, MAX_DEPTH, isPart);
    s.frame = tape ? { tape, template } : null;
    return { s, template, rawNodes: r.data.nodes, rawLinks: r.data.links };
  }

  /** The same result as resolveLab(lab) for a lab from check(). */
  resolve(lab: Lab): ResolvedLab {
    const s = this.labs.get(lab.name);
    const r = s?.ready;
    if (!s || !r || lab.nodes !== r.lab.nodes || lab.links !== r.lab.links) return resolveLab(lab);
    // resolveLab's orders: lab order, stably sorted by name and by key
    if (!s.byName || !sameItems(s.byName.from, r.order)) s.byName = { from: r.order, sorted: r.order.slice().sort((a, b) => nameOrder(a.name, b.name)) };
    if (!s.byKey || !sameItems(s.byKey.from, r.links)) s.byKey = { from: r.links, sorted: r.links.slice().sort((a, b) => nameOrder(a.ends[0].key, b.ends[0].key)) };
    const nodes = s.byName.sorted.map((m) => {
      let d = m.desired;
      if (!d || d.node !== m.node || d.ends !== m.ends) d = m.desired = { node: m.node, ends: m.ends, out: deepFreeze(resolveNode(s.name, m.name, m.node, m.ends)) };
      return d.out;
    });
    const links = s.byKey.sorted.map((m) => (m.desired ??= deepFreeze(desiredLink(s.name, m.ends[0].key, m.sorted))));
    return { name: lab.name, nodes, links };
  }

  /**
   * JSON.stringify(lab), for a lab from check() built from texts kept per node and link (so only
   * what changed is stringified); any other lab is stringified.
   */
  json(lab: Lab): string {
    const r = this.labs.get(lab.name)?.ready;
    if (!r || lab.nodes !== r.lab.nodes || lab.links !== r.lab.links || Object.getPrototypeOf(lab) !== Object.prototype
      || typeof (lab as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(lab);
    let out = '';
    for (const k in lab) {
      if (!Object.hasOwn(lab, k)) continue;
      const v = (lab as Record<string, unknown>)[k];
      let text: string;
      if (v === undefined) continue;
      if (k === 'nodes' && v === r.lab.nodes) text = `{${r.order.map(nodeJson).join(',')}}`;
      else if (k === 'links' && v === r.lab.links) text = `[${r.links.map((m) => (m.json ??= JSON.stringify(m.link))).join(',')}]`;
      else if (v === null || typeof v !== 'object') text = JSON.stringify(v);
      else if (v === (r.template as Record<string, unknown>)[k]) text = frozenJson(v);
      else return JSON.stringify(lab);
      out += `${out ? ',' : '{'}${JSON.stringify(k)}:${text}`;
    }
    return out ? `${out}}` : '{}';
  }
}

/**
 * LabMemo.checkDelta's work: the lab, or null (and the memo left for check() to bring up to date,
 * which every state here allows: parses replace a memo's tape and node together, lists of ends
 * are replaced, never changed, and the address map is rebuilt when it was left half updated).
 */
function deltaChecked(s: LabState, r: NonNullable<LabState['ready']>, delta: DeltaBody): Lab | null {
  const call = s.calls;
  // Links first (nothing in the memo changes until every new link parses): removed anywhere,
  // replaced in place by a link between the same nodes, or added at the end.
  const memos = r.links.slice();
  /** [old end, new end or null] per node whose list of ends changes */
  const endEdits: [End, End | null][] = [];
  const appended: LinkMemo[] = [];
  /** every link parsed: appended or replacing one */
  const newLinks: LinkMemo[] = [];
  for (const sp of delta.links ?? []) {
    if (sp.at + sp.remove > memos.length) return null;
    if (sp.insert.length && !(sp.at === memos.length && sp.remove === 0) && sp.insert.length !== sp.remove) return null;
    const fresh: LinkMemo[] = [];
    for (const v of sp.insert) {
      const m = linkAt(v, [], 0, true);
      if (!m) return null;
      fresh.push(m);
    }
    newLinks.push(...fresh);
    const removed = memos.splice(sp.at, sp.remove, ...fresh);
    if (!sp.insert.length) for (const old of removed) endEdits.push([old.ends[0], null], [old.ends[1], null]);
    else if (sp.remove === 0) appended.push(...fresh);
    else {
      for (let i = 0; i < fresh.length; i++) {
        const was = removed[i]!.ends, now = fresh[i]!.ends;
        // (sortedEnds: each link's ends in the same order, so the same nodes meet the same k)
        if (was[0].node !== now[0].node || was[1].node !== now[1].node) return null;
        endEdits.push([was[0], now[0]], [was[1], now[1]]);
      }
    }
  }
  // (a lab without a links key gets one, even an empty list, only through the whole check: the frame changes)
  if (memos.length > LIMITS.links || (delta.links?.length && !('links' in r.template))) return null;

  // Nodes: replaced (reparsed only when the input differs from the last) or added at the end.
  const changed = new Set<NodeMemo>();
  let added: NodeMemo[] | null = null;
  const values = delta.nodes ?? {};
  for (const name in values) {
    const m0 = s.nodes.get(name);
    const v = values[name];
    // (the memo's own parse handed back, or input equal to the last: unchanged)
    if (m0 && (v === m0.node || (m0.tape && same(v, m0.tape, MAX_DEPTH, undefined, true)))) continue;
    const m = parsed(m0, name, v);
    if (!m) return null;
    changed.add(m);
    if (!m0) (added ??= []).push(m);
  }
  const order = added ? [...r.order, ...added] : r.order;
  if (order.length > LIMITS.nodes) return null;
  if (added) for (const m of added) { m.seen = call; s.nodes.set(m.name, m); }

  // Lists of ends: a copy per node, edited.
  const nodeOf = (e: End): NodeMemo | null => (e.at = s.nodes.get(e.node) ?? null);
  const touched = new Set<NodeMemo>(changed);
  for (const [old, now] of endEdits) {
    const m = nodeOf(old);
    if (!m) return null;
    const i = m.ends.indexOf(old);
    if (i < 0) return null;
    const ends = m.ends.slice();
    if (now) { ends[i] = now; now.at = m; } else ends.splice(i, 1);
    m.ends = ends;
    touched.add(m);
  }
  for (const lm of appended) {
    for (const e of lm.ends) {
      const m = nodeOf(e);
      if (!m) return null;
      m.ends = [...m.ends, e];
      touched.add(m);
    }
  }
  // validate.ts linkRules for the new links, and for every link end at a changed node
  const endClean = (e: End, m: NodeMemo) => !reservedOn(m.node, e.iface) && (e.l.mtu === undefined || (ownMtu(m.node, e.iface) ?? e.l.mtu) === e.l.mtu);
  for (const lm of newLinks) if (!lm.alone || !endClean(lm.ends[0], lm.ends[0].at!) || !endClean(lm.ends[1], lm.ends[1].at!)) return null;
  for (const m of changed) for (const e of m.ends) if (!endClean(e, m)) return null;
  const owners: NodeMemo[] = [];
  for (const m of touched) {
    m.cur = m.ends.length;
    m.fresh = null;
    if (!nodeClean(m)) return null;
    if (m.owns !== m.clean!.ips) owners.push(m);
  }
  if (!s.owners || (owners.length && !ownAddresses(s, owners))) return null;
  // (checkRules: the frame is the same, and no node left, so the checks still name nodes of the lab)

  const links = memos.map((m) => m.link);
  const lab = { ...r.template, nodes: Object.freeze(nodesRecord(s, order)) } as Lab;
  if ('links' in r.template) lab.links = Object.freeze(links) as LabLink[];
  s.order = order;
  s.links = memos;
  s.ready = { lab, template: r.template, order, links: memos };
  return lab;
}

const nodeJson = (m: NodeMemo): string => {
  if (m.json?.node !== m.node) m.json = { node: m.node, text: `${JSON.stringify(m.name)}:${JSON.stringify(m.node)}` };
  return m.json.text;
};

/** texts of the deep-frozen parts of frames (checks, exercise) */
const frozenTexts = new WeakMap<object, string>();
const frozenJson = (v: object): string => {
  let t = frozenTexts.get(v);
  if (t === undefined) frozenTexts.set(v, (t = JSON.stringify(v)));
  return t;
};

/**
 * The nodes record of a lab: node names → parsed nodes in lab order. When the names are those of
 * the last record, it is a copy of that one's shape with the values set: V8 copies a fast-mode
 * object's layout whole, where adding 200 properties one by one makes (and freezing then copies)
 * a dictionary, ~50 KB per apply.
 */
function nodesRecord(s: LabState, order: NodeMemo[]): Record<string, LabNode> {
  const known = s.shape && sameItems(s.shape.order, order);
  const nodes: Record<string, unknown> = known ? { ...s.shape!.names } : {};
  for (let i = 0; i < order.length; i++) nodes[order[i]!.name] = order[i]!.node;
  if (!known) {
    const names = { ...nodes };
    for (const k in names) names[k] = null;
    s.shape = { order, names };
  }
  return nodes as Record<string, LabNode>;
}

/**
 * validateLab(lab) finds nothing, judged from the memos: true when clean; false when it may find
 * something (an issue, or a case left to it: a link end naming no node of the lab). Also lists
 * each node's link ends (NodeMemo.ends).
 */
function validated(s: LabState, call: number, lab: Lab, order: NodeMemo[], links: LinkMemo[]): boolean {
  for (let i = 0; i < links.length; i++) if (!linkClean(s, call, links[i]!)) return false;
  let changed: NodeMemo[] | null = null;
  for (let i = 0; i < order.length; i++) {
    const m = order[i]!;
    if (!nodeClean(m)) return false;
    if (m.owns !== m.clean!.ips) (changed ??= []).push(m);
  }
  if (!s.owners) changed = order;
  if (changed && !ownAddresses(s, changed)) return false;
  let bad = false;
  checkRules(lab, () => { bad = true; });
  return !bad;
}

/**
 * validate.ts linkRules for one link, its own part remembered (each endpoint used once: nodeClean);
 * and the link's ends added to its nodes' lists of ends.
 */
function linkClean(s: LabState, call: number, lm: LinkMemo): boolean {
  if (!lm.alone) return false;
  for (let k = 0; k < 2; k++) {
    const e = lm.ends[k]!;
    // a memo seen by this call is the node's (one that left the lab is never seen again)
    const m = e.at?.seen === call ? e.at : (e.at = s.nodes.get(e.node) ?? null);
    if (!m || reservedOn(m.node, e.iface)) return false;
    if (lm.mtu !== undefined) { const own = ownMtu(m.node, e.iface); if (own !== undefined && own !== lm.mtu) return false; }
    // the node's ends, copied from the old list only once they differ from it
    if (m.fresh) m.fresh.push(e);
    else if (m.ends[m.cur] === e) m.cur++;
    else (m.fresh = m.ends.slice(0, m.cur)).push(e);
  }
  return true;
}

/**
 * A node's list of ends settled; then, when the node or its ends changed: each endpoint used once
 * (its interfaces distinct) and nodeRules, which give its addresses.
 */
function nodeClean(m: NodeMemo): boolean {
  if (m.fresh) m.ends = m.fresh;
  else if (m.cur < m.ends.length) m.ends = m.ends.slice(0, m.cur);
  m.fresh = null;
  if (m.clean?.node === m.node && m.clean.ends === m.ends) return true;
  const linked = new Set<string>(), down = new Set<string>(), ips: string[] = [];
  for (const e of m.ends) {
    if (linked.has(e.iface)) return false;
    linked.add(e.iface);
    if (e.down) down.add(e.text);
  }
  let bad = false;
  nodeRules(m.name, m.node, linked, down, () => { bad = true; }, (ip) => { ips.push(ip); });
  if (bad) return false;
  m.clean = { node: m.node, ends: m.ends, ips };
  return true;
}

/**
 * Addresses used once: nodes whose addresses changed (all nodes when LabState.owners is to be
 * rebuilt) give up their old ones in it and take their new ones.
 */
function ownAddresses(s: LabState, changed: NodeMemo[]): boolean {
  const owners = (s.owners ??= new Map());
  for (let i = 0; i < changed.length; i++) disown(s, changed[i]!);
  for (let i = 0; i < changed.length; i++) {
    const m = changed[i]!, ips = m.clean!.ips;
    for (let k = 0; k < ips.length; k++) {
      // held by another node, or twice by this one; the map is half updated: rebuilt next time
      if (owners.has(ips[k]!)) { s.owners = null; return false; }
      owners.set(ips[k]!, m);
    }
    m.owns = ips;
  }
  return true;
}

/** Take node `m`'s addresses out of LabState.owners. */
function disown(s: LabState, m: NodeMemo): void {
  for (let k = 0; s.owners && k < m.owns.length; k++) if (s.owners.get(m.owns[k]!) === m) s.owners.delete(m.owns[k]!);
  m.owns = [];
}
