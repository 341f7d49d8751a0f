/** With nothing selected: the lab itself (name, description) and a summary. */
import { LAB_NAME } from '../../shared/net/names';
import { actions, useStore } from '../store';
import { CommitInput } from './CommitInput';
import { FieldIssues } from './FieldIssues';

export function LabInspector() {
  const lab = useStore((s) => s.lab);
  const issues = useStore((s) => s.issues.length);
  const nodes = Object.values(lab.nodes);
  const count = (k: string) => nodes.filter((n) => n.kind === k).length;
  return (
    <div className="inspector-body" data-testid="lab-inspector">
      <div className="inspector-head"><span className="inspector-title">Lab</span></div>
      <section className="section">
        <label className="field">
          <span>Name</span>
          <CommitInput testid="lab-name" value={lab.name}
            onCommit={(v) => (LAB_NAME.test(v) ? actions().edit((l) => ({ ...l, name: v })) : 'a lab name is 1-16 characters of a-z, 0-9 and "-", starting with a letter')} />
        </label>
        <FieldIssues path={['name']} />
        <label className="field">
          <span>Description</span>
          <CommitInput testid="lab-description" value={lab.description ?? ''} placeholder="optional"
            onCommit={(v) => actions().edit(({ description: _old, ...rest }) => (v ? { ...rest, description: v } : rest))} />
        </label>
        <div className="muted small">Namespaces are named <code>nslab-{lab.name}-&lt;node&gt;</code>.</div>
      </section>
      <section className="section stats">
        <div><b>{count('host')}</b> hosts</div>
        <div><b>{count('router')}</b> routers</div>
        <div><b>{count('switch')}</b> switches</div>
        <div><b>{lab.links?.length ?? 0}</b> cables</div>
        <div className={issues ? 'bad' : 'good'}><b>{issues}</b> problems</div>
      </section>
      <section className="section muted small">
        <p className="help">Select a node or a cable to edit it.</p>
        <p className="help"><b>Auto-address</b> gives every LAN (a switch and what is cabled to it) and every cable between
          hosts and routers its own 10.0.<i>n</i>.0/24 subnet — routers first (.1, .2…), then hosts — a default route to
          each host and static routes to each router.</p>
      </section>
    </div>
  );
}
