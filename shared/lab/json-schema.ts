/** The lab file's JSON Schema for editors, derived from the same zod schema the engine uses. */
import { z } from 'zod';
import { Lab } from './schema';

export function labJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Lab, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
    $id: 'https://nslab.dev/schema/lab.schema.json',
    title: 'nslab lab file (format version 1)',
  };
}
