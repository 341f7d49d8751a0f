/** validate, plan, up, down */
import { readFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LAB_NAME } from '../../../shared/net/names';
import { apply, destroy, EngineError, plan } from '../../helper/engine';
import { loadLabFile } from '../load';
import { progressReporter } from '../progress';
import { UsageError } from '../usage';

export async function validateCmd([file]: string[]): Promise<number> {
  if (!file) throw new UsageError('validate needs a lab file');
  const lab = await loadLabFile(file);
  const links = lab.links?.length ?? 0;
  console.log(`${file}: valid lab "${lab.name}" (${Object.keys(lab.nodes).length} nodes, ${links} links)`);
  return 0;
}

export async function planCmd([file]: string[]): Promise<number> {
  if (!file) throw new UsageError('plan needs a lab file');
  const ops = await plan(await loadLabFile(file));
  if (ops.length === 0) console.log('nothing to do: the kernel matches the lab');
  for (const op of ops) console.log(op.command);
  return 0;
}

export async function upCmd([file]: string[]): Promise<number> {
  if (!file) throw new UsageError('up needs a lab file');
  const lab = await loadLabFile(file);
  const progress = progressReporter();
  try {
    const r = await apply(lab, { file: resolvePath(file), onProgress: progress.onProgress });
    progress.stop();
    console.log(r.ops.length === 0
      ? `lab "${lab.name}" is up; nothing changed`
      : `lab "${lab.name}" is up: ${r.applied} operations applied (${Object.keys(lab.nodes).length} nodes). Try: nslab exec ${lab.name} <node> -- ip addr`);
    return 0;
  } finally {
    progress.stop();
  }
}

/** `down` takes a lab file or a lab name; removing a lab that is not running is not an error. */
export async function downCmd([target]: string[]): Promise<number> {
  if (!target) throw new UsageError('down needs a lab file or a lab name');
  const name = LAB_NAME.test(target) ? target : await nameFromFile(target);
  try {
    const removed = await destroy(name);
    console.log(`lab "${name}" removed (${removed.length} namespaces)`);
  } catch (e) {
    if (e instanceof EngineError && e.code === 'not-found') { console.log(`lab "${name}" is not running; nothing to remove`); return 0; }
    throw e;
  }
  return 0;
}

/** Only the name is needed, so a lab file that no longer validates can still be taken down. */
async function nameFromFile(file: string): Promise<string> {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch { throw new UsageError(`"${file}" is neither a lab name nor a readable lab file`); }
  let name: unknown;
  try { name = (parseYaml(text, { maxAliasCount: 100 }) as { name?: unknown } | null)?.name; } catch { name = undefined; }
  if (typeof name !== 'string' || !LAB_NAME.test(name)) throw new UsageError(`${file}: has no valid lab name`);
  return name;
}
