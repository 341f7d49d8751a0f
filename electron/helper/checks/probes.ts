/** The three kinds of check, each run inside the lab's node through the engine (ownership checked). */
import { execInNode } from '../engine';
import type { LabCheck } from '../../../shared/lab/schema';
import { describeRoutes, findRoute, type KernelRoute } from './route-match';
import { routeText } from './describe';

export interface Verdict { pass: boolean; reason: string }

/** One echo request, one second to answer: `ping -c 1 -W 1` (iputils ping speaks IPv4 and IPv6). */
export async function pingOnce(lab: string, from: string, address: string): Promise<{ ok: boolean; why: string }> {
  const r = await execInNode(lab, from, ['ping', '-n', '-c', '1', '-W', '1', address], 5_000);
  if (r.exitCode === 0) return { ok: true, why: '' };
  // ping says why when it knows: "From 10.0.1.1 icmp_seq=1 Destination Net Unreachable",
  // "connect: Network is unreachable". Silence means the request or its reply was lost.
  const said = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim())
    .find((l) => /^From |unreachable|Unreachable|Time to live exceeded|Name or service|invalid/i.test(l) && !/^PING /.test(l));
  return { ok: false, why: said ? said.replace(/\s+icmp_seq=\d+/, '') : '' };
}

export async function runPing(lab: string, check: LabCheck, addresses: string[]): Promise<Verdict> {
  const wantFail = check.expect === 'fail';
  if (addresses.length === 0) return { pass: false, reason: `${check.ping} has no addresses to ping` };
  const answers = [];
  for (const a of addresses) answers.push({ a, ...(await pingOnce(lab, check.from, a)) });
  const lost = answers.filter((x) => !x.ok);
  const replied = answers.filter((x) => x.ok);
  if (wantFail) {
    return replied.length === 0
      ? { pass: true, reason: `no reply from ${addresses.join(', ')}, as expected` }
      : { pass: false, reason: `${replied.map((x) => x.a).join(', ')} replied, but this check expects no reply` };
  }
  return lost.length === 0
    ? { pass: true, reason: `reply from ${addresses.join(', ')}` }
    : { pass: false, reason: lost.map((x) => `no reply from ${x.a}${x.why ? ` (${x.why})` : ''}`).join('; ') };
}

export async function runRoute(lab: string, check: LabCheck): Promise<Verdict> {
  const want = check.route!;
  const tables = await Promise.all([['-j', 'route', 'show'], ['-j', '-6', 'route', 'show']].map(async (args) => {
    const r = await execInNode(lab, check.from, ['ip', ...args]);
    if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')} failed: ${r.stderr.trim()}`);
    return (r.stdout.trim() ? JSON.parse(r.stdout) : []) as KernelRoute[];
  }));
  const routes = tables.flat();
  const found = findRoute(routes, want).length > 0;
  const what = `route ${routeText(want)}`;
  if (check.expect === 'fail') {
    return found ? { pass: false, reason: `${what} exists, but this check expects it absent` } : { pass: true, reason: `${what} absent, as expected` };
  }
  return found
    ? { pass: true, reason: `${what} found` }
    : { pass: false, reason: `${what} not found; ${check.from} has: ${describeRoutes(routes.filter((r) => !r.dst.startsWith('fe80:') && !r.dst.startsWith('multicast')))}` };
}

export async function runCommand(lab: string, check: LabCheck, output: RegExp | null): Promise<Verdict> {
  const argv = check.command!;
  const r = await execInNode(lab, check.from, argv, 10_000);
  const expect = check.expect;
  const firstErr = r.stderr.trim().split('\n')[0] ?? '';
  const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
  if (expect === 'fail') {
    return r.exitCode !== 0 ? { pass: true, reason: `exited ${r.exitCode}, as expected` } : { pass: false, reason: 'exited 0, but this check expects it to fail' };
  }
  const exit = typeof expect === 'object' && expect.exit !== undefined ? expect.exit : 0;
  if (r.exitCode !== exit) return { pass: false, reason: `exited ${r.exitCode}, expected ${exit}${firstErr ? `: ${firstErr}` : ''}` };
  const out = r.stdout.replace(/\n+$/, '');
  if (output && !output.test(out)) return { pass: false, reason: `output ${shown(out)} does not match /${output.source}/` };
  return { pass: true, reason: output ? `exited ${exit}; output matches /${output.source}/` : `exited ${exit}` };
}
