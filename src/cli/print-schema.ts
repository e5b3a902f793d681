import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { printedSchema } from '../schema/index.ts';

export const SCHEMA_FILE = resolve(PROJECT_ROOT, 'schema/schema.graphql');

/** Rewrites schema/schema.graphql from the code; `--check` only reports drift. */
export async function printSchemaCommand(args: string[]): Promise<number> {
  const sdl = printedSchema();
  if (args.includes('--check')) {
    const current = readFileSync(SCHEMA_FILE, 'utf8');
    if (current === sdl) return 0;
    console.error('schema/schema.graphql differs from the code: run npm run schema:print');
    return 1;
  }
  writeFileSync(SCHEMA_FILE, sdl);
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}
