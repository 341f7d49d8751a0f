/** Editor shortcuts. Ignored while typing in a field (except Ctrl+S). */
import { useEffect } from 'react';
import { saveLab } from './files/files';
import { actions } from './store';

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') { e.preventDefault(); saveLab(e.shiftKey); return; }
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (actions().dialog) return;
      const s = actions();
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) s.redo();
      else if (mod && key === 'c') s.copy();
      else if (mod && key === 'x') s.cut();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'a') s.selectAll();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.deleteSelection();
      else if (e.key === 'Escape') s.select({});
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
