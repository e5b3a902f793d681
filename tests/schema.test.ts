import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, findBreakingChanges } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers.ts';

const SCHEMA_FILE = resolve(PROJECT_ROOT, 'schema/schema.graphql');
const OUTLINE_FILE = resolve(PROJECT_ROOT, '../shared/api/outline.graphql');

/**
 * The SDL that printedSchema() gives, from a plain Node process as `npm run schema:print` runs it. In the
 * test process Vite would hand src the ESM build of graphql while Pothos builds the schema with the
 * CommonJS one, and graphql refuses to mix them.
 */
async function printedSchemaOfCode(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const { printedSchema } = await import('./src/schema/index.ts'); process.stdout.write(printedSchema());",
    ],
    { cwd: PROJECT_ROOT, maxBuffer: 10 * 1024 * 1024 },
  );
  return stdout;
}

describe('the schema', () => {
  let printed: string;

  beforeAll(async () => {
    printed = await printedSchemaOfCode();
  });

  it('equals the committed schema/schema.graphql', () => {
    expect(printed.length).toBeGreaterThan(1000);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(printed, 'schema/schema.graphql differs from the code: run npm run schema:print').toBe(committed);
  });

  it.skipIf(!existsSync(OUTLINE_FILE))(
    'offers everything ../shared/api/outline.graphql promises, without breaking changes',
    () => {
      const outline = buildSchema(readFileSync(OUTLINE_FILE, 'utf8'));
      const served = buildSchema(printed);
      const breaking = findBreakingChanges(outline, served).map(
        (change) => `${change.type}: ${change.description}`,
      );
      expect(breaking, 'the served schema must stay a compatible superset of the public outline').toEqual([]);
      expect(Object.keys(served.getTypeMap())).toEqual(
        expect.arrayContaining(Object.keys(outline.getTypeMap())),
      );
    },
  );

  it('has a description on every type of its own', () => {
    const served = buildSchema(printed);
    const undocumented = Object.values(served.getTypeMap())
      .filter(
        (type) =>
          !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name),
      )
      .filter((type) => !type.name.endsWith('Edge') && type.name !== 'PageInfo')
      .filter((type) => !type.description)
      .map((type) => type.name);
    expect(undocumented).toEqual([]);
  });
});

if (!existsSync(OUTLINE_FILE)) {
  console.warn(`skipping the outline compatibility test: ${OUTLINE_FILE} is absent`);
}
