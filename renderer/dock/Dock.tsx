/** Bottom dock: the command log and the problems list (terminals come later). */
import { actions, useStore } from '../store';
import { CommandLog } from './CommandLog';
import { ProblemsPanel } from './ProblemsPanel';
import { RunPanel } from './RunPanel';
import { TerminalPanes, isTerminalTab } from '../terminals/TerminalPanes';
import { TerminalTabs } from '../terminals/TerminalTabs';
import { TeachingPanel, TeachingTabs } from '../teaching/TeachingTabs';
import { isTeachingTab } from '../store/teaching-slice';

export function Dock() {
  const tab = useStore((s) => s.dockTab);
  const open = useStore((s) => s.dockOpen);
  const problems = useStore((s) => s.issues.length);
  const ops = useStore((s) => s.log.length);
  return (
    <section className={`dock${open ? '' : ' closed'}${open && isTerminalTab(tab) ? ' with-terminal' : ''}`}>
      <div className="dock-tabs">
        <button type="button" className={`tab${tab === 'log' ? ' active' : ''}`} data-testid="tab-log" onClick={() => actions().setDockTab('log')}>
          Command log{ops ? <span className="count">{ops}</span> : null}
        </button>
        <button type="button" className={`tab${tab === 'problems' ? ' active' : ''}`} data-testid="tab-problems" onClick={() => actions().setDockTab('problems')}>
          Problems{problems ? <span className="count bad">{problems}</span> : null}
        </button>
        <button type="button" className={`tab${tab === 'run' ? ' active' : ''}`} data-testid="tab-run" onClick={() => actions().setDockTab('run')}
          title="Run a command in the selected nodes (or every host and router)">Run</button>
        <TeachingTabs />
        <TerminalTabs />
        <div className="spacer" />
        <button type="button" className="icon-btn" title={open ? 'Hide the dock' : 'Show the dock'} onClick={() => actions().setDockOpen(!open)}>{open ? '▾' : '▴'}</button>
      </div>
      {open && !isTerminalTab(tab) ? <div className="dock-body">{tab === 'log' ? <CommandLog /> : tab === 'run' ? <RunPanel /> : isTeachingTab(tab) ? <TeachingPanel tab={tab} /> : <ProblemsPanel />}</div> : null}
      <TerminalPanes />
    </section>
  );
}
