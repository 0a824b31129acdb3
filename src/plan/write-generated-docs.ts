/**
 * `npm run docs:options`: writes what is generated from the option table into the checkout — the
 * README's option table and the published config schema (src/plan/config.schema.json). Run from
 * the project root (npm does).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchemaFileText } from './config-schema.js';
import { withReadmeOptionsTable } from './scan-options-docs.js';

const root = process.cwd();
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, withReadmeOptionsTable(readFileSync(readmePath, 'utf8')));
writeFileSync(join(root, 'src', 'plan', 'config.schema.json'), configSchemaFileText());
process.stdout.write('docs:options: wrote README.md (option table) and src/plan/config.schema.json\n');
