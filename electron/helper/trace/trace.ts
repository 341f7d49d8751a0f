/**
 * Packet path tracing: capture on every interface of every node of the lab (switch ports
 * included, the bridge itself not), send ONE real probe from the source, and follow it: request
 * hops, reply hops, and where and why it was lost. Every tcpdump is stopped in `finally`.
 */
import { performance } from 'node:perf_hooks';
import { checkLab } from '../../../shared/lab/parse';
import { canonicalIp } from '../../../shared/net/ip';
import { EngineError, ownedNodeNs, status } from '../engine';
import { waitForLinks } from '../checks/settle';
import { diagnose } from './diagnose';
import { firstAddressOf, kernelView } from './kernel-view';
import { answerOf, byTime, dropFlooded, matchProbe, toHops } from './path';
import { tsNs } from './packet';
import { sendProbe, type Probe } from './probe';
import { DECODE_FLAGS, startTcpdump, type TcpdumpProc } from './tcpdump-proc';
import { parseTcpdump } from './tcpdump-parse';
import type { Direction, Observation, TraceResult } from './types';

/** Time for the last packets to reach tcpdump's output after the probe returned. */
const DRAIN_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * @example const r = await trace('routed', 'h1', 'h2', { kind: 'tcp', port: 80 })
 */
export async function trace(lab: string, src: string, dst: string, probe: Probe = { kind: 'icmp' }): Promise<TraceResult> {
  const started = performance.now();
  if (probe.kind !== 'icmp' && !(Number.isInteger(probe.port) && probe.port >= 1 && probe.port <= 65535)) {
    throw new EngineError('invalid', `port must be 1-65535, not ${probe.port}`);
  }
  await ownedNodeNs(lab, src);
  const st = await status(lab);
  const parsed = st.ledger.spec ? checkLab(st.ledger.spec) : null;
  const view = kernelView(lab, st.ledger.namespaces, st.observed, parsed?.ok ? parsed.lab : null);
  const dstAddress = canonicalIp(dst) ?? (view.nodes.has(dst) ? firstAddressOf(view, dst) : null);
  if (!dstAddress) throw new EngineError('invalid', `"${dst}" is neither an address nor a node of lab "${lab}" with an address`);
  const family = dstAddress.includes(':') ? 6 : 4;
  await waitForLinks(lab, { namespaces: Object.keys(st.observed) });

  // Two captures per interface, one per direction: `-Q` is the kernel's own word on which way a
  // frame went, which MAC addresses cannot tell on a switch port.
  const targets = [...view.nodes.values()].flatMap((n) => n.links
    .filter((l) => l.name !== 'lo' && l.kind !== 'bridge' && l.adminUp)
    .flatMap((l) => (['in', 'out'] as Direction[]).map((direction) => ({ node: n.node, ns: n.ns, iface: l.name, direction }))));
  const procs: (TcpdumpProc & { node: string; direction: Direction })[] = [];
  let outputs: string[] = [];
  let sent: Awaited<ReturnType<typeof sendProbe>>;
  try {
    for (const t of targets) procs.push({ ...startTcpdump(t.ns, t.iface, ['-Q', t.direction, ...DECODE_FLAGS, '-v']), node: t.node, direction: t.direction });
    await Promise.all(procs.map((p) => p.ready));
    sent = await sendProbe(lab, src, dstAddress, probe);
    await sleep(DRAIN_MS);
    outputs = await Promise.all(procs.map((p) => p.stop()));
  } finally {
    await Promise.all(procs.map((p) => p.stop().catch(() => '')));
  }

  const obs: Observation[] = procs.flatMap((p, i) => parseTcpdump(outputs[i] ?? '').map((packet) => ({ node: p.node, iface: p.iface, direction: p.direction, packet })));
  const onPath = dropFlooded(obs, (n, i) => view.link(n, i)?.mac ?? null, view.peer, (n) => view.nodes.get(n)?.kind === 'switch');
  const m = matchProbe(onPath, probe, dstAddress, sent!.sport);
  const dstNode = view.owner(dstAddress);
  const reached = dstNode !== null && m.request.some((o) => o.node === dstNode && o.direction === 'in');
  const answer = answerOf(m.reply, src);
  const replied = answer !== 'none';
  const errors = m.reply.filter((o) => o.packet.l4?.proto === 'icmp' && (o.packet.l4.type === 'time-exceeded' || o.packet.l4.type === 'unreachable'));

  let lost: TraceResult['lost'] = null;
  if (!reached) {
    lost = await diagnose(view, { path: 'request', origin: src, target: dstAddress, family, last: m.request.at(-1) ?? null, errors });
  } else if (!replied && probe.kind !== 'udp' && m.srcAddress) {
    // UDP owes no answer; for ICMP and TCP the destination's silence is the loss to explain.
    lost = await diagnose(view, { path: 'reply', origin: dstNode!, target: m.srcAddress, family, last: m.reply.at(-1) ?? null, errors });
  }

  const all = [...m.request, ...m.reply].sort(byTime);
  const t0 = all.length ? tsNs(all[0]!.packet.ts) : 0n;
  return {
    lab, src, dst, dstAddress, srcAddress: m.srcAddress, probe, reached, replied, answer,
    request: toHops(m.request, t0), reply: toHops(m.reply, t0), lost,
    captured: new Set(targets.map((t) => `${t.node}:${t.iface}`)).size,
    durationMs: Math.round(performance.now() - started),
    probeOutput: sent!.output,
  };
}
