/** Editor shortcuts (shortcuts.ts says which key means what): keystroke → store action. */
import { useEffect } from 'react';
import { confirmDiscard, newLab, pickLabFile, saveLab } from './files/files';
import { shortcutFor, type Shortcut } from './shortcuts';
import { actions } from './store';

function run(cmd: Shortcut): void {
  const s = actions();
  switch (cmd) {
    case 'new': if (confirmDiscard()) newLab(); break;
    case 'open': if (confirmDiscard()) pickLabFile(); break;
    case 'save': saveLab(false); break;
    case 'saveAs': saveLab(true); break;
    case 'undo': s.undo(); break;
    case 'redo': s.redo(); break;
    case 'copy': s.copy(); break;
    case 'cut': s.cut(); break;
    case 'paste': s.paste(); break;
    case 'selectAll': s.selectAll(); break;
    case 'delete': s.deleteSelection(); break;
    case 'deselect': s.select({}); break;
  }
}

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const inField = Boolean(t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)));
      const cmd = shortcutFor(e, { inField, dialogOpen: actions().dialog !== null });
      if (!cmd) return;
      e.preventDefault();
      run(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
