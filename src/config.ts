import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isPostgresUrl } from './store/engine-url.ts';

/** Where the project's own folders are, whatever the working directory. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..');

/**
 * One environment variable: its check and default (the schema), and how the README describes it.
 * Built only by the constructors below, so the type and default shown are those the schema applies.
 */
export interface Setting<S extends z.ZodType = z.ZodType> {
  /** Validates the raw variable and supplies the default when it is unset. */
  schema: S;
  /** The accepted values, as the README's settings table shows them. */
  type: string;
  /** The default, as the README's settings table shows it. */
  shownDefault: string;
  /** One line for the README's settings table (Markdown). */
  doc: string;
}

function integer(doc: string, fallback: number, range: { min: number; max?: number }) {
  const base = z.coerce.number().int().min(range.min);
  const checked = range.max === undefined ? base : base.max(range.max);
  return {
    schema: checked.default(fallback),
    type: range.max === undefined ? `integer ≥ ${range.min}` : `integer ${range.min}–${range.max}`,
    shownDefault: `\`${fallback}\``,
    doc,
  } satisfies Setting;
}

function text(doc: string, fallback: string) {
  return { schema: z.string().min(1).default(fallback), type: 'text', shownDefault: `\`${fallback}\``, doc };
}

function choice<const Values extends readonly [string, ...string[]]>(
  values: Values,
  fallback: Values[number],
  doc: string,
) {
  return {
    schema: z.enum(values).default(fallback),
    type: values.map((value) => `\`${value}\``).join(', '),
    shownDefault: `\`${fallback}\``,
    doc,
  } satisfies Setting;
}

function fraction(doc: string, fallback: number) {
  return {
    schema: z.coerce.number().gt(0).max(1).default(fallback),
    type: 'number above 0, at most 1',
    shownDefault: `\`${fallback}\``,
    doc,
  } satisfies Setting;
}

/**
 * Unset by default. Clients send it in an HTTP header, which cannot carry spaces at its ends or
 * characters outside printable ASCII: such a token could never be presented, so it is refused at start.
 */
function secret(doc: string, minLength: number) {
  return {
    schema: z
      .string()
      .min(minLength, `must be at least ${minLength} characters`)
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent in an HTTP header)')
      .optional(),
    type: `${minLength}+ printable ASCII characters, no spaces`,
    shownDefault: 'unset',
    doc,
  } satisfies Setting;
}

/** Unset by default; when set, a `postgres://` or `postgresql://` URL. */
function optionalPostgresUrl(doc: string) {
  return {
    schema: z
      .string()
      .refine(isPostgresUrl, 'must be a PostgreSQL URL (postgres://user@host:port/name)')
      .optional(),
    type: '`postgres://` URL',
    shownDefault: 'unset',
    doc,
  } satisfies Setting;
}

function originList(doc: string) {
  return {
    schema: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.union([z.literal('*'), z.url().transform((url) => new URL(url).origin)]))),
    type: 'comma-separated origins, or `*`',
    shownDefault: 'empty',
    doc,
  } satisfies Setting;
}

/**
 * Every setting the server reads, declared once: `loadConfig` parses the environment with these
 * schemas and `npm run docs:settings` writes the README's settings table from them.
 */
