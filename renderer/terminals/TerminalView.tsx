/** One node's xterm, mounted once and only hidden while another tab is shown. */
import { memo, useEffect, useRef } from 'react';
import { fitSession, mountSession } from './sessions';

export const TerminalView = memo(function TerminalView({ node, active }: { node: string; active: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    mountSession(node, el);
    const ro = new ResizeObserver(() => fitSession(node));
    ro.observe(el);
    return () => ro.disconnect();
  }, [node]);
  useEffect(() => {
    if (active) fitSession(node, true);
  }, [active, node]);
  return <div className="terminal-view" data-testid={`terminal-${node}`} ref={ref} hidden={!active} />;
});
