import { beforeEach, describe, expect, it } from 'vitest';
import { linkKey } from '../../shared/lab/links';
import { createAppStore } from './index';
import { nextIface } from './lab-edit';

let store: ReturnType<typeof createAppStore>;
const s = () => store.getState();

beforeEach(() => {
  store = createAppStore();
  s().loadLab({ name: 'test', nodes: {}, links: [] });
});

describe('editing', () => {
  it('adds nodes with kind-specific names and cables them with the next free interfaces', () => {
    const h1 = s().addNode('host', { x: 0, y: 0 });
    const h2 = s().addNode('host', { x: 200, y: 0 });
    const sw = s().addNode('switch', { x: 100, y: 100 });
    const r1 = s().addNode('router', { x: 100, y: 200 });
    expect([h1, h2, sw, r1]).toEqual(['h1', 'h2', 'sw1', 'r1']);
    expect(s().connect('h1', 'sw1')).toBe('h1:eth0--sw1:p1');
    expect(s().connect('sw1', 'h2')).toBe('h2:eth0--sw1:p2');
    expect(s().connect('h1', 'r1')).toBe('h1:eth1--r1:eth0');
    expect(s().connect('h1', 'h1')).toBeNull();
    expect(nextIface(s().lab, 'sw1')).toBe('p3');
    expect(s().lab.links).toEqual([['h1:eth0', 'sw1:p1'], ['sw1:p2', 'h2:eth0'], ['h1:eth1', 'r1:eth0']]);
  });

  it('reuses a freed interface name', () => {
    s().addNode('host'); s().addNode('host'); s().addNode('host');
    s().connect('h1', 'h2');
    s().connect('h1', 'h3');
    s().select({ links: ['h1:eth0--h2:eth0'] });
    s().deleteSelection();
    expect(nextIface(s().lab, 'h1')).toBe('eth0');
  });

  it('renames a node into links and checks, and refuses bad or taken names', () => {
    s().addNode('host'); s().addNode('router');
    s().connect('h1', 'r1');
    s().edit((lab) => ({ ...lab, checks: [{ from: 'h1', ping: 'r1' }] }));
    expect(s().renameNode('r1', 'h1')).toMatch(/already/);
    expect(s().renameNode('r1', '1bad')).toMatch(/node name/);
    expect(s().renameNode('r1', 'gw')).toBeNull();
    expect(Object.keys(s().lab.nodes)).toEqual(['h1', 'gw']);
    expect(s().lab.links).toEqual([['h1:eth0', 'gw:eth0']]);
    expect(s().lab.checks).toEqual([{ from: 'h1', ping: 'gw' }]);
  });

  it('renames an interface into links and the node routes', () => {
    s().addNode('host'); s().addNode('router');
    s().connect('h1', 'r1');
    s().updateIface('h1', 'eth0', { addresses: ['10.0.1.2/24'] });
    s().updateNode('h1', (n) => ({ ...n, routes: [{ to: '192.0.2.0/24', dev: 'eth0' }] }));
    expect(s().renameIface('h1', 'eth0', 'lan0')).toBeNull();
    expect(s().lab.nodes.h1!.interfaces).toEqual({ lan0: { addresses: ['10.0.1.2/24'] } });
    expect(s().lab.nodes.h1!.routes).toEqual([{ to: '192.0.2.0/24', dev: 'lan0' }]);
    expect(s().lab.links).toEqual([['h1:lan0', 'r1:eth0']]);
    expect(s().renameIface('r1', 'eth0', 'a:b')).toMatch(/may not contain/);
  });

  it('deleting a node removes its links', () => {
    s().addNode('host'); s().addNode('host'); s().addNode('switch');
    s().connect('h1', 'sw1'); s().connect('h2', 'sw1');
    s().select({ nodes: ['sw1'] });
    s().deleteSelection();
    expect(Object.keys(s().lab.nodes)).toEqual(['h1', 'h2']);
    expect(s().lab.links).toEqual([]);
  });

  it('link options: long form when set, short form when cleared', () => {
    s().addNode('host'); s().addNode('host');
    const k = s().connect('h1', 'h2')!;
    s().updateLink(k, { mtu: 9000, up: false });
    expect(s().lab.links).toEqual([{ endpoints: ['h1:eth0', 'h2:eth0'], mtu: 9000, up: false }]);
    s().updateLink(k, { mtu: undefined, up: undefined });
    expect(s().lab.links).toEqual([['h1:eth0', 'h2:eth0']]);
  });
});

