/**
 * The order labs are resolved and planned in (nodes by name, links by key, a node's interfaces,
 * a link's two ends) was `String.prototype.localeCompare`'s. Its first call in a process loads
 * ICU's collator (~5 ms: a tenth of a 50-node `up`, and part of every CLI command), and each
 * call goes through ICU. Names, interface names and link keys use a small alphabet (names.ts:
 * letters, digits, `_`, `-`, `.`, and `:` between node and interface), on which ICU's root order is
 * simple: `_` < `-` < `:` < `.` < digits < letters, letters by letter ignoring case first and
 * lowercase before uppercase only where nothing else differs (the leftmost such position), a
 * string before any longer one it begins, case aside. `nameOrder` computes exactly that, and hands any string
 * with another character to localeCompare (name-order.test.ts: the same sign over random strings).
 */
/** primary weight of each ASCII character of the alphabet; -1 for the others */
const RANK = new Int8Array(128).fill(-1);
'_-:.'.split('').forEach((c, i) => { RANK[c.charCodeAt(0)] = 1 + i; });
for (let d = 0; d < 10; d++) RANK[48 + d] = 10 + d;
for (let l = 0; l < 26; l++) RANK[97 + l] = RANK[65 + l] = 20 + l;

/** Whether every character of s has a rank. */
function ranked(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || RANK[c]! < 0) return false;
  }
  return true;
}

/**
 * localeCompare's order of two names or keys (negative, 0, positive).
 *
 * @example ['r10', 'R1', 'r1:eth0', 'r1'].sort(nameOrder) // ['r1', 'R1', 'r1:eth0', 'r10']
 */
export function nameOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (!ranked(a) || !ranked(b)) return a.localeCompare(b);
  const n = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i), cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const ra = RANK[ca]!, rb = RANK[cb]!;
    if (ra !== rb) return ra < rb ? -1 : 1;
    // the same letter in another case: lowercase first, if nothing else differs
    if (caseOrder === 0) caseOrder = ca > cb ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return caseOrder;
}
