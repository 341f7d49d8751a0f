/** Kernel helpers for tests: read the kernel's own view with `ip -j`, independent of the engine. */
import { execFileSync } from 'node:child_process';

export function ipJson<T = any>(ns: string | null, ...args: string[]): T {
  const argv = ns ? ['-j', '-n', ns, ...args] : ['-j', ...args];
  const out = execFileSync('ip', argv, { encoding: 'utf8' });
  return (out.trim() ? JSON.parse(out) : []) as T;
}

export function netnsList(): string[] {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  return out ? (JSON.parse(out) as { name: string }[]).map((n) => n.name) : [];
}

/** Run a command inside a namespace; returns exit code and output (never throws). */
export function nsExec(ns: string, argv: string[], timeoutMs = 10_000): { code: number; out: string } {
  try {
    const out = execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out };
  } catch (e: any) {
    return { code: typeof e.status === 'number' ? e.status : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Remove every namespace whose name starts with prefix (test cleanup of what the test itself made). */
export function removeNetnsWithPrefix(prefix: string): void {
  for (const n of netnsList()) if (n.startsWith(prefix)) {
    try { execFileSync('ip', ['netns', 'del', n]); } catch { /* already gone */ }
  }
}
