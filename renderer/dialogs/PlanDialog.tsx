/** Preview of a plan: what will be done to the kernel, command by command, before it is done. */
import { confirmApply } from '../lifecycle/lifecycle';
import { actions, useStore } from '../store';
import { Modal } from './Modal';

export function PlanDialog() {
  const ops = useStore((s) => s.pendingPlan) ?? [];
  const lab = useStore((s) => s.lab.name);
  const close = () => { actions().setPendingPlan(null); actions().setDialog(null); };
  return (
    <Modal title={`Apply lab “${lab}”`} onClose={close} testid="plan-dialog" wide
      footer={<>
        <span className="muted small">{ops.length ? `${ops.length} operations` : 'The kernel already matches the lab.'}</span>
        <div className="spacer" />
        <button type="button" className="btn" data-testid="cancel-apply" onClick={close}>Cancel</button>
        <button type="button" className="btn primary" data-testid="confirm-apply" onClick={() => void confirmApply()} autoFocus>Apply</button>
      </>}>
      {ops.length ? (
        <ol className="plan-list" data-testid="plan-list">
          {ops.map((op) => (
            <li key={op.index} data-op={op.index}>
              <span className="op-kind">{op.kind}</span>
              <span className="op-subject">{op.node ?? ''}{op.link ? ` ${op.link}` : ''}</span>
              <code className="op-cmd">{op.command}</code>
            </li>
          ))}
        </ol>
      ) : <p>Nothing to change.</p>}
    </Modal>
  );
}
