// The File menu's keystrokes (Electron delivers New/Open as Ctrl+N / Ctrl+O, electron/main/menu.ts)
// work in the page: Ctrl+O opens the file picker and the lab chosen, Ctrl+N starts a new lab — also
// while the focus is in an inspector field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { examplesDir } from '../testing/labs';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';

describeRoot('file keystrokes', () => {
  const nslab = useNslab();

  it('Ctrl+O opens a lab file through the picker; Ctrl+N starts a new lab, even from a field', async () => {
    const app = await nslab.open();
    await app.waitReady();
    app.page.on('dialog', (d) => void d.accept()); // "discard unsaved changes?"

    const chooser = app.page.waitForEvent('filechooser');
    await app.canvas.clearSelection();
    await app.page.keyboard.press('Control+o');
    await (await chooser).setFiles({ name: 'keys.yaml', mimeType: 'application/yaml', buffer: readFileSync(join(examplesDir, 'two-hosts.yaml')) });
    await expect.poll(() => app.toolbar.title.textContent()).toContain('keys.yaml');
    // the title changes with the store; the cards mount a frame or more later (a loaded machine)
    await expect.poll(async () => (await app.canvas.nodeNames()).sort()).toEqual(['h1', 'h2']);

    await app.inspector.labName.click(); // typing in a field: Ctrl+N still means New
    await app.page.keyboard.press('Control+n');
    await expect.poll(() => app.canvas.nodeNames()).toEqual([]);
    await expect.poll(() => app.toolbar.title.textContent()).toContain('lab.yaml');
    expect(app.pageErrors()).toEqual([]);
  });
});