describe('validation', () => {
  it('runs checkLab on every change and keeps issue paths', () => {
    s().addNode('host'); s().addNode('host');
    s().connect('h1', 'h2');
    expect(s().issues).toEqual([]);
    s().updateIface('h1', 'eth0', { addresses: ['10.0.1.300/24'] });
    expect(s().issues.map((i) => i.path)).toEqual([['nodes', 'h1', 'interfaces', 'eth0', 'addresses', 0]]);
  });
});

describe('undo / redo', () => {
  it('undoes and redoes every edit, and a new edit clears redo', () => {
    s().addNode('host');
    s().addNode('host');
    s().connect('h1', 'h2');
    s().undo();
    expect(s().lab.links).toEqual([]);
    s().undo();
    expect(Object.keys(s().lab.nodes)).toEqual(['h1']);
    s().redo();
    expect(Object.keys(s().lab.nodes)).toEqual(['h1', 'h2']);
    s().addNode('router');
    expect(s().future).toEqual([]);
    s().redo();
    expect(Object.keys(s().lab.nodes)).toEqual(['h1', 'h2', 'r1']);
  });

  it('a drag is one undo step, and a click without movement is none', () => {
    s().addNode('host', { x: 0, y: 0 });
    const steps = s().past.length;
    s().beginDrag();
    for (let x = 1; x <= 50; x++) s().dragTo({ h1: { x, y: x } });
    s().endDrag();
    expect(s().past.length).toBe(steps + 1);
    expect(s().lab.nodes.h1!.position).toEqual({ x: 50, y: 50 });
    s().undo();
    expect(s().lab.nodes.h1!.position).toEqual({ x: 0, y: 0 });
    s().beginDrag();
    s().endDrag();
    expect(s().past.length).toBe(steps);
  });

  it('auto-address is one undo step and marks the lab dirty', () => {
    s().addNode('host'); s().addNode('router'); s().addNode('host');
    s().connect('h1', 'r1'); s().connect('r1', 'h3');
    s().markSaved({ name: 'test.yaml', path: null });
    expect(s().lab).toBe(s().savedLab);
    expect(s().runAutoAddress()).toBeNull();
    expect(s().lab.nodes.h1!.routes).toEqual([{ to: 'default', via: '10.0.1.1' }]);
    expect(s().lab).not.toBe(s().savedLab);
    s().undo();
    expect(s().lab).toBe(s().savedLab);
  });

  it('auto-address keeps the nodes it leaves as they were (so the next apply\'s delta skips them)', () => {
    const h1 = s().addNode('host'), r1 = s().addNode('router'), h2 = s().addNode('host');
    s().connect(h1, r1); s().connect(r1, h2);
    s().runAutoAddress();
    const first = s().lab;
    expect(first.nodes[h1]!.interfaces!.eth0!.addresses).toHaveLength(1);
    // a lone host added: the others' addresses and routes come out the same
    s().addNode('host');
    s().runAutoAddress();
    for (const n of [h1, r1, h2]) expect(s().lab.nodes[n], n).toBe(first.nodes[n]);
    expect(s().lab.links!.every((l, i) => l === first.links![i])).toBe(true);
  });
});

describe('copy / paste', () => {
  it('keeps links between copied nodes, renames uniquely and drops addresses', () => {
    s().addNode('host', { x: 0, y: 0 }); s().addNode('switch', { x: 100, y: 0 }); s().addNode('host', { x: 200, y: 0 });
    s().connect('h1', 'sw1'); s().connect('sw1', 'h2');
    s().updateIface('h1', 'eth0', { addresses: ['10.0.0.1/24'], mtu: 1400 });
    s().select({ nodes: ['h1', 'sw1'] });
    s().copy();
    s().paste();
    expect(s().selection.nodes).toEqual(['h3', 'sw2']);
    expect(s().lab.nodes.h3).toEqual({ kind: 'host', interfaces: { eth0: { mtu: 1400 } }, position: { x: 30, y: 30 } });
    expect(s().lab.links!.map(linkKey)).toEqual(['h1:eth0--sw1:p1', 'h2:eth0--sw1:p2', 'h3:eth0--sw2:p1']);
    expect(s().issues).toEqual([]);
    s().paste();
    expect(s().selection.nodes).toEqual(['h4', 'sw3']);
    expect(s().lab.nodes.h4!.position).toEqual({ x: 60, y: 60 });
    s().undo();
    expect(s().lab.nodes.h4).toBeUndefined();
  });
});

