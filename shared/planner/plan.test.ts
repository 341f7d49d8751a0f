import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, simulate } from '../../testing/simulate';
import { parseLab } from '../lab/parse';
import { resolveLab } from '../lab/resolve';
import type { Lab } from '../lab/schema';
import { commandLine } from '../ops/render';
import { plan, planSubset } from './plan';

const examplesDir = join(__dirname, '../../examples');
const goldenDir = join(__dirname, '__golden__');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));

function load(file: string): Lab {
  const r = parseLab(readFileSync(join(examplesDir, file), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.lab;
}
const owned = (s: object) => Object.keys(s);
const fresh = (lab: Lab) => plan({ desired: resolveLab(lab), observed: {}, owned: [] });

describe('planner golden files: a fresh deploy renders to these commands', () => {
  it.each(examples)('%s', (file) => {
    const text = fresh(load(file)).map(commandLine).join('\n') + '\n';
    const golden = join(goldenDir, file.replace(/\.yaml$/, '.sh'));
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(golden, text);
    }
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});

describe('planner convergence', () => {
  it.each(examples)('%s: up twice plans nothing the second time', (file) => {
    const lab = load(file);
    const state = simulate({}, fresh(lab));
    expect(plan({ desired: resolveLab(lab), observed: state, owned: owned(state) })).toEqual([]);
  });

  it('a change plans only the difference and converges to the same state as a fresh deploy', () => {
    const lab = load('routed.yaml');
    const state = simulate({}, fresh(lab));
    const changed: Lab = structuredClone(lab);
    changed.nodes.h4 = { kind: 'host', interfaces: { eth0: { addresses: ['10.0.2.4/24'] } }, routes: [{ to: 'default', via: '10.0.2.1' }] };
    changed.links!.push(['sw1:p4', 'h4:eth0']);
    changed.nodes.h1!.interfaces!.eth0!.addresses = ['10.0.1.20/24'];
    const ops = plan({ desired: resolveLab(changed), observed: state, owned: owned(state) });
    const kinds = ops.map((o) => `${o.kind} ${o.node ?? ''}`);
    expect(kinds).toContain('netns.add h4');
    expect(kinds).toContain('addr.del h1');
    expect(kinds).toContain('addr.add h1');
    expect(kinds.filter((k) => k.startsWith('veth.add'))).toHaveLength(1);
    expect(ops.filter((o) => o.kind === 'netns.add')).toHaveLength(1);
    // The default route of h1 left with its old address? No: same subnet, route kept.
    const after = simulate(state, ops);
    expect(comparable(after)).toEqual(comparable(simulate({}, fresh(changed))));
    expect(plan({ desired: resolveLab(changed), observed: after, owned: owned(after) })).toEqual([]);
  });

  it('removing a node deletes its cables, then its namespace', () => {
    const lab = load('routed.yaml');
    const state = simulate({}, fresh(lab));
    const smaller: Lab = structuredClone(lab);
    delete smaller.nodes.h3;
    smaller.links = smaller.links!.filter((l) => !JSON.stringify(l).includes('h3'));
    const ops = plan({ desired: resolveLab(smaller), observed: state, owned: owned(state) });
    expect(ops.map(commandLine)).toEqual(['ip -n nslab-routed-h3 link del dev eth0', 'ip netns del nslab-routed-h3']);
    const after = simulate(state, ops);
    expect(comparable(after)).toEqual(comparable(simulate({}, fresh(smaller))));
  });

  it('recabling an interface replaces the cable once (the peer end leaves with it)', () => {
    const lab = load('two-hosts.yaml');
    const state = simulate({}, fresh(lab));
    const moved: Lab = structuredClone(lab);
    moved.nodes.h3 = { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.3/24'] } } };
    moved.nodes.h2 = { kind: 'host' };
    moved.links = [['h1:eth0', 'h3:eth0']];
    const ops = plan({ desired: resolveLab(moved), observed: state, owned: owned(state) });
    expect(ops.filter((o) => o.kind === 'link.del').map(commandLine)).toEqual(['ip -n nslab-two-hosts-h1 link del dev eth0']);
    const after = simulate(state, ops);
    expect(comparable(after)).toEqual(comparable(simulate({}, fresh(moved))));
  });

  it('removing a node whose cables end elsewhere deletes that cable and its namespace only', () => {
    const lab = load('two-hosts.yaml');
    const state = simulate({}, fresh(lab));
    const moved: Lab = { name: lab.name, nodes: { h1: { kind: 'host' } } };
    const ops = plan({ desired: resolveLab(moved), observed: state, owned: owned(state) });
    expect(ops.map(commandLine)).toEqual(['ip -n nslab-two-hosts-h2 link del dev eth0', 'ip netns del nslab-two-hosts-h2']);
    expect(comparable(simulate(state, ops))).toEqual(comparable(simulate({}, fresh(moved))));
  });

  it('a cable made but not yet tagged (the engine stopped in between) is replaced with one deletion', () => {
    const lab = load('two-hosts.yaml');
    const ops = fresh(lab);
    const cut = ops.findIndex((o) => o.kind === 'veth.add') + 1;
    const state = simulate({}, ops.slice(0, cut));
    expect(state['nslab-two-hosts-h1']!.links.find((l) => l.name === 'eth0')!.alias).toBeNull();
    const again = plan({ desired: resolveLab(lab), observed: state, owned: owned(state) });
    expect(again.filter((o) => o.kind === 'link.del')).toHaveLength(1);
    const after = simulate(state, again);
    expect(comparable(after)).toEqual(comparable(simulate({}, fresh(lab))));
  });

  it.each(['h1', 'h2'])('a cable whose alias was changed by hand at %s is replaced with one deletion (the kernel pairs the ends)', (node) => {
    const lab = load('two-hosts.yaml');
    const state = simulate({}, fresh(lab));
    state[`nslab-two-hosts-${node}`]!.links.find((l) => l.name === 'eth0')!.alias = 'someone';
    const again = plan({ desired: resolveLab(lab), observed: state, owned: owned(state) });
    // deleting one end removes the other: a second link.del would fail ("Cannot find device")
    expect(again.filter((o) => o.kind === 'link.del')).toHaveLength(1);
    const after = simulate(state, again);
    expect(comparable(after)).toEqual(comparable(simulate({}, fresh(lab))));
    // without the kernel's pairing (an observer that does not report it) both ends are deleted
    for (const n of Object.values(state)) for (const l of n.links) delete l.peerIfindex;
    expect(plan({ desired: resolveLab(lab), observed: state, owned: owned(state) }).filter((o) => o.kind === 'link.del')).toHaveLength(2);
  });

  it.each(['h1', 'h2'])('a cable taken out of the lab after %s\'s end was relabelled by hand is deleted once, in the plan and in each subset', (node) => {
    const lab = load('two-hosts.yaml');
    const state = simulate({}, fresh(lab));
    state[`nslab-two-hosts-${node}`]!.links.find((l) => l.name === 'eth0')!.alias = 'someone';
    const unlinked: Lab = { ...structuredClone(lab), links: [] };
    const input = { desired: resolveLab(unlinked), observed: state, owned: owned(state) };
    const ops = plan(input);
    expect(ops.filter((o) => o.kind === 'link.del')).toHaveLength(1);
    expect(comparable(simulate(state, ops))).toEqual(comparable(simulate({}, fresh(unlinked))));
    for (const only of [['nslab-two-hosts-h1'], ['nslab-two-hosts-h2']]) {
      expect(planSubset(input, new Set(only))).toEqual(ops.filter((o) => only.includes(o.ns)));
    }
  });

  it('link options change in place: mtu, admin state and shaping', () => {
    const lab = load('two-hosts.yaml');
    const state = simulate({}, fresh(lab));
    const changed: Lab = structuredClone(lab);
    changed.links = [{ endpoints: ['h1:eth0', 'h2:eth0'], mtu: 9000, up: false, rate: '10mbit' }];
    const ops = plan({ desired: resolveLab(changed), observed: state, owned: owned(state) });
    expect(ops.map(commandLine)).toEqual([
      'ip -n nslab-two-hosts-h1 link set dev eth0 mtu 9000 down',
      'ip -n nslab-two-hosts-h2 link set dev eth0 mtu 9000 down',
      'tc -n nslab-two-hosts-h1 qdisc replace dev eth0 root tbf rate 10mbit burst 16384 latency 50ms',
      'tc -n nslab-two-hosts-h2 qdisc replace dev eth0 root tbf rate 10mbit burst 16384 latency 50ms',
    ]);
  });

  it('drift made outside nslab is planned back: a deleted route and an extra address', () => {
    const lab = load('routed.yaml');
    const state = simulate({}, fresh(lab));
    state['nslab-routed-h1']!.routes = [];
    state['nslab-routed-h2']!.links.find((l) => l.name === 'eth0')!.addresses.push('10.0.2.99/24');
    const ops = plan({ desired: resolveLab(lab), observed: state, owned: owned(state) });
    expect(ops.map(commandLine)).toEqual([
      'ip -n nslab-routed-h2 addr del 10.0.2.99/24 dev eth0',
      'ip -n nslab-routed-h1 route replace default via 10.0.1.1 metric 0',
    ]);
  });
});
