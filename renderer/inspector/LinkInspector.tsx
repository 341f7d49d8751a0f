/** Inspector for one cable: its ends, MTU, shaping and up/down. */
import { linkObject } from '../../shared/lab/links';
import { actions, useStore } from '../store';
import { findLink } from '../store/lab-edit';
import { CommitInput, parseOptionalInt } from './CommitInput';
import { FieldIssues } from './FieldIssues';
import { LinkCaptureButton } from '../teaching/LinkCaptureButton';

const SHOWN = ['mtu', 'rate', 'delay', 'jitter', 'loss'] as const;

export function LinkInspector({ linkKey }: { linkKey: string }) {
  const lab = useStore((s) => s.lab);
  const status = useStore((s) => s.linkStatus[linkKey]);
  const index = findLink(lab, linkKey);
  if (index < 0) return null;
  const link = linkObject(lab.links![index]!);
  const p = (f: string) => ['links', index, f];
  const text = (field: 'rate' | 'delay' | 'jitter' | 'loss', placeholder: string) => (
    <label className="field">
      <span>{field[0]!.toUpperCase() + field.slice(1)}</span>
      <CommitInput testid={`link-${field}`} value={link[field] ?? ''} placeholder={placeholder}
        onCommit={(v) => actions().updateLink(linkKey, { [field]: v || undefined })} />
      <FieldIssues path={p(field)} />
    </label>
  );
  return (
    <div className="inspector-body" data-testid="link-inspector">
      <div className="inspector-head">
        <span className="inspector-title">Cable</span>
        <span className={`status-pill status-${status?.status ?? 'idle'}`} title={status?.message}>{status?.status ?? 'idle'}</span>
      </div>
      <section className="section">
        <div className="endpoints" data-testid="link-endpoints">
          <code>{link.endpoints[0]}</code><span>↔</span><code>{link.endpoints[1]}</code>
        </div>
        <FieldIssues path={['links', index]} below exclude={SHOWN} />
      </section>
      <section className="section">
        <label className="check">
          <input type="checkbox" data-testid="link-up" checked={link.up !== false}
            onChange={(e) => actions().updateLink(linkKey, { up: e.target.checked ? undefined : false })} />
          Cable up (administratively)
        </label>
        <label className="field">
          <span>MTU</span>
          <CommitInput testid="link-mtu" value={link.mtu?.toString() ?? ''} placeholder="1500" inputMode="numeric"
            onCommit={(v) => { const r = parseOptionalInt(v, 'MTU'); if ('error' in r) return r.error; actions().updateLink(linkKey, { mtu: r.value }); }} />
          <FieldIssues path={p('mtu')} />
        </label>
        {text('rate', 'e.g. 10mbit')}
        <div className="field-row">
          {text('delay', 'e.g. 20ms')}
          {text('jitter', 'e.g. 5ms')}
        </div>
        {text('loss', 'e.g. 1%')}
      </section>
      <LinkCaptureButton linkKey={linkKey} />
      <section className="section">
        <button type="button" className="btn danger small" data-testid="link-delete"
          onClick={() => { actions().select({ links: [linkKey] }); actions().deleteSelection(); }}>Delete cable</button>
      </section>
    </div>
  );
}
