// docs/access-matrix.schema.json is generated from the zod schema; this keeps the two from drifting.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessMatrixJsonSchema } from '../../src/matrix/index.js';

const FILE = resolve(__dirname, '../../docs/access-matrix.schema.json');

describe('the committed report JSON Schema', () => {
  it('equals the one generated from src/matrix/schema.ts (run `npm run schema` to refresh it)', () => {
    const committed: unknown = JSON.parse(readFileSync(FILE, 'utf8'));
    expect(committed).toEqual(accessMatrixJsonSchema());
  });
});
