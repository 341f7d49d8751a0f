/** The dock's teaching tabs (Checks, Matrix, Trace, Capture) and their bodies. */
import { actions, useStore } from '../store';
import type { TeachingDockTab } from '../store/teaching-slice';
import { CapturePanel } from './CapturePanel';
import { ChecksPanel } from './ChecksPanel';
import { MatrixPanel } from './MatrixPanel';
import { TracePanel } from './TracePanel';
import './teaching.css';

const TABS: { tab: TeachingDockTab; label: string; title: string }[] = [
  { tab: 'checks', label: 'Checks', title: "Run the lab's checks" },
  { tab: 'matrix', label: 'Matrix', title: 'Who reaches whom' },
  { tab: 'trace', label: 'Trace', title: 'Follow one packet hop by hop' },
  { tab: 'capture', label: 'Capture', title: 'Live packet captures' },
];

export function TeachingTabs() {
  const tab = useStore((s) => s.dockTab);
  const failed = useStore((s) => (s.checks.state === 'done' && s.checks.value.lab === s.lab.name ? s.checks.value.failed : 0));
  const capturing = useStore((s) => Object.values(s.captures).some((c) => c.info.running && c.info.lab === s.lab.name));
  return (
    <>
      {TABS.map((t) => (
        <button key={t.tab} type="button" className={`tab${tab === t.tab ? ' active' : ''}`} data-testid={`tab-${t.tab}`} title={t.title} onClick={() => actions().setDockTab(t.tab)}>
          {t.label}
          {t.tab === 'checks' && failed ? <span className="count bad">{failed}</span> : null}
          {t.tab === 'capture' && capturing ? <span className="rec-dot" aria-label="capturing" /> : null}
        </button>
      ))}
    </>
  );
}

export function TeachingPanel({ tab }: { tab: TeachingDockTab }) {
  if (tab === 'checks') return <ChecksPanel />;
  if (tab === 'matrix') return <MatrixPanel />;
  if (tab === 'trace') return <TracePanel />;
  return <CapturePanel />;
}
