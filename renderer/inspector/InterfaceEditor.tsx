/** One interface of a node: name, addresses (a list, comma or space separated), MTU and MAC. */
import type { LabInterface } from '../../shared/lab/schema';
import { actions } from '../store';
import { CommitInput, parseOptionalInt } from './CommitInput';
import { FieldIssues, useIssues } from './FieldIssues';

interface Props { node: string; name: string; iface: LabInterface | undefined; peer: string | null; isSwitch: boolean }

export function InterfaceEditor({ node, name, iface, peer, isSwitch }: Props) {
  const base = ['nodes', node, 'interfaces', name];
  const addrIssues = useIssues([...base, 'addresses'], true);
  const t = (f: string) => `iface-${name}-${f}`;
  return (
    <div className="iface" data-iface={name}>
      <div className="iface-head">
        <CommitInput testid={t('name')} className="iface-name" value={name} aria-label={`interface ${name} name`}
          onCommit={(v) => actions().renameIface(node, name, v)} />
        <span className="iface-peer" title="the other end of the cable">{peer ? `↔ ${peer}` : 'not cabled'}</span>
      </div>
      {!isSwitch ? (
        <label className="field">
          <span>Addresses</span>
          <CommitInput testid={t('addresses')} value={(iface?.addresses ?? []).join(', ')} placeholder="10.0.1.2/24, fd00:1::2/64"
            invalid={addrIssues.length > 0}
            onCommit={(v) => actions().updateIface(node, name, { addresses: v.split(/[\s,]+/).filter(Boolean) })} />
        </label>
      ) : null}
      <FieldIssues path={[...base, 'addresses']} below />
      <div className="field-row">
        <label className="field">
          <span>MTU</span>
          <CommitInput testid={t('mtu')} value={iface?.mtu?.toString() ?? ''} placeholder="1500" inputMode="numeric"
            onCommit={(v) => {
              const r = parseOptionalInt(v, 'MTU');
              if ('error' in r) return r.error;
              actions().updateIface(node, name, { mtu: r.value });
            }} />
        </label>
        <label className="field">
          <span>MAC</span>
          <CommitInput testid={t('mac')} value={iface?.mac ?? ''} placeholder="auto"
            onCommit={(v) => actions().updateIface(node, name, { mac: v || undefined })} />
        </label>
      </div>
      <FieldIssues path={[...base, 'mtu']} />
      <FieldIssues path={[...base, 'mac']} />
      <FieldIssues path={base} />
    </div>
  );
}
