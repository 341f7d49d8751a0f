import { actions } from '../store';
import { Modal } from './Modal';

export function MessageDialog({ title, text }: { title: string; text: string }) {
  const close = () => actions().setDialog(null);
  return (
    <Modal title={title} onClose={close} testid="message-dialog"
      footer={<><div className="spacer" /><button type="button" className="btn primary" data-testid="message-ok" onClick={close} autoFocus>OK</button></>}>
      <pre className="message-text">{text}</pre>
    </Modal>
  );
}
