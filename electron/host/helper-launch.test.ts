import { describe, expect, it } from 'vitest';
import { HELPER_NODE_FLAGS, helperLaunch } from './helper-launch';

const base = { execPath: '/usr/bin/node', isElectron: false, entry: '/app/electron/helper/main.ts', tsxLoader: 'file:///app/node_modules/tsx/dist/loader.mjs' };

describe('helperLaunch', () => {
  it('runs the TypeScript entry through tsx directly when already root', () => {
    expect(helperLaunch({ ...base, isRoot: true })).toEqual({
      command: '/usr/bin/node',
      args: [...HELPER_NODE_FLAGS, '--import', base.tsxLoader, base.entry],
      env: {},
      viaPkexec: false,
    });
  });

  it('goes through pkexec when not root', () => {
    const l = helperLaunch({ ...base, isRoot: false });
    expect(l.command).toBe('pkexec');
    expect(l.args).toEqual(['/usr/bin/node', ...HELPER_NODE_FLAGS, '--import', base.tsxLoader, base.entry]);
    expect(l.viaPkexec).toBe(true);
  });

  it('runs a bundled helper with Electron as node, passing the variable through env under pkexec', () => {
    const f = { ...base, execPath: '/opt/nslab/nslab', isElectron: true, entry: '/opt/nslab/dist/electron/helper.mjs' };
    expect(helperLaunch({ ...f, isRoot: true })).toMatchObject({ command: '/opt/nslab/nslab', args: [...HELPER_NODE_FLAGS, f.entry], env: { ELECTRON_RUN_AS_NODE: '1' } });
    expect(helperLaunch({ ...f, isRoot: false })).toMatchObject({
      command: 'pkexec',
      args: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', '/opt/nslab/nslab', ...HELPER_NODE_FLAGS, f.entry],
    });
  });

  it('uses the installed wrapper that the polkit policy names, when packaged and not root', () => {
    expect(helperLaunch({ ...base, isRoot: false, packagedWrapper: '/opt/nslab/resources/helper/nslab-helper' })).toEqual({
      command: 'pkexec',
      args: ['/opt/nslab/resources/helper/nslab-helper'],
      viaPkexec: true,
    });
  });

  it('refuses a TypeScript entry without tsx', () => {
    expect(() => helperLaunch({ ...base, tsxLoader: undefined, isRoot: true })).toThrow(/tsx/);
  });
});
