#!/usr/bin/env node
import { backupCommand } from './backup.ts';
import { genCommand } from './gen.ts';
import { ingestCommand } from './ingest.ts';
import { printSchemaCommand } from './print-schema.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { settingsDocsCommand } from './settings-docs.ts';
import { watchCommand } from './watch.ts';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  seed: seedCommand,
  migrate: seedCommand,
  'print-schema': printSchemaCommand,
  ingest: ingestCommand,
  backup: backupCommand,
  gen: genCommand,
  watch: watchCommand,
  'docs:settings': settingsDocsCommand,
};

const [name = 'serve', ...args] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  console.error(`unknown command "${name}": use one of ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
command(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
