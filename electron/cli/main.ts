/** The `nslab` command. Exit codes: 0 ok, 1 runtime failure, 2 invalid input. */
import { EngineError } from '../helper/engine';
import { checkCmd } from './commands/check';
import { discoverCmd } from './commands/discover';
import { doctorCmd } from './commands/doctor';
import { execCmd } from './commands/exec';
import { lsCmd, statusCmd } from './commands/inspect';
import { downCmd, planCmd, upCmd, validateCmd } from './commands/lifecycle';
import { matrixCmd } from './commands/matrix';
import { scriptCmd } from './commands/script';
import { traceCmd } from './commands/trace';
import { watchCmd } from './commands/watch';
import { InvalidLabError } from './load';
import { USAGE, UsageError } from './usage';

const commands: Record<string, (args: string[]) => Promise<number>> = {
  validate: validateCmd, plan: planCmd, up: upCmd, down: downCmd, ls: lsCmd, status: statusCmd,
  exec: execCmd, script: scriptCmd, doctor: doctorCmd, check: checkCmd, trace: traceCmd, matrix: matrixCmd,
  watch: watchCmd, discover: discoverCmd,
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') { process.stdout.write(USAGE); return cmd ? 0 : 2; }
  const run = commands[cmd];
  if (!run) { process.stderr.write(`nslab: unknown command "${cmd}"\n\n${USAGE}`); return 2; }
  try {
    return await run(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`nslab ${cmd}: ${e.message}\n`); return 2; }
    if (e instanceof InvalidLabError) { process.stderr.write(`${e.message}\n`); return 2; }
    if (e instanceof EngineError) { process.stderr.write(`nslab ${cmd}: ${e.message}\n`); return e.code === 'invalid' ? 2 : 1; }
    process.stderr.write(`nslab ${cmd}: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
