import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { annotationSchema } from '../src/annotation/format.ts';
import { resolveAnnotation } from '../src/annotation/resolve-annotation.ts';
import type { App } from '../src/server.ts';
import { writeArticleGraph } from '../src/store/graph-writer.ts';
import type { Store } from '../src/store/index.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { globalId, testApp } from './helpers.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURES_DIR = join(ROOT, 'tests/fixtures/annotated');

/** An invented article with its annotation, as the fixtures hold them. */
interface Fixture {
  title: string;
  body: string;
  annotation: unknown;
}

/** The fixture file names, in name order. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Writes one fixture article through the store's write path, as ingestion would. */
export function writeFixture(store: Store, name: string) {
  const fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as Fixture;
  const annotation = annotationSchema.parse(fixture.annotation);
  return writeArticleGraph(
    store,
    {
      title: fixture.title,
      body: fixture.body,
      publishedAt: annotation.article.publishedAt ?? null,
      source: annotation.article.source ?? null,
      url: annotation.article.url ?? null,
      contentHash: contentHash(fixture.title, fixture.body),
      annotationHash: null,
    },
    resolveAnnotation(fixture.body, annotation),
  );
}

export interface QueryTestApp {
  app: App;
  store: Store;
  /** SQL statements run since the last request (or the last reset). */
  sqlCount(): number;
  /** Posts a GraphQL request and returns the status, the parsed body and the statements it ran. */
  gql(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GqlBody; statements: number }>;
  close(): Promise<void>;
}

export interface GqlBody {
  // biome-ignore lint/suspicious/noExplicitAny: response data is checked field by field in tests
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/**
 * A fresh app over a temporary SQLite file with the real migrations and the seed, plus the invented
 * fixture articles (all by default, or the ones named).
 */
export async function queryTestApp(
  options: { fixtures?: readonly string[]; env?: Record<string, string> } = {},
): Promise<QueryTestApp> {
  const t = await testApp(options.env ? { env: options.env } : {});
  for (const name of options.fixtures ?? fixtureNames()) await writeFixture(t.store, name);
  t.resetSqlCount();
  return {
    app: t.app,
    store: t.store,
    sqlCount: t.sqlCount,
    async gql(query, variables) {
      t.resetSqlCount();
      const { status, body } = await t.gql(query, variables);
      return { status, body, statements: t.sqlCount() };
    },
    close: t.close,
  };
}

export { globalId };
