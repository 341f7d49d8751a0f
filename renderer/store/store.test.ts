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
  it('follows progress events per node and link', () => {
    s().addNode('host'); s().addNode('host');
    const k = s().connect('h1', 'h2')!;
    const ops = [
      { index: 0, kind: 'netns.add', node: 'h1', command: 'ip netns add nslab-test-h1' },
      { index: 1, kind: 'veth.add', node: 'h1', link: k, command: 'ip link add …' },
    ];
    s().startApply(ops);
    expect(s().nodeStatus.h1?.status).toBe('pending');
    expect(s().linkStatus[k]?.status).toBe('pending');
    s().onProgress({ done: 0, total: 2, op: ops[1], status: 'running' });
    expect(s().linkStatus[k]?.status).toBe('creating');
    expect(s().log[1]?.status).toBe('running');
    s().onProgress({ done: 1, total: 2, op: ops[1], status: 'error', error: 'RTNETLINK answers: File exists' });
    expect(s().linkStatus[k]).toEqual({ status: 'error', message: 'RTNETLINK answers: File exists' });
    s().finishApply(false, 'apply failed');
    expect(s().linkStatus[k]?.status).toBe('error');
    s().startApply(ops);
    s().finishApply(true);
    expect(s().nodeStatus).toEqual({ h1: { status: 'up' }, h2: { status: 'up' } });
    s().markDestroyed();
    expect(s().nodeStatus).toEqual({});
  });
});
