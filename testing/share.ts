/**
 * `next` as an immutable store would hold it after an edit of `base`: every top-level value, node
 * and link equal to one of base's (as JSON) is base's object. For tests of lab deltas
 * (shared/lab/delta.ts), which find unchanged parts by identity.
 */
export function sharedWith<T>(base: T, next: T): T {
  const b = base as Record<string, unknown>, n = next as Record<string, unknown>;
  if (!isRecord(b) || !isRecord(n)) return next;
  const eq = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(n)) {
    const v = n[k];
    let shared: unknown = Object.hasOwn(b, k) && eq(v, b[k]) ? b[k] : v;
    if (shared === v && k === 'nodes' && isRecord(v) && isRecord(b.nodes)) {
      const was = b.nodes;
      shared = Object.fromEntries(Object.entries(v).map(([name, node]) => [name, Object.hasOwn(was, name) && eq(node, was[name]) ? was[name] : node]));
    } else if (shared === v && k === 'links' && Array.isArray(v) && Array.isArray(b.links)) {
      const was = b.links as unknown[];
      shared = v.map((l) => was.find((x) => eq(x, l)) ?? l);
    }
    Object.defineProperty(out, k, { value: shared, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
