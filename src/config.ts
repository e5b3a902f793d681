import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** Where the project's own folders are, whatever the working directory. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('data/graph.db'),
  SEEDS_DIR: z.string().min(1).default('seeds'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
});

export interface Config {
  port: number;
  host: string;
  /** A file path, or ':memory:'. */
  databasePath: string;
  seedsDir: string;
  migrationsDir: string;
  operationsDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  production: boolean;
  /** Whole-response cache for reads, invalidated by writes; off to measure the engine itself. */
  responseCache: boolean;
}

export class ConfigError extends Error {}

/** `file:` URLs and relative paths both work; relative ones are taken from the project root. */
function databasePathOf(url: string): string {
  const path = url.startsWith('file:') ? url.slice('file:'.length).replace(/^\/\/(?=\/)/, '') : url;
  if (path === ':memory:') return path;
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}

/**
 * Reads the configuration from environment variables once, with defaults.
 * Throws ConfigError listing every invalid variable, so start-up fails with one clear line.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  return Object.freeze({
    port: vars.PORT,
    host: vars.HOST,
    databasePath: databasePathOf(vars.DATABASE_URL),
    seedsDir: resolve(PROJECT_ROOT, vars.SEEDS_DIR),
    migrationsDir: resolve(PROJECT_ROOT, 'db'),
    operationsDir: resolve(PROJECT_ROOT, 'schema/operations'),
    logLevel: vars.LOG_LEVEL,
    production: vars.NODE_ENV === 'production',
    responseCache: vars.RESPONSE_CACHE === 'on',
  });
}
