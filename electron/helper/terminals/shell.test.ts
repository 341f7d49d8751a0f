import { describe, expect, it } from 'vitest';
import { findShell, terminalArgv, terminalEnv } from './shell';
import { sessionOfStat } from './kill-session';

describe('terminal shell', () => {
  it('prefers bash, falls back to sh', () => {
    expect(findShell((p) => p === '/usr/bin/bash' || p === '/bin/sh')).toBe('/usr/bin/bash');
    expect(findShell((p) => p === '/bin/sh')).toBe('/bin/sh');
  });

  it('runs a login shell inside the namespace, as an argument array', () => {
    expect(terminalArgv('nslab-lab-h1', '/bin/bash')).toEqual(['ip', 'netns', 'exec', 'nslab-lab-h1', '/bin/bash', '--noprofile', '--norc', '-i']);
    expect(terminalArgv('nslab-lab-h1', '/bin/sh')).toEqual(['ip', 'netns', 'exec', 'nslab-lab-h1', '/bin/sh', '-i']);
  });

  it('builds a clean environment naming the node, without the helper’s variables', () => {
    const env = terminalEnv('lab', 'h1', { LANG: 'C.UTF-8', SECRET: 'x', LC_ALL: '$(reboot)' });
    expect(env).toMatchObject({ TERM: 'xterm-256color', PS1: 'h1:\\w# ', debian_chroot: 'h1', NSLAB_NODE: 'h1', LANG: 'C.UTF-8', HOME: '/root' });
    expect(env.SECRET).toBeUndefined();
    expect(env.LC_ALL).toBeUndefined();
    expect(() => terminalEnv('lab', '$(x)')).toThrow(/not a node name/);
  });

  it('reads the session id from /proc/<pid>/stat, even with ") " in the command name', () => {
    expect(sessionOfStat('1234 (bash) S 1200 1234 1234 34816 1234 4194560')).toBe(1234);
    expect(sessionOfStat('99 (a) b (c) R 1 98 77 0')).toBe(77);
    expect(sessionOfStat('garbage')).toBeNull();
  });
});
