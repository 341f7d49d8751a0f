/** The window: toolbar on top, palette left, canvas centre, inspector right, dock below. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { Dialogs } from './dialogs/Dialogs';
import { Dock } from './dock/Dock';
import { Inspector } from './inspector/Inspector';
import { useKeyboard } from './keyboard';
import { actions, isDirty, useStore } from './store';
import { ConnectionBanner } from './toolbar/ConnectionBanner';
import { Toolbar } from './toolbar/Toolbar';
import { DriftBanner } from './live/DriftBanner';
import { DiscoveryView } from './live/DiscoveryView';
import { ExercisePanel } from './teaching/ExercisePanel';

function useTitle() {
  const dirty = useStore(isDirty);
  const name = useStore((s) => s.file.name ?? `${s.lab.name}.yaml`);
  useEffect(() => { document.title = `${dirty ? '● ' : ''}${name} — nslab`; }, [dirty, name]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (isDirty(actions())) e.preventDefault(); };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
}

function Toast() {
  const toast = useStore((s) => s.toast);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => actions().showToast(null), 3000);
    return () => clearTimeout(t);
  }, [toast]);
  return toast ? <div className="toast" role="status" data-testid="toast">{toast}</div> : null;
}

export function App() {
  useKeyboard();
  useTitle();
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <ConnectionBanner />
        <div className="main">
          <Palette />
          <div className="center">
            <DriftBanner />
            <Canvas />
            <Dock />
          </div>
          <ExercisePanel />
          <Inspector />
        </div>
        <Dialogs />
        <DiscoveryView />
        <Toast />
      </div>
    </ReactFlowProvider>
  );
}
