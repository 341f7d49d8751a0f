/**
 * New / open / save / save as. The NslabApi has no file methods yet, so files go through the
 * browser: open with a file picker, save as a download of the YAML. The text is parsed with
 * parseLab; a lab that is well-formed but has semantic problems still opens (they show inline).
 */
import { parse as parseYaml } from 'yaml';
import { formatIssue } from '../../shared/lab/issues';
import { parseLab } from '../../shared/lab/parse';
import { Lab } from '../../shared/lab/schema';
import { serializeLab } from '../../shared/lab/serialize';
import { actions, isDirty } from '../store';
import { EMPTY_LAB } from '../store/lab-slice';
import { downloadText } from './download';
import { layoutIfNeeded } from '../canvas/layout';

export function newLab(): void {
  actions().loadLab({ ...EMPTY_LAB, name: 'lab' }, { name: null, path: null }, { dirty: false });
}

/** Load lab text (a file, an example); false (with a dialog) when it is not a lab. */
export async function openText(text: string, name: string | null): Promise<boolean> {
  const r = parseLab(text);
  let lab: Lab | null = r.ok ? r.lab : null;
  if (!r.ok) {
    // Structurally valid but semantically wrong: open it so the problems can be fixed on the canvas.
    try {
      const structural = Lab.safeParse(parseYaml(text));
      if (structural.success) lab = structural.data;
    } catch { /* reported below */ }
    if (!lab) {
      actions().setDialog({ kind: 'message', title: `Cannot open ${name ?? 'the lab'}`, text: r.issues.map((i) => formatIssue(i, name ?? '<lab>')).join('\n') });
      return false;
    }
  }
  actions().loadLab(await layoutIfNeeded(lab!), { name, path: null });
  return true;
}

/** Open a file picked by the user. */
export function openFile(file: File): Promise<boolean> {
  return file.text().then((t) => openText(t, file.name));
}

/** Ask before New/Open would drop unsaved changes; true to go on. */
export function confirmDiscard(): boolean {
  return !isDirty(actions()) || confirm('Discard unsaved changes to this lab?');
}

/** Show the file picker and open the lab chosen (toolbar Open, Ctrl+O, the File menu's Open…). */
export function pickLabFile(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.yaml,.yml,.json';
  input.addEventListener('change', () => { const f = input.files?.[0]; if (f) void openFile(f); });
  input.click();
}

export function saveLab(saveAs = false): void {
  const s = actions();
  let name = s.file.name ?? `${s.lab.name}.yaml`;
  if (saveAs) {
    const answer = prompt('Save the lab as', name);
    if (!answer) return;
    name = /\.(ya?ml|json)$/.test(answer) ? answer : `${answer}.yaml`;
  }
  downloadText(name, serializeLab(s.lab), 'application/yaml');
  s.markSaved({ name, path: s.file.path });
}
