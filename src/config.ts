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
  // Query limits: each request is measured against these before any resolver or SQL runs.
  MAX_DEPTH: z.coerce.number().int().min(1).default(15),
  MAX_COST: z.coerce.number().int().min(1).default(50_000),
  MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  MAX_TOKENS: z.coerce.number().int().min(1).default(2_000),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().min(1).default(32_768),
  MAX_BODY_BYTES: z.coerce.number().int().min(1).default(1_572_864),
  BATCH_LIMIT: z.coerce.number().int().min(0).max(100).default(0),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  SLOW_QUERY_MS: z.coerce.number().int().min(0).default(200),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal('*'), z.url().transform((url) => new URL(url).origin)]))),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  OTHER_LANGUAGES: z.enum(['store', 'refuse']).default('store'),
});

/** What one request may ask for; over a limit, it is refused with a coded error before any SQL runs. */
export interface Limits {
  /** Deepest selection nesting, fragments flattened; the standard introspection query needs 15. */
  maxDepth: number;
  /** Estimated cost: 1 per field, connections multiply their selection by `first`, lists by 5. */
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens in the document: bounds parsing work whatever the document holds. */
  maxTokens: number;
  maxDocumentBytes: number;
  maxBodyBytes: number;
  /** Operations in one batched request; 0 turns batching off. */
  batchLimit: number;
  /** Time budget for executing one operation. */
  timeoutMs: number;
}

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
  /** NODE_ENV=development: error messages may suggest field names. */
  development: boolean;
  limits: Limits;
  /** Operations slower than this are logged with their name and duration. */
  slowQueryMs: number;
  /** Origins allowed to read responses cross-origin; empty means same-origin only. */
  corsOrigins: string[];
  /** Bearer token for operations that write or reveal everything; unset disables them. */
  adminToken: string | undefined;
  /** Whole-response cache for reads, invalidated by writes; off to measure the engine itself. */
  responseCache: boolean;
  /** Articles in a language extraction does not cover: stored without facts, or refused. */
  otherLanguages: 'store' | 'refuse';
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
    development: vars.NODE_ENV === 'development',
    limits: Object.freeze({
      maxDepth: vars.MAX_DEPTH,
      maxCost: vars.MAX_COST,
      maxAliases: vars.MAX_ALIASES,
      maxDirectives: vars.MAX_DIRECTIVES,
      maxTokens: vars.MAX_TOKENS,
      maxDocumentBytes: vars.MAX_DOCUMENT_BYTES,
      maxBodyBytes: vars.MAX_BODY_BYTES,
      batchLimit: vars.BATCH_LIMIT,
      timeoutMs: vars.REQUEST_TIMEOUT_MS,
    }),
    slowQueryMs: vars.SLOW_QUERY_MS,
    corsOrigins: vars.CORS_ORIGINS,
    adminToken: vars.ADMIN_TOKEN,
    responseCache: vars.RESPONSE_CACHE === 'on',
    otherLanguages: vars.OTHER_LANGUAGES,
  });
}
