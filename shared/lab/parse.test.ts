import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath } from './issues';
import { parseLab } from './parse';

const base = `name: demo
nodes:
  h1:
    kind: host
    interfaces:
      eth0: { addresses: [10.0.1.2/24] }
    routes: [{ to: default, via: 10.0.1.1 }]
  r1:
    kind: router
    interfaces:
      eth0: { addresses: [10.0.1.1/24] }
links:
  - [h1:eth0, r1:eth0]
`;

function issues(text: string) {
  const r = parseLab(text);
  if (r.ok) throw new Error('expected the lab to be invalid');
  return r.issues.map((i) => ({ ...i, where: formatPath(i.path), text: formatIssue(i, 'lab.yaml') }));
}

describe('lab validation: one test per error class, each naming line, column, path and reason', () => {
  it('accepts the base lab', () => expect(parseLab(base).ok).toBe(true));

  it('YAML syntax errors carry a position', () => {
    const [i] = issues('name: demo\nnodes: {h1: [\n');
    expect(i!.line).toBeGreaterThan(0);
    expect(i!.message).toMatch(/^YAML:/);
  });

  it('an unknown node in a link', () => {
    const [i] = issues(base.replace('[h1:eth0, r1:eth0]', '[h1:eth0, r9:eth0]'));
    expect(i!.where).toBe('links[0][1]');
    expect(i!.message).toMatch(/node "r9", which is not in nodes/);
    expect(i!.line).toBe(13);
  });

  it('an endpoint used by two links', () => {
    const text = base.replace('links:\n  - [h1:eth0, r1:eth0]', 'links:\n  - [h1:eth0, r1:eth0]\n  - [r1:eth1, h1:eth0]');
    const all = issues(text);
    expect(all.some((i) => i.where === 'links[1][1]' && /already used by links\[0\]/.test(i.message))).toBe(true);
  });

  it('an interface name the kernel refuses', () => {
    const [i] = issues(base.replace('[h1:eth0, r1:eth0]', '[h1:eth0, r1:averyveryverylongname0]'));
    expect(i!.message).toMatch(/at most 15/);
  });

  it('an interface name with look-alike Unicode or control characters', () => {
    const all = issues(base.replace('eth0: { addresses: [10.0.1.1/24] }', '"eth\u04300": { addresses: [10.0.1.1/24] }'));
    expect(all[0]!.message).toMatch(/printable ASCII/);
    expect(all[0]!.message).toContain('\\u{430}');
  });

  it('an invalid CIDR points at the list item', () => {
    const [i] = issues(base.replace('[10.0.1.2/24]', '[10.0.1.2/24, 10.0.1.300/24]'));
    expect(i!.where).toBe('nodes.h1.interfaces.eth0.addresses[1]');
    expect(i!.line).toBe(6);
    expect(i!.col).toBeGreaterThan(20);
    expect(i!.text).toMatch(/^lab\.yaml:6:\d+: nodes\.h1\.interfaces\.eth0\.addresses\[1\]: "10\.0\.1\.300\/24" is not/);
  });

  it('the same address twice in the lab', () => {
    const [i] = issues(base.replace('[10.0.1.1/24]', '[10.0.1.2/24]'));
    expect(i!.message).toMatch(/10\.0\.1\.2 is also used at nodes\.h1\.interfaces\.eth0\.addresses\[0\]/);
  });

  it('a gateway on no connected subnet', () => {
    const [i] = issues(base.replace('via: 10.0.1.1', 'via: 10.9.9.1'));
    expect(i!.where).toBe('nodes.h1.routes[0].via');
    expect(i!.message).toMatch(/on no subnet connected to h1/);
  });

  it('a gateway reachable only through a link that is down', () => {
    const text = base.replace('  - [h1:eth0, r1:eth0]', '  - { endpoints: [h1:eth0, r1:eth0], up: false }');
    const [i] = issues(text);
    expect(i!.where).toBe('nodes.h1.routes[0].via');
    expect(i!.message).toMatch(/link is down/);
  });

  it('addresses on a switch port', () => {
    const text = base.replace('kind: router', 'kind: switch');
    const all = issues(text);
    expect(all.some((i) => i.where === 'nodes.r1.interfaces.eth0.addresses' && /switch ports carry no addresses/.test(i.message))).toBe(true);
  });

  it('unknown keys (typos) with a suggestion', () => {
    const [i] = issues(base.replace('kind: router', 'kind: router\n    routse: []'));
    expect(i!.where).toBe('nodes.r1.routse');
    expect(i!.message).toBe('unknown key "routse" (did you mean "routes"?)');
    expect(i!.line).toBe(10);
  });

  it('absurd numbers: MTU 0, 2^40, negative metrics', () => {
    expect(issues(base.replace('{ addresses: [10.0.1.2/24] }', '{ addresses: [10.0.1.2/24], mtu: 0 }'))[0]!.message).toMatch(/at least 68/);
    expect(issues(base.replace('{ addresses: [10.0.1.2/24] }', '{ addresses: [10.0.1.2/24], mtu: 1099511627776 }'))[0]!.message).toMatch(/at most 65535/);
    expect(issues(base.replace('via: 10.0.1.1 }', 'via: 10.0.1.1, metric: -1 }'))[0]!.message).toMatch(/negative/);
  });

  it('a bad lab name and a bad node name', () => {
    expect(issues(base.replace('name: demo', 'name: ../etc'))[0]!.where).toBe('name');
    expect(issues(base.replace('  r1:\n', '  "r1;rm":\n'))[0]!.message).toMatch(/node name/);
  });

  it('YAML alias bombs are refused', () => {
    const bomb = ['name: demo', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]', 'nodes: {}'].join('\n');
    const all = issues(bomb);
    expect(all[0]!.message).toMatch(/alias|unknown key/i);
  });

  it('deep nesting is refused without a stack overflow', () => {
    const deep = `name: demo\nnodes: {}\ndescription: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(issues(deep).length).toBeGreaterThan(0);
  });

  it('huge node counts are refused with the limit named', () => {
    const nodes = Array.from({ length: 10_000 }, (_, i) => `  n${i}: { kind: host }`).join('\n');
    const all = issues(`name: demo\nnodes:\n${nodes}\n`);
    expect(all[0]!.message).toMatch(/at most 2000 nodes/);
  });
});
