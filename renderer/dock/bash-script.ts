import type { PlannedOp } from '../../shared/protocol/api';

/** The operations as a bash script a student can read or run (as root). */
export function toBashScript(lab: string, log: Pick<PlannedOp, 'command'>[]): string {
  return [
    '#!/usr/bin/env bash',
    `# nslab: the commands that build lab "${lab}" (run as root)`,
    'set -euo pipefail',
    '',
    ...log.map((e) => e.command),
    '',
  ].join('\n');
}

