#!/usr/bin/env node
// Writes docs/access-matrix.schema.json from the zod schema (run `npm run schema` after a change to
// src/matrix/schema.ts; test/project/report-schema.test.ts fails while the two differ).
import { writeFileSync } from 'node:fs';
import { accessMatrixJsonSchema } from '../dist/src/matrix/index.js';

const file = new URL('../docs/access-matrix.schema.json', import.meta.url);
writeFileSync(file, JSON.stringify(accessMatrixJsonSchema(), null, 2) + '\n');
console.log(`wrote ${file.pathname}`);