export const settings = {
  PORT: integer('HTTP port (`0` picks a free one)', 4000, { min: 0, max: 65535 }),
  HOST: text('interface to listen on (`0.0.0.0` for all)', '127.0.0.1'),
  DATABASE_URL: text(
    'the graph: a SQLite file (a path or `file:` URL; relative to the project), or a PostgreSQL database (`postgres://user@host:port/name`)',
    'data/graph.db',
  ),
  DATABASE_READ_URL: optionalPostgresUrl(
    'a streaming replica of a PostgreSQL `DATABASE_URL` that answers reads; writes, and reads that must see them, go to the primary',
  ),
  SEEDS_DIR: text(
    'curated articles loaded at start into a new, empty database; setting it loads them into any database',
    'seeds',
  ),
  LOG_LEVEL: choice(
    ['debug', 'info', 'warn', 'error', 'silent'],
    'info',
    'JSON logs on stderr from this level up',
  ),
  NODE_ENV: choice(
    ['development', 'production', 'test'],
    'development',
    'field suggestions in error messages only in `development`',
  ),
  ADMIN_TOKEN: secret('bearer token for mutations and whole-graph exports; unset turns them off', 16),
  CORS_ORIGINS: originList('origins allowed to read responses cross-origin; empty means same-origin only'),
  SLOW_QUERY_MS: integer('operations at least this slow are logged at `warn`', 200, { min: 0 }),
  RESPONSE_CACHE: choice(
    ['on', 'off'],
    'on',
    'cache whole answers to reads until a write touches what they show (`off` to measure the engine)',
  ),
  OTHER_LANGUAGES: choice(
    ['store', 'refuse'],
    'store',
    'articles not in English: `store` them without facts (searchable), or `refuse` them',
  ),
  // Query limits: each request is measured against these before any resolver or SQL runs.
  MAX_DEPTH: integer('deepest selection nesting, fragments flattened', 15, { min: 1 }),
  MAX_COST: integer('estimated cost of one operation', 50_000, { min: 1 }),
  MAX_ALIASES: integer('aliases in one operation', 15, { min: 0 }),
  MAX_DIRECTIVES: integer('directives in one operation', 20, { min: 0 }),
  MAX_TOKENS: integer('lexical tokens in one document', 2_000, { min: 1 }),
  MAX_DOCUMENT_BYTES: integer('size of the GraphQL document', 32_768, { min: 1 }),
  MAX_BODY_BYTES: integer('size of a request body (ingestion sends up to 1 MB)', 1_572_864, { min: 1 }),
  BATCH_LIMIT: integer('operations in one batched request; `0` turns batching off', 0, { min: 0, max: 100 }),
  REQUEST_TIMEOUT_MS: integer('time budget for executing one operation', 10_000, { min: 1 }),
  // Load: answers, cache entries and memory are bounded so that no request can exhaust the process.
  MAX_RESPONSE_BYTES: integer('a larger answer is replaced by one `RESPONSE_TOO_LARGE` error', 8_388_608, {
    min: 1024,
  }),
  RESPONSE_CACHE_MAX_ENTRY_BYTES: integer('larger answers are not cached', 262_144, { min: 0 }),
  RESPONSE_CACHE_MAX_ENTRIES: integer('answers the response cache holds at most', 1_000, { min: 1 }),
  SHED_HEAP_FRACTION: fraction(
    'with more of the heap limit in use, new requests get 503 `OVERLOADED` (`/health` and `/live` still answer)',
    0.8,
  ),
  EXTRACT_WORKERS: integer(
    'worker threads that extract and write ingested articles off the event loop (`0`: on it)',
    1,
    { min: 0, max: 16 },
  ),
  EXTRACT_TIMEOUT_MS: integer(
    'an article still extracting in a worker after this long is stopped with `TIMEOUT`',
    120_000,
    { min: 1 },
  ),
  INGEST_QUEUE_LIMIT: integer('articles waiting for a worker; more get 503 `OVERLOADED`', 8, { min: 0 }),
  WRITE_BUSY_RETRY_MS: integer(
    'how long a write retries while another process writes, then `DATABASE_BUSY`',
    10_000,
    { min: 0 },
  ),
  EXPORT_MAX_ENTITIES: integer(
    'entities in scope of an anonymous neighbourhood export; more is `QUERY_TOO_COMPLEX`',
    500,
    { min: 1 },
  ),
  EXPORT_MAX_FACTS: integer(
    'events, claims, relations and articles of an anonymous export; more is `QUERY_TOO_COMPLEX`',
    20_000,
    { min: 1 },
  ),
  EXPORT_MAX_BYTES: integer('an anonymous export is cut past this many bytes', 16_777_216, { min: 1024 }),
  EXPORT_MAX_MS: integer('an anonymous export is cut past this many milliseconds', 15_000, { min: 1 }),
  EXPORT_CONCURRENCY: integer('exports streaming at once; more get 503 `OVERLOADED`', 2, { min: 1 }),
} satisfies Record<string, Setting>;

type Settings = typeof settings;
type SettingValues = { [Name in keyof Settings]: z.output<Settings[Name]['schema']> };

