/** Line icons for the node kinds (inline SVG: no remote content, CSP-safe). */
import type { NodeKind } from '../../shared/lab/schema';

export function KindIcon({ kind, size = 22 }: { kind: NodeKind; size?: number }) {
  const common = { width: size, height: size, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, 'aria-hidden': true };
  if (kind === 'host') {
    return (
      <svg {...common}>
        <rect x="3" y="4" width="18" height="12" rx="1.5" />
        <path d="M8 20h8M12 16v4" />
      </svg>
    );
  }
  if (kind === 'router') {
    return (
      <svg {...common}>
        <circle cx="12" cy="12" r="9" />
        <path d="M12 5v5m0 0-2-2m2 2 2-2M12 19v-5m0 0-2 2m2-2 2 2M5 12h5m0 0-2-2m2 2-2 2M19 12h-5m0 0 2-2m-2 2 2 2" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <rect x="2.5" y="7" width="19" height="10" rx="1.5" />
      <path d="M6 12h.01M9 12h.01M12 12h.01M15 12h.01M18 12h.01" strokeWidth="2.4" />
    </svg>
  );
}
