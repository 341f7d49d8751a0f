import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { labJsonSchema } from './json-schema';

it('schema/lab.schema.json is generated from the zod schema (run: npx tsx scripts/gen-schema.ts)', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '../../schema/lab.schema.json'), 'utf8'));
  expect(committed).toEqual(labJsonSchema());
  expect(committed.properties.nodes).toBeTruthy();
  expect(committed.additionalProperties).toBe(false);
});
