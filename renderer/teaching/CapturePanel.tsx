/**
 * The dock's Capture tab: the captures (start one from a cable's inspector), and the live packet
 * list of the one shown. Save .pcap downloads the file; Open in Wireshark shows only when the
 * machine has Wireshark.
 */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actions, useStore } from '../store';
import { openWireshark, refreshCaptures, savePcap, stopCapture } from './teaching-actions';

export function CapturePanel() {
  const ids = useStore(useShallow((s) => Object.values(s.captures).filter((c) => c.info.lab === s.lab.name).map((c) => c.info.id)));
  const shown = useStore((s) => s.captureShown);
  useEffect(() => { void refreshCaptures(); }, []);
  const current = shown && ids.includes(shown) ? shown : ids[ids.length - 1] ?? null;
  return (
    <div className="teaching-panel capture-panel" data-testid="capture">
      <div className="capture-list">
        {ids.length === 0 ? <div className="muted small">No captures. Select a cable and press “Capture” in its inspector.</div> : null}
        {ids.map((id) => <CaptureItem key={id} id={id} active={id === current} />)}
      </div>
      {current ? <PacketList id={current} /> : null}
    </div>
  );
}

function CaptureItem({ id, active }: { id: string; active: boolean }) {
  const info = useStore((s) => s.captures[id]!.info);
  const wireshark = useStore((s) => s.wireshark);
  return (
    <div className={`capture-item${active ? ' active' : ''}`} data-testid="capture-item" data-running={info.running} onClick={() => actions().showCapture(id)}>
      <span className={`status-light ${info.running ? 'status-up' : 'status-idle'}`} />
      <b>{info.node}:{info.iface}</b>
      <span className="muted small" data-testid="capture-count">{info.packets} packets</span>
      {info.running ? <button type="button" className="btn small" data-testid="capture-stop" onClick={(e) => { e.stopPropagation(); void stopCapture(id); }}>Stop</button> : null}
      <button type="button" className="btn small" data-testid="capture-save" onClick={(e) => { e.stopPropagation(); void savePcap(id); }} title={info.file}>Save .pcap</button>
      {wireshark ? <button type="button" className="btn small" data-testid="capture-wireshark" onClick={(e) => { e.stopPropagation(); void openWireshark(id); }}>Open in Wireshark</button> : null}
    </div>
  );
}

const NO_ROWS: { ts: string; text: string }[] = [];

function PacketList({ id }: { id: string }) {
  const rows = useStore((s) => s.captures[id]?.rows ?? NO_ROWS);
  const dropped = useStore((s) => s.captures[id]?.dropped ?? 0);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => { if (stick.current && box.current) box.current.scrollTop = box.current.scrollHeight; }, [rows]);
  return (
    <div className="packet-list" ref={box} data-testid="capture-packets"
      onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}>
      {rows.length === 0 ? <div className="muted small">Waiting for packets…</div> : null}
      {rows.map((r, i) => (
        <div key={i} className="packet-row" data-testid="capture-row">
          <span className="muted">{timeOf(r.ts)}</span> <code>{r.text}</code>
        </div>
      ))}
      {dropped ? <div className="muted small">{dropped} packets not listed (too many at once; the pcap has them)</div> : null}
    </div>
  );
}

/** `1700000000.123456789` → local time of day with milliseconds. */
function timeOf(ts: string): string {
  const [s, frac = ''] = ts.split('.');
  const d = new Date(Number(s) * 1000);
  return `${d.toLocaleTimeString([], { hour12: false })}.${frac.slice(0, 3).padEnd(3, '0')}`;
}