const envSchema = z.object(
  Object.fromEntries(Object.entries(settings).map(([name, setting]) => [name, setting.schema])) as {
    [Name in keyof Settings]: Settings[Name]['schema'];
  },
);

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
  /** Largest answer sent in one piece; beyond it the answer is one RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
}

/** What an anonymous neighbourhood export may return before it is cut off with a coded error. */
export interface ExportLimits {
  /** Entities in scope (those asked for and every entity linked to them). */
  maxEntities: number;
  /** Events, claims, relations and articles together. */
  maxFacts: number;
  maxBytes: number;
  maxMs: number;
  /** Exports streaming at once; more are refused with 503 OVERLOADED. */
  concurrency: number;
}

export interface Config {
  port: number;
  host: string;
  /** A file path, ':memory:', or a PostgreSQL URL. */
  databasePath: string;
  /** A PostgreSQL streaming replica for reads, or undefined. */
  databaseReadUrl: string | undefined;
  seedsDir: string;
  migrationsDir: string;
  operationsDir: string;
  logLevel: SettingValues['LOG_LEVEL'];
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
  /** Answers larger than this are not cached; with the entry count, bounds the cache's memory. */
  responseCacheMaxEntryBytes: number;
  responseCacheMaxEntries: number;
  /** Share of the heap limit above which new requests are refused with 503 OVERLOADED. */
  shedHeapFraction: number;
  /** Worker threads that extract ingested articles off the event loop; 0 extracts on it. */
  extractWorkers: number;
  /** An article still extracting in a worker after this long is stopped with TIMEOUT. */
  extractTimeoutMs: number;
  /** Articles that may wait for an extraction worker; more are refused with 503 OVERLOADED. */
  ingestQueueLimit: number;
  /** How long a write waits for another process's write lock, retrying, before DATABASE_BUSY. */
  writeBusyRetryMs: number;
  exportLimits: ExportLimits;
  /** Articles in a language extraction does not cover: stored without facts, or refused. */
  otherLanguages: SettingValues['OTHER_LANGUAGES'];
}

export class ConfigError extends Error {}

/**
 * A PostgreSQL URL as it is; for SQLite, `file:` URLs and relative paths both work, relative ones taken
 * from the project root.
 */
function databasePathOf(url: string): string {
  if (isPostgresUrl(url)) return url;
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
  if (vars.DATABASE_READ_URL && !isPostgresUrl(vars.DATABASE_URL)) {
    throw new ConfigError(
      'invalid configuration: DATABASE_READ_URL: a read replica needs a PostgreSQL DATABASE_URL (a SQLite file is read where it is written)',
    );
  }
  return Object.freeze({
    port: vars.PORT,
    host: vars.HOST,
    databasePath: databasePathOf(vars.DATABASE_URL),
    databaseReadUrl: vars.DATABASE_READ_URL,
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
      maxResponseBytes: vars.MAX_RESPONSE_BYTES,
    }),
    slowQueryMs: vars.SLOW_QUERY_MS,
    corsOrigins: vars.CORS_ORIGINS,
    adminToken: vars.ADMIN_TOKEN,
    responseCache: vars.RESPONSE_CACHE === 'on',
    responseCacheMaxEntryBytes: vars.RESPONSE_CACHE_MAX_ENTRY_BYTES,
    responseCacheMaxEntries: vars.RESPONSE_CACHE_MAX_ENTRIES,
    shedHeapFraction: vars.SHED_HEAP_FRACTION,
    extractWorkers: vars.EXTRACT_WORKERS,
    extractTimeoutMs: vars.EXTRACT_TIMEOUT_MS,
    ingestQueueLimit: vars.INGEST_QUEUE_LIMIT,
    writeBusyRetryMs: vars.WRITE_BUSY_RETRY_MS,
    exportLimits: Object.freeze({
      maxEntities: vars.EXPORT_MAX_ENTITIES,
      maxFacts: vars.EXPORT_MAX_FACTS,
      maxBytes: vars.EXPORT_MAX_BYTES,
      maxMs: vars.EXPORT_MAX_MS,
      concurrency: vars.EXPORT_CONCURRENCY,
    }),
    otherLanguages: vars.OTHER_LANGUAGES,
  });
}
