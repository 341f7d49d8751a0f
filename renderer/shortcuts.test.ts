import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './shortcuts';

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
const ctrl = (key: string, mods: Partial<KeyLike> = {}) => k(key, { ctrlKey: true, ...mods });
const canvas = { inField: false, dialogOpen: false };
const field = { inField: true, dialogOpen: false };
const dialog = { inField: false, dialogOpen: true };

describe('shortcutFor', () => {
  it('maps the File menu keystrokes Electron sends (Ctrl+N/O/S, Ctrl+Shift+S)', () => {
    expect(shortcutFor(ctrl('n'), canvas)).toBe('new');
    expect(shortcutFor(ctrl('o'), canvas)).toBe('open');
    expect(shortcutFor(ctrl('s'), canvas)).toBe('save');
    expect(shortcutFor(ctrl('S', { shiftKey: true }), canvas)).toBe('saveAs');
    // Electron's sendInputEvent with keyCode 'N' gives key 'N' or 'n' depending on the layout
    expect(shortcutFor(ctrl('N'), canvas)).toBe('new');
    expect(shortcutFor(k('o', { metaKey: true }), canvas)).toBe('open');
  });

  it('keeps file commands working while typing in a field, but not New/Open under a dialog', () => {
    expect(shortcutFor(ctrl('n'), field)).toBe('new');
    expect(shortcutFor(ctrl('o'), field)).toBe('open');
    expect(shortcutFor(ctrl('s'), field)).toBe('save');
    expect(shortcutFor(ctrl('n'), dialog)).toBeNull();
    expect(shortcutFor(ctrl('o'), dialog)).toBeNull();
    expect(shortcutFor(ctrl('n', { shiftKey: true }), canvas)).toBeNull();
  });

  it('maps editing keys on the canvas only', () => {
    expect(shortcutFor(ctrl('z'), canvas)).toBe('undo');
    expect(shortcutFor(ctrl('z', { shiftKey: true }), canvas)).toBe('redo');
    expect(shortcutFor(ctrl('y'), canvas)).toBe('redo');
    expect(shortcutFor(ctrl('c'), canvas)).toBe('copy');
    expect(shortcutFor(ctrl('x'), canvas)).toBe('cut');
    expect(shortcutFor(ctrl('v'), canvas)).toBe('paste');
    expect(shortcutFor(ctrl('a'), canvas)).toBe('selectAll');
    expect(shortcutFor(k('Delete'), canvas)).toBe('delete');
    expect(shortcutFor(k('Backspace'), canvas)).toBe('delete');
    expect(shortcutFor(k('Escape'), canvas)).toBe('deselect');
    for (const ctx of [field, dialog]) {
      expect(shortcutFor(ctrl('z'), ctx)).toBeNull();
      expect(shortcutFor(k('Backspace'), ctx)).toBeNull();
    }
    expect(shortcutFor(k('n'), canvas)).toBeNull();
    expect(shortcutFor(ctrl('n', { altKey: true }), canvas)).toBeNull();
  });
});
