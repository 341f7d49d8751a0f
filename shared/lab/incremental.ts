/**
 * Checking and resolving a lab again after a small edit (the long-lived helper's second `apply`,
 * bench/README.md "Incremental change"): the work done for nodes and links whose input did not
 * change is reused. Results are always those of checkLab/resolveLab (parse.ts, resolve.ts);
 * incremental.property.test.ts compares them over random edits.
 *
 * - check: the lab's frame (LabShell) is parsed every time; each node and link is parsed with
 *   Node/Link and the result kept under its JSON text (only for plain JSON data, where the text
 *   determines the value); validation reuses per-node results (validate.ts validateLabReusing).
 *   The parsed lab shares the kept node/link objects, which are frozen. Anything invalid → the
 *   full checkLab, so issues are exactly the full ones.
 * - resolve: a node's DesiredNode is kept for the same node object (the frozen one above) with
 *   the same lab name and the same links at its interfaces; links are resolved every time.
 */
import { checkLab, type ParseResult } from './parse';
import { resolveLinks, resolveNode, type DesiredNode, type ResolvedLab } from './resolve';
import { LabShell, Link, Node, type Lab, type LabLink, type LabNode } from './schema';
import { validateLabReusing } from './validate';

/**
 * Plain JSON data (no undefined, -0, NaN, class instances, sparse arrays) nested at most `depth`
 * levels: JSON text ⇔ value. The bound also keeps hostile nesting from overflowing the stack here
 * or in JSON.stringify.
 */
function plainJson(v: unknown, depth = MAX_DEPTH): boolean {
  switch (typeof v) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (depth === 0) return false;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype) return false;
        for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i], depth - 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) if (!Object.hasOwn(v, k) || !plainJson((v as Record<string, unknown>)[k], depth - 1)) return false;
      return true;
    }
    default: return false;
  }
}
/** deeper than any node or link can be (parse.ts depthWithin allows 12 for the whole lab) */
const MAX_DEPTH = 12;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Parse results kept from the previous check only (so memory is one lab's worth). */
class Parts<T> {
  private prev = new Map<string, T>();
  private next = new Map<string, T>();
  constructor(private readonly schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {}
  /** undefined when invalid */
  parse(v: unknown): T | undefined {
    const key = plainJson(v) ? JSON.stringify(v) : null;
    if (key !== null) {
      const hit = this.next.get(key) ?? this.prev.get(key);
      if (hit !== undefined) { this.next.set(key, hit); return hit; }
    }
    const r = this.schema.safeParse(v);
    if (!r.success) return undefined;
    if (key === null) return r.data;
    const out = deepFreeze(r.data);
    this.next.set(key, out);
    return out;
  }
  rotate(): void { this.prev = this.next; this.next = new Map(); }
}

interface LabState {
  nodes: Parts<LabNode>;
  links: Parts<LabLink>;
  validated: WeakMap<object, Map<string, string[]>>;
  resolved: WeakMap<object, Map<string, DesiredNode>>;
}

/** Per-lab memo of checkLab and resolveLab; a few labs are kept (the helper may run several). */
export class LabMemo {
  private readonly labs = new Map<string, LabState>();
  constructor(private readonly maxLabs = 4) {}

  private state(name: string): LabState {
    let s = this.labs.get(name);
    if (s) { this.labs.delete(name); this.labs.set(name, s); return s; }
    s = { nodes: new Parts(Node), links: new Parts(Link), validated: new WeakMap(), resolved: new WeakMap() };
    this.labs.set(name, s);
    while (this.labs.size > this.maxLabs) this.labs.delete(this.labs.keys().next().value!);
    return s;
  }

  /** The same result as checkLab(data). */
  check(data: unknown): ParseResult {
    // No separate depth walk (parse.ts depthWithin, ~0.25 ms for a 200-node lab): LabShell leaves
    // only nodes and links unparsed, and each of those is either plain JSON within MAX_DEPTH or
    // parsed by Node/Link, whose schemas are not recursive and stop at the first wrong type. So a
    // lab accepted here is as shallow as its schema, and one too deep fails somewhere → checkLab,
    // which reports the depth first.
    const shell = LabShell.safeParse(data);
    if (!shell.success) return checkLab(data);
    const s = this.state(shell.data.name);
    const nodes: Record<string, LabNode> = {};
    for (const [name, v] of Object.entries(shell.data.nodes)) {
      const n = s.nodes.parse(v);
      if (n === undefined) return checkLab(data);
      nodes[name] = n;
    }
    let links: Lab['links'];
    if (shell.data.links) {
      links = [];
      for (const v of shell.data.links) {
        const l = s.links.parse(v);
        if (l === undefined) return checkLab(data);
        links.push(l);
      }
    }
    s.nodes.rotate();
    s.links.rotate();
    const lab = { ...shell.data, nodes, ...(shell.data.links ? { links } : {}) } as Lab;
    const issues = validateLabReusing(lab, s.validated);
    return issues.length ? checkLab(data) : { ok: true, lab };
  }

  /** The same result as resolveLab(lab) for a lab from check(). */
  resolve(lab: Lab): ResolvedLab {
    const s = this.state(lab.name);
    const { links, touching } = resolveLinks(lab);
    const nodes = Object.entries(lab.nodes).map(([name, n]): DesiredNode => {
      const mine = touching.get(name) ?? [];
      if (!Object.isFrozen(n)) return resolveNode(lab.name, name, n, mine);
      let ctx = `${lab.name}\0${name}`;
      for (const t of mine) ctx += `\0${t.end}${JSON.stringify(t.l)}`;
      let byCtx = s.resolved.get(n);
      const hit = byCtx?.get(ctx);
      if (hit) return hit;
      const out = deepFreeze(resolveNode(lab.name, name, n, mine));
      if (!byCtx) s.resolved.set(n, (byCtx = new Map()));
      byCtx.set(ctx, out);
      return out;
    }).sort((a, b) => a.name.localeCompare(b.name));
    return { name: lab.name, nodes, links };
  }
}
