/**
 * Text → validated lab. YAML (JSON is YAML too) is parsed with positions kept, so that every
 * issue — syntax, schema or semantic — carries the line and column a person must look at.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YNode } from 'yaml';
import type { z } from 'zod';
import { Lab, LIMITS, printable } from './schema';
import { safeText, type LabIssue, type LabPath } from './issues';
import { validateLab } from './validate';

export type ParseResult = { ok: true; lab: Lab } | { ok: false; issues: LabIssue[] };

/** Parse and fully validate a lab file's text. Never throws on bad input. */
export function parseLab(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, issues: [{ path: [], message: 'a lab file is text' }] };
  if (text.length > LIMITS.textBytes) {
    return { ok: false, issues: [{ path: [], message: `the file is ${text.length} bytes; a lab file may be at most ${LIMITS.textBytes} bytes` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: [], message: `YAML: ${e.message.split('\n')[0]}`, line: pos.line, col: pos.col };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, issues: [{ path: [], message: `YAML: ${(e as Error).message}` }] };
  }
  const located = (issues: LabIssue[]) => issues.map(({ atKey, ...i }) => ({ ...i, message: safeText(i.message), ...locate(doc, lineCounter, i.path, atKey ?? false) }));
  const checked = checkLab(data);
  return checked.ok ? checked : { ok: false, issues: located(checked.issues) };
}

/** Validate an already-parsed value (from the canvas, the IPC boundary or JSON). */
export function checkLab(data: unknown): ParseResult {
  if (!depthWithin(data)) return { ok: false, issues: [{ path: [], message: 'the lab is nested deeper than any lab file can be' }] };
  const parsed = Lab.safeParse(data);
  if (!parsed.success) return { ok: false, issues: safeIssues(zodIssues(parsed.error)) };
  const issues = validateLab(parsed.data);
  return issues.length ? { ok: false, issues: safeIssues(issues) } : { ok: true, lab: parsed.data };
}

/** Messages quote the lab's own text; a hostile file must not smuggle terminal controls through them. */
function safeIssues(issues: LabIssue[]): LabIssue[] {
  return issues.map((i) => ({ ...i, message: safeText(i.message) }));
}

function zodIssues(error: z.ZodError): LabIssue[] {
  const out: LabIssue[] = [];
  for (const i of error.issues) {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) out.push({ path: [...path, k], message: `unknown key "${k}"${hint(k)}`, atKey: true });
    } else if (i.code === 'invalid_union') {
      // Report the most specific branch's issues rather than "invalid input".
      const branches = i.errors.map((e) => e.map((x) => ({ ...x, path: [...path, ...x.path] })));
      const best = branches.sort((a, b) => a.length - b.length)[0];
      if (best?.length) out.push(...zodIssues({ issues: best } as unknown as z.ZodError));
      else out.push({ path, message: i.message });
    } else if (i.code === 'invalid_key') {
      const key = String(path[path.length - 1] ?? '');
      out.push({ path, message: `"${printable(key)}": ${i.issues.map((x) => x.message).join('; ')}`, atKey: true });
    } else if (i.code === 'invalid_type') {
      out.push({ path, message: i.message.replace(/^Invalid input: /, '') });
    } else {
      out.push({ path, message: i.message });
    }
  }
  return out;
}

const KNOWN_KEYS = ['version', 'name', 'description', 'nodes', 'links', 'checks', 'exercise', 'kind', 'interfaces', 'routes', 'sysctl', 'stp', 'position', 'addresses', 'mtu', 'mac', 'to', 'via', 'dev', 'metric', 'endpoints', 'up', 'rate', 'delay', 'jitter', 'loss', 'from', 'ping', 'route', 'command', 'expect', 'instructions', 'hidden_checks'];
function hint(key: string): string {
  const near = KNOWN_KEYS.find((k) => k !== key && editDistance(k, key.toLowerCase()) <= (key.length > 4 ? 2 : 1));
  return near ? ` (did you mean "${near}"?)` : '';
}
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Not nested deeper than any lab file can be. */
export const depthWithin = (data: unknown): boolean => depth(data) <= 12;

function depth(v: unknown, limit = 13): number {
  if (limit === 0 || v === null || typeof v !== 'object') return 0;
  let max = 0;
  for (const x of Object.values(v)) max = Math.max(max, depth(x, limit - 1));
  return max + 1;
}

/** Line and column of the deepest YAML node on `path` (the key itself for the last segment). */
function locate(doc: Document, lc: LineCounter, path: LabPath, atKey: boolean): { line?: number; col?: number } {
  let node: unknown = doc.contents;
  let found: YNode | null = (doc.contents as YNode | null) ?? null;
  for (const [depth, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      found = (pair.key as YNode) ?? found;
      node = pair.value;
      const last = depth === path.length - 1;
      if (node && (isMap(node) || isSeq(node) || isScalar(node)) && !(last && atKey)) found = node as YNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node && (isMap(node) || isSeq(node) || isScalar(node))) found = node as YNode;
      else break;
    } else break;
  }
  if (!found?.range) return {};
  const pos = lc.linePos(found.range[0]);
  return { line: pos.line, col: pos.col };
}
