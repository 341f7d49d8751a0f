/**
 * The `examples` request: the lab files shipped in `examples/`, read by the unprivileged host
 * (reading files needs no root, and the renderer never reads files).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ResultOf } from '../../shared/protocol/api';

const MAX_EXAMPLE_BYTES = 1024 * 1024;
const MAX_EXAMPLES = 200;

/** Sub-folders listed too, their examples with ids like `exercises/no-default-route`. */
const SUBDIRS = ['exercises'];

export async function readExamples(dir: string): Promise<ResultOf<'examples'>> {
  const top = await readExampleDir(dir, '');
  const nested = await Promise.all(SUBDIRS.map((d) => readExampleDir(join(dir, d), `${d}/`)));
  return { examples: [...top, ...nested.flat()].slice(0, MAX_EXAMPLES) };
}

async function readExampleDir(dir: string, prefix: string): Promise<ResultOf<'examples'>['examples']> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => /^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$/.test(f)).sort().slice(0, MAX_EXAMPLES);
  } catch {
    return [];
  }
  const examples: ResultOf<'examples'>['examples'] = [];
  for (const file of names) {
    const path = join(dir, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.size > MAX_EXAMPLE_BYTES) continue;
    const text = await readFile(path, 'utf8');
    const id = prefix + file.replace(/\.yaml$/, '');
    examples.push({ id, title: titleOf(text) ?? id, text });
  }
  return examples;
}

function titleOf(text: string): string | undefined {
  try {
    const doc = parse(text) as { description?: unknown; name?: unknown } | null;
    const t = typeof doc?.description === 'string' && doc.description.trim() ? doc.description : doc?.name;
    return typeof t === 'string' && t.trim() ? t.trim() : undefined;
  } catch {
    return undefined; // a broken example still opens, so its errors show in the editor
  }
}

/** `examples/` of a checkout (two levels above this module, or above dist/electron), or the packaged copy. */
export function defaultExamplesDir(here = dirname(fileURLToPath(import.meta.url))): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [resourcesPath && join(resourcesPath, 'examples'), join(here, '..', '..', 'examples')].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? candidates.at(-1)!;
}
