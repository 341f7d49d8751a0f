/**
 * What a terminal runs: `ip netns exec <ns> bash --noprofile --norc -i` (or `sh -i`) as an
 * argument array, and a clean
 * environment. Nothing here is built from a string the user typed: the namespace comes from the
 * ledger (ownedNodeNs) and the node name, already checked against NODE_NAME, only fills
 * environment variables.
 */
import { accessSync, constants } from 'node:fs';
import { NODE_NAME } from '../../../shared/net/names';

const SHELL_DIRS = ['/usr/bin', '/bin', '/usr/local/bin'];
export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The host's bash if it has one, else sh (the node shares the host's file system). */
export function findShell(isExecutable = (p: string) => { try { accessSync(p, constants.X_OK); return true; } catch { return false; } }): string {
  for (const name of ['bash', 'sh']) {
    for (const dir of SHELL_DIRS) {
      const p = `${dir}/${name}`;
      if (isExecutable(p)) return p;
    }
  }
  return '/bin/sh';
}

/**
 * An interactive shell without the host user's profile and rc files: they belong to the host, not
 * the lab node — they override the prompt that names the node, and can stall the shell (seen here:
 * a login profile's `pyenv rehash` waiting 60 s on a lock a killed shell had left).
 */
export function terminalArgv(ns: string, shell: string): [string, ...string[]] {
  return shell.endsWith('/bash') ? ['ip', 'netns', 'exec', ns, shell, '--noprofile', '--norc', '-i'] : ['ip', 'netns', 'exec', ns, shell, '-i'];
}

/**
 * The shell's environment: not the helper's (which is root's, through pkexec or not), only what a
 * terminal needs; the prompt names the node (`h1:/root# `).
 */
export function terminalEnv(lab: string, node: string, from: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!NODE_NAME.test(node)) throw new Error(`"${node}" is not a node name`);
  const env: Record<string, string> = {
    TERM: 'xterm-256color',
    COLORTERM: 'truecolor',
    HOME: '/root',
    USER: 'root',
    LOGNAME: 'root',
    PATH: SAFE_PATH,
    PS1: `${node}:\\w# `,
    debian_chroot: node,
    NSLAB_LAB: lab,
    NSLAB_NODE: node,
  };
  for (const k of ['LANG', 'LC_ALL', 'LC_CTYPE', 'TZ'] as const) {
    const v = from[k];
    if (v && /^[\w.@:/+-]{1,64}$/.test(v)) env[k] = v;
  }
  return env;
}
