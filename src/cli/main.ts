#!/usr/bin/env node
import { backupCommand } from './backup.ts';
import { COPY_USAGE, copyCommand } from './copy.ts';
import { genCommand } from './gen.ts';
import { INGEST_USAGE, ingestCommand } from './ingest.ts';
import { printSchemaCommand } from './print-schema.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { settingsDocsCommand } from './settings-docs.ts';
import { WATCH_USAGE, watchCommand } from './watch.ts';

interface Command {
  run: (args: string[]) => Promise<number>;
  /** What `--help` prints: the npm script that runs the command and its options. */
  usage: string;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    run: serveCommand,
    usage:
      'usage: npm start [-- --seed]   serve the graph (--seed loads seeds/ even into a database with articles)',
  },
  seed: { run: seedCommand, usage: 'usage: npm run seed   create or migrate DATABASE_URL and load seeds/' },
  migrate: {
    run: seedCommand,
    usage: 'usage: npm run migrate   create or migrate DATABASE_URL and load seeds/',
  },
  'print-schema': {
    run: printSchemaCommand,
    usage:
      'usage: npm run schema:print [-- --check]   write schema/schema.graphql (--check: report drift only)',
  },
  ingest: { run: ingestCommand, usage: INGEST_USAGE },
  backup: { run: backupCommand, usage: 'usage: npm run backup -- <file>   an online copy of DATABASE_URL' },
  copy: { run: copyCommand, usage: `${COPY_USAGE}   a whole graph, between engines` },
  gen: {
    run: genCommand,
    usage:
      'usage: npm run gen -- [--articles N] [--seed S] [--db FILE] [--batch-size N]   a synthetic corpus',
  },
  watch: { run: watchCommand, usage: WATCH_USAGE },
  'docs:settings': {
    run: settingsDocsCommand,
    usage:
      "usage: npm run docs:settings [-- --check]   write the README's settings table (--check: report drift only)",
  },
};

const HELP = new Set(['--help', '-h', 'help']);

function overview(): string {
  return ['commands:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

const [name = 'serve', ...args] = process.argv.slice(2);
if (HELP.has(name)) {
  console.log(overview());
  process.exit(0);
}
const command = COMMANDS[name];
if (!command) {
  console.error(`unknown command "${name}": use one of ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
// Asking for help never runs the command: `serve --help` must not start a server.
if (args.some((arg) => arg === '--help' || arg === '-h')) {
  console.log(command.usage);
  process.exit(0);
}
command.run(args).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
