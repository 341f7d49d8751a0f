/**
 * The only place nslab starts kernel tools. Every call is an argument array through execa with
 * `shell: false`; many commands share one process by feeding iproute2's batch mode (`-b -`) on
 * stdin, which is what makes a 50-node apply take a handful of processes instead of hundreds.
 */
import { execa } from 'execa';

export type BatchTool = 'ip' | 'tc';

export interface BatchOptions {
  /** extra global flags before `-b`, e.g. `['-d', '-j']` for the observer */
  flags?: string[];
  /** keep going after a failed line (iproute2 `-force`); every failed line is then reported */
  force?: boolean;
  timeoutMs?: number;
}

export type BatchResult =
  | { ok: true; stdout: string; stderr: string }
  | {
      ok: false;
      /**
       * 0-based index of the first line the tool reported as failed (`Command failed -:N`); lines
       * before it ran. null when the process failed without naming a line (namespace missing,
       * tool missing, timeout): then nothing can be assumed about any line.
       */
      failedLine: number | null;
      /** with `force`: every failed line, 0-based */
      failedLines: number[];
      stderr: string;
      stdout: string;
      /** the tool's own message for the failure, without the `Command failed` bookkeeping */
      message: string;
    };

/** An argument that iproute2's batch parser could not carry intact. Thrown before any process starts. */
export class BatchArgError extends Error {
  constructor(readonly line: number, readonly arg: string, reason: string) {
    super(`batch line ${line + 1}: argument ${JSON.stringify(arg)} ${reason}`);
    this.name = 'BatchArgError';
  }
}

/** Processes this module started, for tests and the bench (one apply should spawn few). */
export const runStats = { spawned: 0 };

const DEFAULT_TIMEOUT_MS = 60_000;
// Fixed locale: the messages we parse and pass on are the tools' English ones.
const ENV = { LC_ALL: 'C', LANG: 'C' };

