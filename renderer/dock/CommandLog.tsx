/** Every operation of the last plan/apply with the command it stands for; copyable, exportable. */
import { useStore, actions } from '../store';
import { downloadText } from '../files/download';
import { toBashScript } from './bash-script';

export function CommandLog() {
  const log = useStore((s) => s.log);
  const lab = useStore((s) => s.lab.name);
  const copy = (text: string) => void navigator.clipboard?.writeText(text).then(() => actions().showToast('Copied'), () => actions().showToast('Copy failed'));
  return (
    <div className="command-log" data-testid="command-log">
      <div className="dock-actions">
        <span className="muted small">{log.length ? `${log.filter((e) => e.status === 'done').length} / ${log.length} done` : 'Deploy to see the commands nslab runs.'}</span>
        <div className="spacer" />
        <button type="button" className="btn small" data-testid="log-copy" disabled={!log.length} onClick={() => copy(log.map((e) => e.command).join('\n'))}>Copy all</button>
        <button type="button" className="btn small" data-testid="log-export" disabled={!log.length} onClick={() => downloadText(`${lab}.sh`, toBashScript(lab, log), 'text/x-shellscript')}>Export .sh</button>
        <button type="button" className="btn small" data-testid="log-clear" disabled={!log.length} onClick={() => actions().clearLog()}>Clear</button>
      </div>
      <ol className="log-list">
        {log.map((e) => (
          <li key={e.index} className={`log-entry op-${e.status}`} data-op={e.index} data-status={e.status}>
            <span className={`op-dot op-${e.status}`} title={e.status} />
            <span className="op-kind">{e.kind}</span>
            <code className="op-cmd" title={e.error ?? e.command}>{e.command}</code>
            {e.error ? <span className="op-error">{e.error}</span> : null}
            <button type="button" className="icon-btn copy-btn" title="Copy command" onClick={() => copy(e.command)}>copy</button>
          </li>
        ))}
      </ol>
    </div>
  );
}
