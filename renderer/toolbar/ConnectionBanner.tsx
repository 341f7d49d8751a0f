/** A banner when the renderer cannot reach an nslab server (editing still works). */
import { useStore } from '../store';

export function ConnectionBanner() {
  const c = useStore((s) => s.connection);
  if (c.state === 'electron' || c.state === 'connected') return null;
  const text =
    c.state === 'no-token' ? `Offline: ${c.message ?? 'no server token'}. You can edit and save labs; deploying needs the nslab server.`
    : c.state === 'connecting' ? 'Connecting to the nslab server…'
    : `Disconnected: ${c.message ?? 'no connection to the nslab server'}. Retrying…`;
  return <div className={`banner banner-${c.state}`} role="status" data-testid="connection-banner" data-state={c.state}>{text}</div>;
}
