/**
 * Lab clean-up for end-to-end specs, through the engine (the test process is root), by ledger, so
 * nothing else on the machine is touched. Only labs the spec's own pages applied are destroyed:
 * other test runs on the same machine create labs at the same time, and those are not ours.
 */
import { destroy, list } from '../../electron/helper/engine';

export async function labNames(): Promise<Set<string>> {
  try {
    return new Set((await list()).map((l) => l.name));
  } catch (e) {
    process.stderr.write(`e2e: cannot list labs: ${(e as Error).message}\n`);
    return new Set();
  }
}

/**
 * Destroy those of `names` that exist now, except the ones in `keep` (labs that were there before
 * the spec: a user's). Returns the names destroyed; throws after trying all if any failed.
 */
export async function destroyLabs(names: Iterable<string>, keep: Set<string> = new Set()): Promise<string[]> {
  const now = await labNames();
  const ours = [...new Set(names)].filter((n) => now.has(n) && !keep.has(n));
  const failures: string[] = [];
  for (const name of ours) {
    try {
      await destroy(name);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`e2e: could not destroy ${failures.join('; ')}`);
  return ours;
}
