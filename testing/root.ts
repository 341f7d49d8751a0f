/**
 * Root-only tests. Outside CI a non-root run skips them with a reason; under CI=true a test that
 * cannot run as root fails instead, so a skipped kernel test can never pass CI silently.
 */
import { describe } from 'vitest';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function describeRoot(name: string, body: () => void): void {
  if (isRoot) describe(name, body);
  else if (inCI) {
    describe(name, () => {
      throw new Error(`${name}: root-only tests must run as root under CI=true (uid ${process.getuid?.()})`);
    });
  } else describe.skip(`${name} (skipped: needs root)`, body);
}
