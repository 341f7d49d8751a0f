/** In a cable's inspector: start or stop a live capture on it (the Capture tab lists its packets). */
import { useStore } from '../store';
import { captureOnLink } from '../store/teaching-slice';
import { captureEnd, toggleLinkCapture } from './teaching-actions';

export function LinkCaptureButton({ linkKey }: { linkKey: string }) {
  const running = useStore((s) => captureOnLink(s, linkKey));
  const lab = useStore((s) => s.lab);
  const end = captureEnd(lab, linkKey);
  return (
    <section className="section">
      <div className="section-title">Capture</div>
      <button type="button" className={`btn small${running ? ' danger' : ''}`} data-testid="link-capture" data-capturing={running ? 'true' : 'false'}
        title={`tcpdump on ${end.node}:${end.iface} of the running lab; packets in the Capture tab`}
        onClick={() => void toggleLinkCapture(linkKey)}>
        {running ? `Stop capture (${running.info.packets} packets)` : 'Capture packets'}
      </button>
    </section>
  );
}
