import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT, settings } from '../config.ts';

export const README_FILE = resolve(PROJECT_ROOT, 'README.md');
const BEGIN = '<!-- settings table: generated from src/config.ts by `npm run docs:settings` -->';
const END = '<!-- end of settings table -->';

/** The README's settings table, one row per declared setting, in declaration order. */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(
    ([name, setting]) => `| \`${name}\` | ${setting.type} | ${setting.shownDefault} | ${setting.doc} |`,
  );
  return ['| variable | accepts | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with its settings table (between the markers) replaced by the declared one. */
export function readmeWithSettingsTable(readme: string): string {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no settings table markers (${BEGIN})`);
  return `${readme.slice(0, begin)}${BEGIN}\n${settingsTable()}\n${readme.slice(end)}`;
}

/** Rewrites the README's settings table from src/config.ts; `--check` only reports drift. */
export async function settingsDocsCommand(args: string[]): Promise<number> {
  const current = readFileSync(README_FILE, 'utf8');
  const wanted = readmeWithSettingsTable(current);
  if (args.includes('--check')) {
    if (current === wanted) return 0;
    console.error('README.md settings table differs from src/config.ts: run npm run docs:settings');
    return 1;
  }
  if (current !== wanted) writeFileSync(README_FILE, wanted);
  console.log(`wrote the settings table of ${README_FILE}`);
  return 0;
}
