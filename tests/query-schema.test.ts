import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The CommonJS build: the one Pothos builds the schema with under Node (graphql has no "exports" map,
// so Vite alone would hand tests the .mjs build, and graphql refuses types from another module).
import { buildSchema, findBreakingChanges, lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { readOperations } from '../src/operations.ts';
import { schema } from '../src/schema/index.ts';
import { queryTestApp, ROOT } from './query-helpers.ts';

describe('the served schema', () => {
  it('stays a compatible superset of the public outline', () => {
    const outline = buildSchema(readFileSync(join(ROOT, 'schema/outline.graphql'), 'utf8'));
    // Extra types, fields, optional arguments and enum values are fine; anything else would break clients.
    expect(findBreakingChanges(outline, schema)).toEqual([]);
  });

  it('is the one committed in schema/schema.graphql', () => {
    expect(`${printSchema(lexicographicSortSchema(schema))}\n`).toBe(
      readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8'),
    );
  });
});

describe('the example operations', () => {
  const operations = readOperations(join(ROOT, 'schema/operations'));

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s runs without errors and finds data',
    async (_name, op) => {
      const t = queryTestApp();
      try {
        expect(op.document.split('\n')[0]).toMatch(/^# \S/);
        const { status, body } = await t.gql(op.document, op.variables);
        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
        expect(JSON.stringify(body.data)).not.toMatch(/^\{"\w+":null\}$/);
      } finally {
        t.close();
      }
    },
  );
});