describe('deploy status', () => {
  // The engine's event sequence (electron/helper/engine.ts apply): run start without op, then one
  // done/error per operation as its batch completes, then done without op.
  const setup = () => {
    s().addNode('host'); s().addNode('host');
    const k = s().connect('h1', 'h2')!;
    const ops = [
      { index: 0, kind: 'netns.add', node: 'h1', command: 'ip netns add nslab-test-h1' },
      { index: 1, kind: 'netns.add', node: 'h2', command: 'ip netns add nslab-test-h2' },
      { index: 2, kind: 'veth.add', node: 'h1', link: k, command: 'ip link add …' },
      { index: 3, kind: 'link.set', node: 'h2', link: k, command: 'ip link set …' },
      { index: 4, kind: 'addr.add', node: 'h1', link: k, command: 'ip addr add …' },
    ];
    return { k, ops };
  };
  const progress = (op: { index: number } | undefined, status: 'running' | 'done' | 'error', error?: string) =>
    s().onProgress({ done: 0, total: 5, ...(op ? { op: op as never } : {}), status, ...(error ? { error } : {}) });

  it('goes pending → creating (run start) → up when each item’s last operation is done', () => {
    const { k, ops } = setup();
    s().startApply(ops);
    expect(s().nodeStatus.h1?.status).toBe('pending');
    expect(s().linkStatus[k]?.status).toBe('pending');
    expect(s().log.map((e) => e.status)).toEqual(['planned', 'planned', 'planned', 'planned', 'planned']);
    progress(undefined, 'running');
    expect([s().nodeStatus.h1?.status, s().nodeStatus.h2?.status, s().linkStatus[k]?.status]).toEqual(['creating', 'creating', 'creating']);
    progress(ops[0], 'done');
    progress(ops[1], 'done');
    expect(s().nodeStatus.h1?.status).toBe('creating'); // two more operations
    expect(s().nodeStatus.h2?.status).toBe('creating');
    expect(s().log[0]?.status).toBe('done');
    progress(ops[2], 'done');
    progress(ops[3], 'done');
    expect(s().nodeStatus.h2).toEqual({ status: 'up' });
    expect(s().linkStatus[k]?.status).toBe('creating');
    progress(ops[4], 'done');
    expect(s().nodeStatus.h1).toEqual({ status: 'up' });
    expect(s().linkStatus[k]).toEqual({ status: 'up' });
    progress(undefined, 'done');
    s().finishApply(true);
    expect(s().nodeStatus).toEqual({ h1: { status: 'up' }, h2: { status: 'up' } });
    expect(s().log.every((e) => e.status === 'done')).toBe(true);
    s().markDestroyed();
    expect(s().nodeStatus).toEqual({});
  });

  it('an item not in the plan is left alone until the run succeeds', () => {
    const { ops } = setup();
    s().startApply(ops.filter((o) => o.node === 'h1' && !o.link));
    progress(undefined, 'running');
    expect(s().nodeStatus.h2).toBeUndefined();
    progress(ops[0], 'done');
    expect(s().nodeStatus.h1?.status).toBe('up');
    s().finishApply(true);
    expect(s().nodeStatus.h2?.status).toBe('up');
  });

  it('marks the failed item error with the kernel message; the rest of a stopped run ends as error', () => {
    s().addNode('host');
    const { k, ops } = setup();
    s().startApply([...ops, { index: 5, kind: 'netns.add', node: 'h3', command: 'ip netns add nslab-test-h3' }]);
    progress(undefined, 'running');
    progress(ops[0], 'done');
    progress(ops[1], 'done');
    progress(ops[2], 'error', 'RTNETLINK answers: File exists');
    expect(s().linkStatus[k]).toEqual({ status: 'error', message: 'RTNETLINK answers: File exists' });
    expect(s().nodeStatus.h1).toEqual({ status: 'error', message: 'RTNETLINK answers: File exists' });
    expect(s().log[2]).toMatchObject({ status: 'error', error: 'RTNETLINK answers: File exists' });
    // a later success of the same item does not hide the error
    progress(ops[4], 'done');
    expect(s().nodeStatus.h1?.status).toBe('error');
    s().finishApply(false, 'apply failed');
    expect(s().linkStatus[k]?.status).toBe('error');
    expect(s().nodeStatus.h2).toEqual({ status: 'error', message: 'apply stopped: apply failed' });
    // h3's operation never ran, but the run had started: its state is unknown, so not "up"
    expect(s().nodeStatus.h3).toEqual({ status: 'error', message: 'apply stopped: apply failed' });
  });

  it('a failed apply leaves items never started idle and items already up, up', () => {
    const { k, ops } = setup();
    s().startApply(ops);
    progress(ops[1], 'done'); // h2 has one more op (3): still pending→creating
    s().finishApply(false, 'helper crashed');
    expect(s().nodeStatus.h1).toEqual({ status: 'idle' });
    expect(s().linkStatus[k]).toEqual({ status: 'idle' });
    s().startApply(ops.slice(0, 2));
    progress(undefined, 'running');
    progress(ops[0], 'done');
    s().finishApply(false, 'stopped');
    expect(s().nodeStatus.h1).toEqual({ status: 'up' });
    expect(s().nodeStatus.h2?.status).toBe('error');
  });
});

