/**
 * The inspector's live view of one node while its lab runs: what the kernel has, read-only —
 * interfaces with counters and a one-minute rate sparkline, every route table (IPv4 and IPv6),
 * and the neighbour (ARP / NDP) cache.
 */
import { useState } from 'react';
import { useStore } from '../store';
import { ifaceKey } from '../store/live-slice';
import { formatBytes, formatRate } from './format';
import { isLive } from './hooks';
import { endUp, nsOfNode } from './link-state';
import { Sparkline } from './Sparkline';

type Tab = 'interfaces' | 'routes' | 'neighbours';
const TABS: { id: Tab; label: string }[] = [{ id: 'interfaces', label: 'Interfaces' }, { id: 'routes', label: 'Routes' }, { id: 'neighbours', label: 'Neighbours' }];

export function LiveNodeTabs({ name }: { name: string }) {
  const ns = useStore((s) => (isLive(s) ? nsOfNode(s.live.state!, name) ?? null : undefined));
  const [tab, setTab] = useState<Tab>('interfaces');
  if (ns === undefined) return null;
  return (
    <section className="section live-tabs" data-testid="live-tabs">
      <div className="section-title">Live <span className="muted small">{ns ? ns.ns : 'namespace missing'}</span></div>
      <div className="live-tab-row" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`tab${tab === t.id ? ' active' : ''}`}
            data-testid={`live-tab-${t.id}`} onClick={() => setTab(t.id)}>{t.label}</button>
        ))}
      </div>
      {!ns ? <div className="muted small">The node’s namespace does not exist in the kernel.</div>
        : tab === 'interfaces' ? <Interfaces node={name} ns={ns} />
        : tab === 'routes' ? <Routes ns={ns} />
        : <Neighbours ns={ns} />}
    </section>
  );
}

type Ns = NonNullable<ReturnType<typeof nsOfNode>>;

function Interfaces({ node, ns }: { node: string; ns: Ns }) {
  const counters = useStore((s) => s.live.counters);
  const rates = useStore((s) => s.live.rates);
  return (
    <div className="live-list" data-testid="live-interfaces">
      {[...ns.links].sort((a, b) => Number(a.name === 'lo') - Number(b.name === 'lo') || a.ifindex - b.ifindex).map((l) => {
        const c = counters[ifaceKey(node, l.name)];
        const r = rates[ifaceKey(node, l.name)] ?? [];
        const state = !l.adminUp ? 'admin down' : endUp(l) ? 'up' : l.operState.toLowerCase();
        return (
          <div key={l.name} className="live-iface" data-iface={l.name} data-oper={endUp(l) ? 'up' : l.adminUp ? 'no-carrier' : 'down'}>
            <div className="live-iface-head">
              <span className={`oper-dot ${endUp(l) ? 'up' : l.adminUp ? 'partial' : 'down'}`} />
              <b>{l.name}</b>
              <span className="muted small">{l.kind ?? (l.name === 'lo' ? 'loopback' : 'device')}{l.master ? ` in ${l.master}` : ''}</span>
              <span className="spacer" />
              <span className="small">{state}</span>
            </div>
            <div className="live-iface-grid small">
              <span className="muted">MTU</span><span>{l.mtu}</span>
              <span className="muted">MAC</span><span className="mono">{l.mac || '–'}</span>
              <span className="muted">addresses</span><span className="mono">{l.addresses.length ? l.addresses.join(', ') : '–'}</span>
              {c ? (
                <>
                  <span className="muted">rx</span><span>{formatBytes(c.rxBytes)} · {c.rxPackets} pkts{c.rxErrors || c.rxDrops ? ` · ${c.rxErrors} err ${c.rxDrops} drop` : ''} · <b>{formatRate(c.rxBps)}</b></span>
                  <span className="muted">tx</span><span>{formatBytes(c.txBytes)} · {c.txPackets} pkts{c.txErrors || c.txDrops ? ` · ${c.txErrors} err ${c.txDrops} drop` : ''} · <b>{formatRate(c.txBps)}</b></span>
                </>
              ) : null}
            </div>
            {r.length ? <Sparkline points={r} /> : null}
          </div>
        );
      })}
    </div>
  );
}

function Routes({ ns }: { ns: Ns }) {
  const tables = [...new Set(ns.routes.map((r) => `${r.family}|${r.table}`))].sort();
  if (!ns.routes.length) return <div className="muted small">No routes.</div>;
  return (
    <div className="live-list" data-testid="live-routes">
      {tables.map((t) => {
        const [family, table] = t.split('|') as [string, string];
        const rows = ns.routes.filter((r) => `${r.family}|${r.table}` === t);
        return (
          <div key={t} className="live-table">
            <div className="small muted">IPv{family} · table {table}</div>
            <table className="live-grid small">
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} data-route={r.to}>
                    <td className="mono">{r.type !== 'unicast' ? `${r.type} ` : ''}{r.to}</td>
                    <td className="mono">{r.via ? `via ${r.via}` : ''}{r.dev ? ` dev ${r.dev}` : ''}</td>
                    <td className="muted">{r.protocol}{r.metric ? ` · metric ${r.metric}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}

function Neighbours({ ns }: { ns: Ns }) {
  if (!ns.neighbours.length) return <div className="muted small">The neighbour cache is empty (ping something).</div>;
  const rows = [...ns.neighbours].sort((a, b) => a.dev.localeCompare(b.dev) || a.dst.localeCompare(b.dst, undefined, { numeric: true }));
  return (
    <div className="live-list" data-testid="live-neighbours">
      {rows.map((n) => (
        <div key={`${n.dev}|${n.dst}`} className="live-neigh small" data-neigh={n.dst}>
          <div className="live-neigh-line">
            <span className="mono">{n.dst}</span>
            <span className="spacer" />
            <span className={`neigh-state${n.state.includes('FAILED') || n.state.includes('INCOMPLETE') ? ' bad' : ''}`}>{n.state.join(' ').toLowerCase()}{n.router ? ' · router' : ''}</span>
          </div>
          <div className="muted"><span className="mono">{n.lladdr ?? 'no address'}</span> on {n.dev}</div>
        </div>
      ))}
    </div>
  );
}
