import { expect, it } from 'vitest';
import type { Lab } from '../../shared/lab/schema';
import { checkIssues, issueCounts, issuesAt, issuesUnder } from './validation';

it('maps issues to nodes, links and fields by path', () => {
  const lab: Lab = {
    name: 'v',
    nodes: { h1: { kind: 'host', interfaces: { eth0: { addresses: ['10.0.0.1/24'], mtu: 30 } } }, h2: { kind: 'host' } },
    links: [{ endpoints: ['h1:eth0', 'h2:eth0'], rate: 'fast' }],
  };
  const issues = checkIssues(lab);
  expect(issuesAt(issues, ['nodes', 'h1', 'interfaces', 'eth0', 'mtu'])).toHaveLength(1);
  expect(issuesAt(issues, ['links', 0, 'rate'])).toHaveLength(1);
  expect(issuesUnder(issues, ['nodes', 'h1'])).toHaveLength(1);
  expect(issueCounts(lab, issues)).toEqual({ nodes: { h1: 1 }, links: { 'h1:eth0--h2:eth0': 1 } });
});
