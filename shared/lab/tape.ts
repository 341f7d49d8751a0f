/**
 * Private copies of plain JSON input ("tapes") and an allocation-free test of whether new input
 * equals one. The incremental checker (incremental.ts) keeps a tape of each node's and link's last
 * input: comparing walks the input once, without building its JSON text (as a memo key did before)
 * and without allocating, so an apply of a large lab does not feed the garbage collector.
 *
 * A tape is the value flattened in order: a primitive as itself; an object as OBJ, then key and
 * value per property, then END; an array as ARR, its items, END. The markers are objects, so they
 * never equal a primitive of the input. Key order counts (it is the order JSON.stringify and the
 * parsers see).
 *
 * Only plain JSON data is recorded, and only plain JSON data equals a tape: strings, booleans,
 * null, finite numbers other than -0; arrays of Array.prototype without holes; objects of
 * Object.prototype or null prototype whose enumerable properties are all own data properties (no
 * getters: a getter may answer differently the next time); nested at most `depth` levels, which
 * also bounds the recursion. That is the data whose JSON text determines it (what the JSON-text
 * memo key used before relied on), without getters. Like JSON.stringify, the walk sees only
 * enumerable string keys; a proxy that reports plain data consistently cannot be told from it.
 */

const OBJ = Object.freeze({ tape: 'object' });
const ARR = Object.freeze({ tape: 'array' });
const END = Object.freeze({ tape: 'end' });
/** a property whose value the tape leaves out (`skip` below) */
const HOLE = Object.freeze({ tape: 'hole' });

export type Tape = readonly unknown[];

/** Which keys of the top-level object a tape leaves out (their values are compared elsewhere). */
export type Skip = (key: string) => boolean;

// answers without allocating, unlike Object.getOwnPropertyDescriptor
const lookupGetter = (Object.prototype as unknown as { __lookupGetter__(k: string | number): unknown }).__lookupGetter__;
/** `o[k]` is a data property, not a getter. */
export const isData = (o: object, k: string | number): boolean => lookupGetter.call(o, k) === undefined;

/** An array of Array.prototype, or an object of Object.prototype or none: no class, no inherited behaviour. */
export const plainProto = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) ? proto === Array.prototype : proto === Object.prototype || proto === null;
};

/** The tape of `v`, or null when `v` is not plain JSON data within `depth` levels. */
export function tapeOf(v: unknown, depth: number, skip?: Skip): Tape | null {
  const out: unknown[] = [];
  return put(v, depth, out, skip) ? out : null;
}

function put(v: unknown, depth: number, out: unknown[], skip?: Skip): boolean {
  switch (typeof v) {
    case 'string': case 'boolean': out.push(v); return true;
    case 'number': if (!Number.isFinite(v) || Object.is(v, -0)) return false; out.push(v); return true;
    case 'object': {
      if (v === null) { out.push(null); return true; }
      if (depth === 0) return false;
      if (!plainProto(v)) return false;
      if (Array.isArray(v)) {
        out.push(ARR);
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isData(v, i) || !put(v[i], depth - 1, out)) return false;
        out.push(END);
        return true;
      }
      out.push(OBJ);
      for (const k in v) {
        if (!Object.hasOwn(v, k) || !isData(v, k)) return false;
        out.push(k);
        if (skip?.(k)) out.push(HOLE);
        else if (!put((v as Record<string, unknown>)[k], depth - 1, out)) return false;
      }
      out.push(END);
      return true;
    }
    default: return false;
  }
}

/**
 * Whether `v` is plain JSON data equal to `tape` (same keys in the same order), allocating nothing.
 * `fromJson`: the caller vouches that `v` is a value JSON.parse returned (and nothing changed since),
 * so every object is plain with only own data properties, and arrays have no holes: those checks
 * (a prototype read and a getter lookup per property, ~0.3 ms of a 200-node lab on a machine
 * coming out of idle) are skipped. For any such value the answer is the same either way.
 */
export function same(v: unknown, tape: Tape, depth: number, skip?: Skip, fromJson = false): boolean {
  return eq(v, tape, 0, depth, skip, fromJson) === tape.length;
}

/** The tape position after `v` when `v` equals the tape from position `i`, else -1. */
function eq(v: unknown, t: Tape, i: number, depth: number, skip: Skip | undefined, fromJson: boolean): number {
  const x = t[i];
  switch (typeof v) {
    case 'string': case 'boolean': return v === x ? i + 1 : -1;
    // a tape holds no NaN (never ===) and no -0 (=== 0, so tested here; JSON.parse('-0') is -0)
    case 'number': return v === x && (v !== 0 || 1 / v > 0) ? i + 1 : -1;
    case 'object': {
      if (v === null) return x === null ? i + 1 : -1;
      if (depth === 0) return -1;
      if (!fromJson && !plainProto(v)) return -1;
      if (Array.isArray(v)) {
        if (x !== ARR) return -1;
        i++;
        for (let k = 0; k < v.length; k++) {
          if (!fromJson && (!(k in v) || !isData(v, k))) return -1;
          i = eq(v[k], t, i, depth - 1, undefined, fromJson);
          if (i < 0) return -1;
        }
        return t[i] === END ? i + 1 : -1;
      }
      if (x !== OBJ) return -1;
      i++;
      for (const k in v) {
        if (t[i] !== k || (!fromJson && (!Object.hasOwn(v, k) || !isData(v, k)))) return -1;
        if (t[i + 1] === HOLE && skip?.(k)) i += 2;
        else if ((i = eq((v as Record<string, unknown>)[k], t, i + 1, depth - 1, undefined, fromJson)) < 0) return -1;
      }
      return t[i] === END ? i + 1 : -1;
    }
    default: return -1;
  }
}

/** A fresh plain value from a tape (recorded without `skip`): what the parsers read instead of the caller's object. */
export function build(tape: Tape): unknown {
  let i = 0;
  const next = (): unknown => {
    const x = tape[i++];
    if (x === ARR) {
      const a: unknown[] = [];
      while (tape[i] !== END) a.push(next());
      i++;
      return a;
    }
    if (x === OBJ) {
      const o: Record<string, unknown> = {};
      while (tape[i] !== END) {
        const k = tape[i++] as string;
        // an own "__proto__" key stays a key (assignment would set the prototype)
        Object.defineProperty(o, k, { value: next(), enumerable: true, writable: true, configurable: true });
      }
      i++;
      return o;
    }
    return x;
  };
  return next();
}
