// Writes config/vigil.schema.json from the zod schema, so editors can check and complete vigil.yaml.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../src/config/index.js';
import { projectRoot } from '../src/version.js';

const target = join(projectRoot(), 'config', 'vigil.schema.json');
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
