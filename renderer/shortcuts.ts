/**
 * Which editor command a keystroke means (pure, so it is tested without a DOM). The Electron File
 * menu delivers New/Open/Save/Save As as these same keystrokes (electron/main/menu.ts FILE_KEYS),
 * so file commands work wherever the focus is — even in an inspector field — except that New and
 * Open wait while a dialog is open. Editing commands are ignored while typing in a field.
 */
export type Shortcut =
  | 'new' | 'open' | 'save' | 'saveAs'
  | 'undo' | 'redo' | 'copy' | 'cut' | 'paste' | 'selectAll' | 'delete' | 'deselect';

export interface KeyLike { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey?: boolean }

export function shortcutFor(e: KeyLike, ctx: { inField: boolean; dialogOpen: boolean }): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (e.altKey) return null;
  if (mod && key === 's') return e.shiftKey ? 'saveAs' : 'save';
  if (mod && !e.shiftKey && (key === 'n' || key === 'o')) return ctx.dialogOpen ? null : key === 'n' ? 'new' : 'open';
  if (ctx.inField || ctx.dialogOpen) return null;
  if (mod && key === 'z' && !e.shiftKey) return 'undo';
  if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) return 'redo';
  if (mod && key === 'c') return 'copy';
  if (mod && key === 'x') return 'cut';
  if (mod && key === 'v') return 'paste';
  if (mod && key === 'a') return 'selectAll';
  if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) return 'delete';
  if (e.key === 'Escape') return 'deselect';
  return null;
}
