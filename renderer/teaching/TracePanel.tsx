/**
 * The dock's Trace tab: send one probe from a node and follow it. The canvas plays it link by
 * link (TraceOverlay, LinkEdge); here are the hops in order — click one for its headers — and,
 * once the animation has played, the outcome and, when lost, where and why.
 */
import { useShallow } from 'zustand/react/shallow';
import type { HopDto, TraceResultDto } from '../../shared/protocol/teaching';
import { actions, useStore } from '../store';
import type { HopRef } from '../store/teaching-slice';
import { animateTrace, runTrace } from './teaching-actions';
import { traceOutcome, traceSteps } from './trace-steps';

function l4Text(h: HopDto): string {
  const l4 = h.l4;
  if (!l4) return h.summary;
  if (l4.proto === 'icmp') return `ICMP ${l4.type}${l4.id !== undefined ? ` id ${l4.id} seq ${l4.seq}` : ''}${l4.code ? ` (${l4.code})` : ''}`;
  if (l4.proto === 'tcp') return `TCP ${l4.sport} → ${l4.dport} [${l4.flags}]`;
  if (l4.proto === 'udp') return `UDP ${l4.sport} → ${l4.dport}`;
  return `ARP ${l4.op}${l4.target ? ` who-has ${l4.target}` : ''}`;
}

export function TracePanel() {
  const form = useStore((s) => s.traceForm);
  const trace = useStore((s) => s.trace);
  const nodes = useStore(useShallow((s) => Object.entries(s.lab.nodes).filter(([, n]) => n.kind !== 'switch').map(([name]) => name)));
  const set = actions().setTraceForm;
  return (
    <div className="teaching-panel trace-panel" data-testid="trace" data-state={trace.state}>
      <div className="dock-actions trace-form">
        <label>From <select className="input" data-testid="trace-src" value={form.src} onChange={(e) => set({ src: e.target.value })}>
          <option value="">node…</option>{nodes.map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
        <label>To <input className="input trace-dst" data-testid="trace-dst" list="trace-dst-nodes" value={form.dst} placeholder="node or address"
          onChange={(e) => set({ dst: e.target.value })} onKeyDown={(e) => { if (e.key === 'Enter') void runTrace(); }} /></label>
        <datalist id="trace-dst-nodes">{nodes.map((n) => <option key={n} value={n} />)}</datalist>
        <label>Probe <select className="input" data-testid="trace-probe" value={form.probe} onChange={(e) => set({ probe: e.target.value as typeof form.probe })}>
          <option value="icmp">ping (ICMP)</option><option value="udp">UDP port</option><option value="tcp">TCP port</option>
        </select></label>
        {form.probe !== 'icmp' ? <input className="input trace-port" data-testid="trace-port" value={form.port} inputMode="numeric" aria-label="port" onChange={(e) => set({ port: e.target.value })} /> : null}
        <button type="button" className="btn primary small" data-testid="trace-run" disabled={trace.state === 'running'} onClick={() => void runTrace()}
          title="Capture on every interface of the lab, send one probe, follow it">{trace.state === 'running' ? 'Tracing…' : 'Run'}</button>
        {trace.state === 'done' ? <button type="button" className="btn small" data-testid="trace-replay" onClick={animateTrace}>Replay</button> : null}
        {trace.state === 'done' ? <button type="button" className="btn small" onClick={() => actions().clearTrace()}>Clear</button> : null}
      </div>
      {trace.state === 'error' ? <div className="field-issue" data-testid="trace-error">{trace.message}</div> : null}
      {trace.state === 'done' ? <TraceBody r={trace.value} /> : null}
    </div>
  );
}

function TraceBody({ r }: { r: TraceResultDto }) {
  const step = useStore((s) => s.traceStep);
  const total = useStore((s) => traceSteps(s.lab, r).length);
  const sel = useStore((s) => s.traceHop);
  const done = step > total;
  const outcome = traceOutcome(r);
  const hop = sel ? r[sel.path][sel.index] : undefined;
  return (
    <div className="trace-body">
      <div className="trace-hops">
        {(['request', 'reply'] as const).map((path) => (r[path].length ? (
          <ol key={path} className={`hop-list ${path}`} aria-label={path}>
            <li className="hop-list-title muted small">{path === 'request' ? `request ${r.src} → ${r.dst}` : `reply (${r.answer})`}</li>
            {r[path].map((h, i) => <HopRow key={i} h={h} at={{ path, index: i }} selected={sel?.path === path && sel.index === i} />)}
          </ol>
        ) : null))}
        {!r.request.length ? <div className="muted small">The probe never left {r.src}.</div> : null}
      </div>
      <div className="trace-side">
        {done ? (
          <div className={`trace-result ${outcome}`} data-testid="trace-result" data-outcome={outcome}>
            <b>{outcome === 'reached' ? (r.replied ? `Reached ${r.dst} — answer: ${r.answer}` : `Reached ${r.dst} (UDP owes no answer)`) : `Lost on the ${r.lost?.path ?? 'request'} path`}</b>
            {r.lost ? <div className="small">at <b>{[r.lost.node, r.lost.iface, r.lost.direction].filter(Boolean).join(' ')}</b>: {r.lost.reason} — {r.lost.detail}</div> : null}
            <div className="muted small">{r.captured} interfaces captured, {r.durationMs} ms; {r.dst !== r.dstAddress ? `${r.dst} = ${r.dstAddress}` : ''}</div>
          </div>
        ) : <div className="muted small" data-testid="trace-playing">Playing on the canvas… {Math.min(step, total)} of {total}</div>}
        {hop ? <HopDetail h={hop} /> : <div className="muted small">Click a hop for its headers.</div>}
      </div>
    </div>
  );
}

function HopRow({ h, at, selected }: { h: HopDto; at: HopRef; selected: boolean }) {
  return (
    <li className={`hop-row${selected ? ' selected' : ''}`} data-testid={`trace-hop-${at.path}-${at.index}`} onClick={() => actions().selectHop(at)}>
      <span className="hop-at muted">+{h.atUs} µs</span>
      <b>{h.node}</b> <code>{h.iface}</code> <span className={`hop-dir ${h.direction}`}>{h.direction === 'in' ? '⇥ in' : '↦ out'}</span>
      <span className="hop-what">{l4Text(h)}</span>
    </li>
  );
}

function HopDetail({ h }: { h: HopDto }) {
  return (
    <dl className="hop-detail" data-testid="trace-hop-detail">
      <dt>Where</dt><dd>{h.node} <code>{h.iface}</code> ({h.direction === 'in' ? 'received' : 'sent'})</dd>
      <dt>L2</dt><dd>{h.l2 ? <code>{h.l2.src} → {h.l2.dst}</code> : '—'}</dd>
      <dt>L3</dt><dd>{h.l3 ? <><code>IPv{h.l3.family} {h.l3.src} → {h.l3.dst}</code>{h.l3.proto ? ` ${h.l3.proto}` : ''}</> : '—'}</dd>
      <dt>TTL</dt><dd data-testid="trace-hop-ttl">{h.l3?.ttl ?? '—'}</dd>
      <dt>L4</dt><dd>{l4Text(h)}</dd>
      <dt>tcpdump</dt><dd><code className="small">{h.summary}</code></dd>
    </dl>
  );
}
