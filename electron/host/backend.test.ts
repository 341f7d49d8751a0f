import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createBackend, type BackendOptions } from './backend';
import { defaultExamplesDir, readExamples } from './examples';

const helper = () => {
  const h = { invoke: vi.fn(async () => ({ ok: true as const, value: { labs: [] } })), on: vi.fn(() => () => {}), close: vi.fn(async () => {}) };
  return h as typeof h & BackendOptions['helper'];
};

describe('backend', () => {
  it('answers examples from files: id from the file name, title from the description', async () => {
    const dir = defaultExamplesDir(fileURLToPath(new URL('.', import.meta.url)));
    const h = helper();
    const r = await createBackend({ helper: h, examplesDir: dir }).invoke('examples', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const twoHosts = r.value.examples.find((e) => e.id === 'two-hosts');
    expect(twoHosts?.text).toContain('nodes:');
    expect(r.value.examples.find((e) => e.id === 'routed')?.title).toBe('Two subnets joined by one router');
    expect(h.invoke).not.toHaveBeenCalled();
  });

  it('forwards other requests to the helper, checked first', async () => {
    const h = helper();
    const b = createBackend({ helper: h, examplesDir: '/nonexistent' });
    expect(await b.invoke('list', {})).toEqual({ ok: true, value: { labs: [] } });
    expect(await b.invoke('destroy', { name: '../x' })).toMatchObject({ ok: false, code: 'invalid-params' });
    expect(h.invoke).toHaveBeenCalledTimes(1);
  });

  it('returns no examples for a missing directory', async () => {
    expect(await readExamples('/nonexistent')).toEqual({ examples: [] });
  });
});
