/** Example labs: those the server offers (examples/*.yaml) plus the built-in sample. */
import { useEffect, useState } from 'react';
import { serializeLab } from '../../shared/lab/serialize';
import { getApi } from '../api/client';
import { openText } from '../files/files';
import { SAMPLE_LAB } from '../files/sample-lab';
import { actions, isDirty } from '../store';
import { Modal } from './Modal';

interface Example { id: string; title: string; text: string }
const BUILT_IN: Example = { id: 'builtin-routed', title: 'Routed: two subnets, one router, a switch (built in)', text: serializeLab(SAMPLE_LAB) };

export function ExamplesDialog() {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void getApi().invoke('examples', {}).then((r) => {
      if (r.ok) setExamples(r.value.examples);
      else { setExamples([]); setError(r.message); }
    });
  }, []);
  const close = () => actions().setDialog(null);
  const open = async (e: Example) => {
    if (isDirty(actions()) && !confirm('Discard unsaved changes to this lab?')) return;
    close();
    await openText(e.text, `${e.id.split('/').pop()!.replace(/\.ya?ml$/, '')}.yaml`);
  };
  const all = [...(examples ?? []), BUILT_IN];
  return (
    <Modal title="Examples" onClose={close} testid="examples-dialog">
      {examples === null ? <p className="muted">Loading…</p> : null}
      {error ? <p className="muted small">The server's examples are unavailable ({error}).</p> : null}
      <ul className="examples">
        {all.map((e) => (
          <li key={e.id}>
            <button type="button" className="example" data-testid={`example-${e.id}`} onClick={() => void open(e)}>
              <b>{e.title}</b>
              <span className="muted small">{e.id}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