describe('run tab', () => {
  it('targets the selection, or every host and router when nothing is selected', async () => {
    const { runTargets } = await import('./run-slice');
    s().addNode('host'); s().addNode('router'); s().addNode('switch'); s().addNode('host');
    s().select({});
    expect(runTargets(s())).toEqual(['h1', 'r1', 'h2']);
    s().select({ nodes: ['sw1', 'h2'] });
    expect(runTargets(s())).toEqual(['sw1', 'h2']);
  });

  it('keeps one result per target and drops results of an earlier run', () => {
    s().setRunCommand('ping -c 1 10.0.2.2');
    s().startRun(['ping', '-c', '1', '10.0.2.2'], ['h1', 'h2']);
    expect(s().run.results).toEqual({ h1: { state: 'running' }, h2: { state: 'running' } });
    s().setRunResult('h1', { state: 'done', exitCode: 0, stdout: '1 received', stderr: '' });
    s().startRun(['true'], ['h2']);
    s().setRunResult('h1', { state: 'done', exitCode: 1, stdout: '', stderr: 'late' });
    expect(s().run).toEqual({ command: 'ping -c 1 10.0.2.2', argv: ['true'], targets: ['h2'], results: { h2: { state: 'running' } } });
  });

  it('runOnNodes sends one exec per node (argv as is, no shell) and records answers and failures', async () => {
    const { runOnNodes } = await import('../lifecycle/run-command');
    const { store: appStore } = await import('./index');
    appStore.getState().loadLab({ name: 'lab1', nodes: { h1: { kind: 'host' }, h2: { kind: 'host' } }, links: [] });
    const calls: unknown[] = [];
    const api = {
      invoke: async (name: string, params: { node: string }) => {
        calls.push({ name, params });
        return params.node === 'h1'
          ? { ok: true, value: { exitCode: 0, stdout: 'a b\n', stderr: '' } }
          : { ok: false, code: 'not-owned', message: 'lab "lab1" has no running node "h2"' };
      },
      on: () => () => {},
    };
    await runOnNodes(api as never, ['echo', 'a b'], ['h1', 'h2']);
    expect(calls).toEqual([
      { name: 'exec', params: { name: 'lab1', node: 'h1', argv: ['echo', 'a b'], timeoutMs: 30_000 } },
      { name: 'exec', params: { name: 'lab1', node: 'h2', argv: ['echo', 'a b'], timeoutMs: 30_000 } },
    ]);
    expect(appStore.getState().run.results).toEqual({
      h1: { state: 'done', exitCode: 0, stdout: 'a b\n', stderr: '' },
      h2: { state: 'failed', message: 'lab "lab1" has no running node "h2"' },
    });
  });
});

describe('applied base (the lab the helper holds, for deltas)', () => {
  const base = () => ({ revision: 'r-1', lab: s().lab });

  it('is kept by edits and forgotten when another lab is loaded', () => {
    s().setAppliedBase(base());
    s().addNode('host');
    expect(s().appliedBase?.revision).toBe('r-1');
    s().loadLab({ name: 'other', nodes: {}, links: [] });
    expect(s().appliedBase).toBeNull();
  });

  it('is forgotten when the lab is destroyed', () => {
    s().setAppliedBase(base());
    s().markDestroyed();
    expect(s().appliedBase).toBeNull();
  });

  it('is forgotten when the helper is not the one that confirmed it (restarting, crashed, starting)', async () => {
    const { attachListeners } = await import('../api/listeners');
    const { store: appStore } = await import('./index');
    const listeners = new Map<string, (p: unknown) => void>();
    const off = attachListeners({ invoke: async () => ({ ok: false, code: 'offline', message: '' }), on: (name: string, l: (p: unknown) => void) => { listeners.set(name, l); return () => {}; } } as never);
    for (const state of ['restarting', 'crashed', 'starting'] as const) {
      appStore.getState().setAppliedBase({ revision: 'r-1', lab: appStore.getState().lab });
      listeners.get('helperStatus')!({ state });
      expect(appStore.getState().appliedBase, state).toBeNull();
    }
    appStore.getState().setAppliedBase({ revision: 'r-1', lab: appStore.getState().lab });
    listeners.get('helperStatus')!({ state: 'ready' });
    expect(appStore.getState().appliedBase).not.toBeNull();
    off();
  });
});
