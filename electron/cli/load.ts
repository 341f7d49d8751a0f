/** Read and validate a lab file for the CLI; on error print every issue with file:line:col. */
import { readFile, stat } from 'node:fs/promises';
import { formatIssue } from '../../shared/lab/issues';
import { parseLab } from '../../shared/lab/parse';
import { LIMITS, type Lab } from '../../shared/lab/schema';
import { UsageError } from './usage';

export class InvalidLabError extends Error {
  constructor(message: string) { super(message); this.name = 'InvalidLabError'; }
}

export async function loadLabFile(file: string): Promise<Lab> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new UsageError(`${file}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size > LIMITS.textBytes) throw new InvalidLabError(`${file}: the file is ${size} bytes; a lab file may be at most ${LIMITS.textBytes} bytes`);
  const r = parseLab(await readFile(file, 'utf8'));
  if (!r.ok) throw new InvalidLabError(r.issues.map((i) => formatIssue(i, file)).join('\n'));
  return r.lab;
}
