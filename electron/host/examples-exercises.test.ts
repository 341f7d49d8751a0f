import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultExamplesDir, readExamples } from './examples';

describe('examples: exercises', () => {
  it('lists examples/exercises/*.yaml with ids like exercises/no-default-route, after the top-level ones', async () => {
    const r = await readExamples(defaultExamplesDir(fileURLToPath(new URL('.', import.meta.url))));
    const ids = r.examples.map((e) => e.id);
    expect(ids).toContain('routed');
    expect(ids).toContain('exercises/no-default-route');
    expect(ids.indexOf('exercises/no-default-route')).toBeGreaterThan(ids.indexOf('routed'));
    expect(r.examples.find((e) => e.id === 'exercises/no-default-route')?.text).toContain('exercise:');
  });
});
