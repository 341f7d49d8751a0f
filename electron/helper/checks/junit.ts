/** JUnit XML for CI and grading tools: one testsuite per lab, one testcase per check. */
import type { CheckReport } from './types';

const xmlEscape = (s: string): string =>
  // Control characters other than tab/newline are not allowed in XML 1.0 at all.
  s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/**
 * @example writeFile('checks.xml', junitXml([report]))
 */
export function junitXml(reports: CheckReport[]): string {
  const tests = reports.reduce((n, r) => n + r.results.length, 0);
  const failures = reports.reduce((n, r) => n + r.failed, 0);
  const time = reports.reduce((n, r) => n + r.durationMs, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="nslab" tests="${tests}" failures="${failures}" errors="0" time="${seconds(time)}">`];
  for (const r of reports) {
    lines.push(`  <testsuite name="${xmlEscape(r.lab)}" tests="${r.results.length}" failures="${r.failed}" errors="0" skipped="0" time="${seconds(r.durationMs)}">`);
    for (const c of r.results) {
      const open = `    <testcase classname="nslab.${xmlEscape(r.lab)}" name="${xmlEscape(c.name)}" time="${seconds(c.durationMs)}"`;
      if (c.pass) { lines.push(`${open}/>`); continue; }
      lines.push(`${open}>`, `      <failure message="${xmlEscape(c.reason)}" type="${c.kind}">${xmlEscape(`${c.from}: ${c.reason}`)}</failure>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
