// Writes schema/lab.schema.json from the zod schema (a unit test checks it is current).
import { writeFileSync } from 'node:fs';
import { labJsonSchema } from '../shared/lab/json-schema';

writeFileSync(new URL('../schema/lab.schema.json', import.meta.url), JSON.stringify(labJsonSchema(), null, 2) + '\n');
