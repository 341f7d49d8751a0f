import { describe, expect, it } from 'vitest';
import { junitXml } from './junit';
import type { CheckReport } from './types';

const report: CheckReport = {
  lab: 'routed', passed: 1, failed: 1, durationMs: 1234, hidden: false,
  results: [
    { name: 'h1 → h2 (ping)', index: 0, from: 'h1', kind: 'ping', pass: true, reason: 'reply from 10.0.2.2', durationMs: 3 },
    { name: 'a <tricky> & "quoted" name', index: 1, from: 'h1', kind: 'route', pass: false, reason: 'route to default via 10.0.1.1 not found; h1 has: no routes\x01', durationMs: 12 },
  ],
};

describe('junitXml', () => {
  it('writes one testsuite per lab, a testcase per check and a failure per failed check', () => {
    const xml = junitXml([report]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="nslab" tests="2" failures="1"/);
    expect(xml).toContain('<testsuite name="routed" tests="2" failures="1" errors="0" skipped="0" time="1.234">');
    expect(xml).toContain('<testcase classname="nslab.routed" name="h1 → h2 (ping)" time="0.003"/>');
    expect(xml).toContain('name="a &lt;tricky&gt; &amp; &quot;quoted&quot; name"');
    expect(xml).toContain('<failure message="route to default via 10.0.1.1 not found; h1 has: no routes" type="route">');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).not.toMatch(/\x01/);
  });
});
