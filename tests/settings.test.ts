import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_FILE, readmeWithSettingsTable, settingsTable } from '../src/cli/settings-docs.ts';
import { ConfigError, loadConfig, settings } from '../src/config.ts';

describe('settings, declared once', () => {
  it("README's settings table is the one generated from the declaration (npm run docs:settings)", () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readmeWithSettingsTable(readme), 'run npm run docs:settings').toBe(readme);
  });

  it('lists every declared setting with its default, as the parsed config applies it', () => {
    const table = settingsTable();
    for (const name of Object.keys(settings)) expect(table).toContain(`| \`${name}\` |`);
    const defaults = loadConfig({});
    expect(table).toContain(`| \`PORT\` | integer 0–65535 | \`${defaults.port}\` |`);
    expect(table).toContain(`| \`MAX_COST\` | integer ≥ 1 | \`${defaults.limits.maxCost}\` |`);
  });

  it('keeps the parsed config shape: defaults, coercion and one-line errors naming every bad variable', () => {
    const config = loadConfig({ PORT: '0', MAX_DEPTH: '7', CORS_ORIGINS: 'https://a.example/x, *' });
    expect(config.port).toBe(0);
    expect(config.limits.maxDepth).toBe(7);
    expect(config.corsOrigins).toEqual(['https://a.example', '*']);
    expect(config.responseCache).toBe(true);
    expect(config.adminToken).toBeUndefined();
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' })).toThrow(
      /^invalid configuration: PORT: .*; LOG_LEVEL: /,
    );
  });

  it('takes a read replica only beside a PostgreSQL primary, and only as a PostgreSQL URL', () => {
    const primary = 'postgres://graph@db.example:5432/graph';
    const replica = 'postgres://graph@replica.example:5432/graph';
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica }).databaseReadUrl).toBe(replica);
    expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrl).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'replica.db' })).toThrow(
      /^invalid configuration: DATABASE_READ_URL: must be a PostgreSQL URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'graph.db', DATABASE_READ_URL: replica })).toThrow(
      /DATABASE_READ_URL: a read replica needs a PostgreSQL DATABASE_URL/,
    );
  });
});