async function spawn(file: string, args: string[], input: string | undefined, timeoutMs: number) {
  runStats.spawned++;
  return execa(file, args, {
    shell: false,
    input: input ?? '',
    reject: false,
    timeout: timeoutMs,
    env: ENV,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * One batch line from an argument list. iproute2 reads batch input with getcmdline(), which cuts
 * a line at `#` (comment) and joins a line ending in `\` with the next, then makeargs() splits on
 * space/tab/CR/LF; a word that *starts* with `'` or `"` runs to the next same quote, with no
 * escapes. So: plain words go as they are; words with white space, a leading quote or a backslash
 * are wrapped in a quote they do not contain; `#`, newlines and NUL cannot be carried at all and
 * are refused, so a newline in an argument can never become a second command.
 */
export function batchLine(args: readonly string[], lineIndex = 0): string {
  return args.map((arg) => {
    if (/[#\n\r\0]/.test(arg)) throw new BatchArgError(lineIndex, arg, 'contains "#", a line break or NUL, which iproute2 batch input cannot carry');
    if (arg !== '' && !/[ \t\\]/.test(arg) && !/^['"]/.test(arg)) return arg;
    if (!arg.includes('"')) return `"${arg}"`;
    if (!arg.includes("'")) return `'${arg}'`;
    throw new BatchArgError(lineIndex, arg, 'contains both quote characters together with white space or a backslash');
  }).join(' ');
}

const FAILED_RE = /^Command failed [^\n]*:(\d+)$/gm;

/** `Command failed -:N` lines → 0-based line indexes, in order. */
export function failedLinesOf(stderr: string): number[] {
  return [...stderr.matchAll(FAILED_RE)].map((m) => Number(m[1]) - 1);
}

/** The tool's message without our bookkeeping lines. */
export function kernelMessage(stderr: string): string {
  return stderr.replace(FAILED_RE, '').split('\n').map((l) => l.trim()).filter(Boolean).join('\n');
}

/**
 * Run `ip|tc [-n NS] [flags] [-force] -b -` with one command per line on stdin.
 *
 * @example await runBatch('ip', 'nslab-lab-h1', [['link', 'set', 'dev', 'lo', 'up']])
 */
export async function runBatch(tool: BatchTool, ns: string | null, lines: string[][], opts: BatchOptions = {}): Promise<BatchResult> {
  // Build every line first: a bad argument anywhere means nothing runs.
  const text = lines.map((l, i) => batchLine(l, i) + '\n').join('');
  if (lines.length === 0) return { ok: true, stdout: '', stderr: '' };
  const args = [...(ns === null ? [] : ['-n', ns]), ...(opts.flags ?? []), ...(opts.force ? ['-force'] : []), '-b', '-'];
  const r = await spawn(tool, args, text, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const failedLines = failedLinesOf(stderr).filter((n) => n >= 0 && n < lines.length);
  if (r.exitCode === 0 && failedLines.length === 0 && !r.failed) return { ok: true, stdout, stderr };
  const why = r.timedOut ? `${tool} timed out after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : (r.code === 'ENOENT' ? `${tool} is not installed` : '');
  return {
    ok: false,
    failedLine: failedLines[0] ?? null,
    failedLines,
    stderr,
    stdout,
    message: kernelMessage(stderr) || why || `${tool} exited with ${r.exitCode ?? r.signal ?? 'an error'}`,
  };
}

/**
 * Only per-namespace `net.*` keys: any other sysctl written from inside a namespace changes the
 * whole machine. procps sysctl swaps `.` and `/` in a dotted key (`/` stands for a dot inside an
 * interface name: `net.ipv4.conf.eth0/10.forwarding`), so `net.//.kernel.panic` would be the path
 * `net/../kernel/panic`. Hence: dot-separated words, and a `/` only between two word characters.
 */
const SYSCTL_KEY = /^net(\.[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*)+$/;
export const isNetSysctlKey = (key: unknown): key is string => typeof key === 'string' && key.length <= 256 && SYSCTL_KEY.test(key);
function checkSysctlKey(key: string): void {
  if (!isNetSysctlKey(key)) throw new Error(`refusing sysctl key ${JSON.stringify(key)}: only net.* keys are per namespace`);
}

export type SysctlResult = { ok: true } | { ok: false; failedKeys: string[]; message: string };

/**
 * `ip netns exec NS sysctl -q -w k=v …` in one process. sysctl carries on after a bad key, so the
 * result names every key it complained about; the others were written.
 */
export async function runSysctl(ns: string, assignments: [key: string, value: string][], opts: { timeoutMs?: number } = {}): Promise<SysctlResult> {
  if (assignments.length === 0) return { ok: true };
  for (const [k, v] of assignments) {
    checkSysctlKey(k);
    if (/[\n\r\0]/.test(v)) throw new Error(`refusing sysctl value for ${k}: contains a line break or NUL`);
  }
  const r = await spawn('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', ...assignments.map(([k, v]) => `${k}=${v}`)], undefined, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const stderr = String(r.stderr ?? '');
  if (r.exitCode === 0 && !r.failed) return { ok: true };
  const failedKeys = assignments.map(([k]) => k).filter((k) => sysctlMentions(stderr, k));
  return { ok: false, failedKeys, message: stderr.trim() || `sysctl exited with ${r.exitCode ?? r.signal}` };
}

/** procps-ng names a key either as `"net.x.y"` or as its path `/proc/sys/net/x/y`. */
function sysctlMentions(stderr: string, key: string): boolean {
  return stderr.includes(`"${key}"`) || stderr.includes(`/proc/sys/${key.replace(/\./g, '/')}:`) || stderr.includes(`/proc/sys/${key.replace(/\./g, '/')} `);
}

/**
 * Current values of `keys` inside `ns` (one `ip netns exec NS sysctl k…` process). Keys the kernel
 * does not have are left out. Vector values (`0\t2147483647`) come back with single spaces, the
 * way a lab file writes them.
 */
export async function readSysctl(ns: string, keys: string[], opts: { timeoutMs?: number } = {}): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  keys.forEach(checkSysctlKey);
  const r = await spawn('ip', ['netns', 'exec', ns, 'sysctl', ...keys], undefined, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return parseSysctlOutput(String(r.stdout ?? ''));
}

/** `net.ipv4.ip_forward = 1` lines → record. */
export function parseSysctlOutput(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const i = line.indexOf(' = ');
    if (i <= 0) continue;
    out[line.slice(0, i).trim()] = line.slice(i + 3).trim().replace(/\s+/g, ' ');
  }
  return out;
}

/** Run a plain command (argument array, no shell), never throwing; for probes and listings. */
export async function runCommand(file: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}) {
  const r = await spawn(file, args, opts.input, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return {
    ok: r.exitCode === 0 && !r.failed,
    exitCode: r.exitCode ?? null,
    stdout: String(r.stdout ?? ''),
    stderr: String(r.stderr ?? ''),
    notFound: r.code === 'ENOENT',
  };
}
