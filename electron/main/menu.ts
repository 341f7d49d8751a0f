/**
 * The application menu as data. File commands are delivered as the keystroke the renderer already
 * handles (Ctrl+S, …), so the menu, the keyboard and browser mode share one code path and the
 * contract needs no "menu" event. Accelerators are shown but not registered, so a pressed key
 * reaches the page once, not twice.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type FileCommand = 'new' | 'open' | 'save' | 'saveAs';

/** The keystroke each file command sends to the page. */
export const FILE_KEYS: Record<FileCommand, { keyCode: string; modifiers: ('control' | 'shift')[] }> = {
  new: { keyCode: 'N', modifiers: ['control'] },
  open: { keyCode: 'O', modifiers: ['control'] },
  save: { keyCode: 'S', modifiers: ['control'] },
  saveAs: { keyCode: 'S', modifiers: ['control', 'shift'] },
};

export function menuTemplate(on: { file(c: FileCommand): void; quit(): void }): MenuItemConstructorOptions[] {
  const file = (label: string, c: FileCommand, accelerator: string): MenuItemConstructorOptions => ({ label, accelerator, registerAccelerator: false, click: () => on.file(c) });
  return [
    {
      label: 'File',
      submenu: [
        file('New', 'new', 'CmdOrCtrl+N'),
        file('Open…', 'open', 'CmdOrCtrl+O'),
        { type: 'separator' },
        file('Save', 'save', 'CmdOrCtrl+S'),
        file('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => on.quit() },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, { role: 'toggleDevTools' }],
    },
  ];
}
