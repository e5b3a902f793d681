import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.ts';
import { runCli } from './helpers.ts';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: object })
  .scripts;

/** Every `npm run <script>` the README names, once each. */
const readmeScripts = [
  ...new Set([...readme.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((m) => m[1] as string)),
];

describe("the README's commands", () => {
  it('name only scripts that exist', () => {
    expect(readmeScripts.length).toBeGreaterThan(10);
    expect(readmeScripts.filter((name) => !(name in scripts))).toEqual([]);
  });

  it.concurrent.each([
    'serve',
    'seed',
    'migrate',
    'print-schema',
    'ingest',
    'backup',
    'copy',
    'gen',
    'watch',
    'docs:settings',
  ])('%s --help prints its usage and does nothing else', async (command) => {
    const run = await runCli([command, '--help'], { DATABASE_URL: join('no-such-folder', 'graph.db') });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^usage: npm (start|run [a-z:-]+)/);
  });

  it('--help lists every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/usage: /g)).toHaveLength(10);
  });
});
