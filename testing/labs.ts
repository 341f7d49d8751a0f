/** Example labs under a unique name per test run, so tests never meet a user's running lab. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLab } from '../shared/lab/parse';
import type { Lab } from '../shared/lab/schema';

export const examplesDir = join(import.meta.dirname ?? __dirname, '..', 'examples');

export function uniqueName(prefix = 't'): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`.slice(0, 16);
}

export function loadExample(file: string, name = uniqueName()): Lab {
  const r = parseLab(readFileSync(join(examplesDir, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return { ...r.lab, name };
}
