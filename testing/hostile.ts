/**
 * Hostile-input generators for property tests (fast-check): arbitrary values, and mutations of
 * the example labs — keys dropped, duplicated, renamed; types swapped; control characters,
 * look-alike Unicode, `../`, shell metacharacters injected; huge numbers; deep nesting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { examplesDir } from './labs';

export const exampleTexts: { file: string; text: string }[] = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(examplesDir, file), 'utf8') }));

/** Strings people use to break things. */
export const NASTY = [
  '../', '../../etc/passwd', '/', '..', '.', '\n', '\r\n', '\0', '\t', ' ', '#', ':', '@', ';', '|', '&', '$(touch /tmp/x)', '`id`',
  '; touch /tmp/x', '-', '--help', '-n', '\x1b[31m', '\x1b]0;pwned\x07', '\x7f', '\u009b', '\u202e', '\u2066', '\u200b', '\ufeff',
  'а' /* Cyrillic a */, 'е' /* Cyrillic e */, 'ｅ' /* fullwidth e */, 'ℎ', '１', '%n%s', '\\', '"', "'", '{', '[', '*', '&a', '!!binary',
];
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Kind', 'kind ', 'nаme', '../x', 'h1\n', '', 'eth0/1', 'a'.repeat(300)];
export const HUGE = [2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e308, -1e308, -1, -0, 0.5, 1e-300, Number.MAX_VALUE, Infinity, -Infinity, NaN];

type Json = unknown;
type Path = (string | number)[];

/** Every path to a value inside `v` (the root excluded). */
function paths(v: Json, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...prefix, k], ...paths(x, [...prefix, k])]);
}

function parentOf(root: Json, path: Path): { parent: Record<string | number, Json> | Json[]; key: string | number } {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  return { parent: node, key: path[path.length - 1]! };
}

/** Own-property assignment: `__proto__` as a key must become a key, not a prototype. */
function setOwn(o: object, k: string | number, v: Json): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'dup'; at: number }
  | { kind: 'rename'; at: number; to: string }
  | { kind: 'swap'; at: number; value: Json }
  | { kind: 'inject'; at: number; text: string; pos: number }
  | { kind: 'huge'; at: number; value: number }
  | { kind: 'deep'; at: number; levels: number; asArray: boolean };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), to: fc.oneof(fc.constantFrom(...NASTY_KEYS), fc.string({ maxLength: 20 })) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom<Json>(null, true, false, 0, '', [], {}, 'default', '10.0.0.1/24'), fc.jsonValue({ maxDepth: 3 })) }),
  fc.record({ kind: fc.constant('inject' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 })), pos: fc.nat() }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...HUGE), fc.double()) }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), levels: fc.integer({ min: 1, max: 40 }), asArray: fc.boolean() }),
);

/** Apply mutations to a deep copy of `lab`; each picks its target among the paths present then. */
export function mutate(lab: Json, muts: Mutation[]): Json {
  const root = structuredClone(lab) as Record<string, Json>;
  for (const m of muts) {
    const all = paths(root);
    if (all.length === 0) break;
    const path = all[m.at % all.length]!;
    const { parent, key } = parentOf(root, path);
    const value = (parent as Record<string | number, Json>)[key];
    switch (m.kind) {
      case 'drop':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, Json>)[key];
        break;
      case 'dup':
        if (Array.isArray(parent)) parent.push(structuredClone(value));
        else setOwn(parent, `${String(key)}${String(key).length % 2 ? 'X' : ''}`.replace(/^./, (c) => c.toUpperCase()), structuredClone(value));
        break;
      case 'rename':
        if (Array.isArray(parent)) parent[key as number] = { [m.to]: value };
        else { delete (parent as Record<string, Json>)[key]; setOwn(parent, m.to, value); }
        break;
      case 'swap': setOwn(parent, key, structuredClone(m.value)); break;
      case 'inject': {
        const s = typeof value === 'string' ? value : String(key);
        const at = m.pos % (s.length + 1);
        const next = s.slice(0, at) + m.text + s.slice(at);
        if (typeof value === 'string') setOwn(parent, key, next);
        else if (!Array.isArray(parent)) { delete (parent as Record<string, Json>)[key]; setOwn(parent, next, value); }
        else setOwn(parent, key, next);
        break;
      }
      case 'huge': setOwn(parent, key, m.value); break;
      case 'deep': {
        let v = value;
        for (let i = 0; i < m.levels; i++) v = m.asArray ? [v] : { k: v };
        setOwn(parent, key, v);
        break;
      }
    }
  }
  return root;
}

/** An example lab and a few mutations of it. */
export const mutatedExampleArb = fc
  .record({ ex: fc.constantFrom(...exampleTexts), muts: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) })
  .map(({ ex, muts }) => ({ file: ex.file, muts, lab: mutate(parse(ex.text), muts) }));

/** Text-level damage to an example: a line duplicated (duplicate keys), dropped, or cut. */
export const damagedTextArb = fc
  .record({ ex: fc.constantFrom(...exampleTexts), line: fc.nat(), how: fc.constantFrom('dup', 'drop', 'cut', 'inject'), text: fc.constantFrom(...NASTY) })
  .map(({ ex, line, how, text }) => {
    const lines = ex.text.split('\n');
    const i = line % lines.length;
    if (how === 'dup') lines.splice(i, 0, lines[i]!);
    else if (how === 'drop') lines.splice(i, 1);
    else if (how === 'cut') lines[i] = lines[i]!.slice(0, Math.floor(lines[i]!.length / 2));
    else lines[i] = lines[i]! + text;
    return { file: ex.file, how, text: lines.join('\n') };
  });
