/**
 * Lab clean-up for end-to-end specs, through the engine (the test process is root): whatever labs
 * exist after a spec that did not exist before it are destroyed — by their ledger, so nothing else
 * on the machine is touched.
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

/** Destroy every lab not in `before`; returns the names destroyed, and throws after trying all if any failed. */
export async function destroyLabsCreatedSince(before: Set<string>): Promise<string[]> {
  const created = [...(await labNames())].filter((n) => !before.has(n));
  const failures: string[] = [];
  for (const name of created) {
    try {
      await destroy(name);
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`e2e: could not destroy ${failures.join('; ')}`);
  return created;
}
