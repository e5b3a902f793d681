import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../src/config.ts';
import { generateArticle } from '../src/corpus/article.ts';
import { createWorld } from '../src/corpus/world.ts';
import { readArticleFile } from '../src/ingest/article-files.ts';
import { checkArticle } from '../src/ingest/article-input.ts';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { readDocumentFile } from '../src/ingest/read-source.ts';
import { openStore } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { contentHash } from '../src/text/content-hash.ts';
import { factsPerArticle, type GraphDump, graphDump, soundness } from '../tests/graph-dump.ts';
import { benchArticleFiles } from './articles.ts';

export interface CrashOptions {
  /** How many times the ingest command is killed with SIGKILL. */
  kills: number;
  /** Seed of the random kill moments, so that a failing run can be repeated. */
  seed: number;
  /** Rounds of articles in the batch: the bench articles, then rounds of invented ones as many. */
  copies: number;
  /** Called with a line per kill. */
  log?: (line: string) => void;
}

export interface CrashReport {
  batchSize: number;
  kills: number;
  /** Kills that found articles in the database afterwards (some landed before the kill). */
  killsWithArticlesLanded: number;
  /** Kills that hit the process before it wrote its first article. */
  killsBeforeFirstArticle: number;
  /** Runs that finished the whole batch before their kill came; the database then started over. */
  runsCompletedBeforeKill: number;
  /** Everything found wrong after a kill; empty when every kill left a sound, whole graph. */
  violations: string[];
  /** Whether a final uninterrupted run completed the batch into the same graph as a clean run. */
  finalGraphEqualsReference: boolean;
}

const MIGRATIONS = join(PROJECT_ROOT, 'db');

/** mulberry32: a small seeded generator; the kill moments must be repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the batch: the bench articles with their sidecars, then `copies - 1` further rounds of as many
 * invented articles from the corpus generator. Each file is a distinct story: the ingest command keeps
 * one article for copies of a story, so retitled copies would not each become an article.
 */
function writeBatch(dir: string, copies: number): string[] {
  mkdirSync(dir);
  const files = benchArticleFiles();
  for (const file of files) {
    const article = readArticleFile(file);
    writeFileSync(join(dir, `000-${basename(file, '.txt')}.txt`), `${article.title}\n\n${article.body}\n`);
    const { url, publishedAt, source } = article;
    writeFileSync(
      join(dir, `000-${basename(file, '.txt')}.meta.json`),
      JSON.stringify({ url, publishedAt, source }),
    );
  }
  const invented = files.length * (copies - 1);
  const world = createWorld(invented, 1);
  for (let index = 0; index < invented; index++) {
    const { article } = generateArticle(world, 1, index, invented);
    const name = `${String(1 + Math.floor(index / files.length)).padStart(3, '0')}-${String(index).padStart(4, '0')}`;
    writeFileSync(join(dir, `${name}.txt`), `${article.title}\n\n${article.body}\n`);
    writeFileSync(join(dir, `${name}.meta.json`), JSON.stringify({ publishedAt: article.publishedAt }));
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => join(dir, name));
}

interface Reference {
  /** Content hashes in batch order. */
  order: string[];
  /** prefixes[k]: the graph after the first k articles of the batch. */
  prefixes: GraphDump[];
  facts: ReturnType<typeof factsPerArticle>;
  msPerArticle: number;
}

/** The batch ingested in one clean run, in process, with the graph recorded after every article. */
async function reference(files: string[], dbPath: string): Promise<Reference> {
  const store = await openStore(dbPath, MIGRATIONS);
  const prefixes = [graphDump(sqliteDatabaseOf(store))];
  const order: string[] = [];
  const times: number[] = [];
  for (const file of files) {
    const { document } = readDocumentFile(file);
    const checked = checkArticle(document);
    order.push(contentHash(checked.title, checked.body));
    const start = performance.now();
    // The command's own path: the same language, duplicate and version decisions.
    await ingestDocument(store, document);
    times.push(performance.now() - start);
    prefixes.push(graphDump(sqliteDatabaseOf(store)));
  }
  // The first article loads the gazetteers; a child process pays that before its first line of output.
  const msPerArticle = times.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, times.length - 1);
  const facts = factsPerArticle(sqliteDatabaseOf(store));
  await store.close();
  return { order, prefixes, facts, msPerArticle };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** Milliseconds from spawn to the first "ingested" line (an article written), if any came. */
  firstOutputMs: number | null;
}

/**
 * Runs `ingest <batch>` on `dbPath`; `killAt` decides when to SIGKILL it: at a delay from the spawn, or at a
 * delay from the first article it reports written. Resolves when the process is gone.
 */
function runIngest(
  batchDir: string,
  dbPath: string,
  killAt: { from: 'spawn' | 'output'; delayMs: number } | null,
): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', batchDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: dbPath, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const started = performance.now();
  let stdout = '';
  let firstOutputMs: number | null = null;
  const kill = (delayMs: number) => setTimeout(() => child.kill('SIGKILL'), delayMs);
  let timer: NodeJS.Timeout | undefined;
  if (killAt?.from === 'spawn') timer = kill(killAt.delayMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // Anchored on a written article rather than any line: a resumed run first skips what is there and
    // loads the gazetteers, and kills are meant to land among writes.
    if (firstOutputMs === null && /^ingested /m.test(stdout)) {
      firstOutputMs = performance.now() - started;
      if (killAt?.from === 'output') timer = kill(killAt.delayMs);
    }
  });
  // A bound on the run, whatever happens: a stuck child must not hold the caller forever.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, firstOutputMs });
    });
  });
}

function removeDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
}

/**
 * Checks the database a killed run left: SQLite's own checks, then that the articles present are a prefix
 * of the batch, that the graph is exactly the clean run's graph after that prefix (so every present
 * article is whole and absent ones left nothing), and that every article the run reported is there.
 * Returns the number of articles present and what was wrong.
 */
async function inspect(
  dbPath: string,
  ref: Reference,
  files: string[],
  stdout: string,
): Promise<{ present: number; wrong: string[] }> {
  const wrong: string[] = [];
  if (existsSync(dbPath)) {
    const raw = new Database(dbPath);
    const { integrity, foreignKeyViolations } = soundness(raw);
    raw.close();
    if (integrity !== 'ok') wrong.push(`integrity_check: ${integrity}`);
    if (foreignKeyViolations.length) wrong.push(`foreign_key_check: ${foreignKeyViolations.length} rows`);
  }
  const store = await openStore(dbPath, MIGRATIONS);
  try {
    const present = sqliteDatabaseOf(store)
      .prepare('SELECT content_hash FROM articles ORDER BY id')
      .pluck()
      .all() as string[];
    const k = present.length;
    if (present.join() !== ref.order.slice(0, k).join()) {
      wrong.push(`the ${k} articles present are not the first ${k} of the batch`);
    }
    for (const [hash, counts] of factsPerArticle(sqliteDatabaseOf(store))) {
      const expected = ref.facts.get(hash);
      if (JSON.stringify(counts) !== JSON.stringify(expected)) {
        wrong.push(
          `article ${hash.slice(0, 12)} has ${JSON.stringify(counts)}, whole it has ${JSON.stringify(expected)}`,
        );
      }
    }
    if (JSON.stringify(graphDump(sqliteDatabaseOf(store))) !== JSON.stringify(ref.prefixes[k])) {
      wrong.push(`the graph differs from a clean run's graph after ${k} articles`);
    }
    // A line of output comes after its article's commit: whatever was reported must have survived.
    const reported = files.filter((file) =>
      new RegExp(`^(ingested|unchanged) ${escapeRegExp(file)} `, 'm').test(stdout),
    );
    const lost = reported.filter((file) => !present.includes(ref.order[files.indexOf(file)] as string));
    if (lost.length) wrong.push(`${lost.length} articles reported as ingested are missing`);
    return { present: k, wrong };
  } finally {
    await store.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Crash consistency of the ingest command: builds a batch of articles, records a clean run of it, then
 * starts the real command on its own database again and again, killing it with SIGKILL at seeded random
 * moments, and checks the database after each kill. A run that finishes before its kill starts the
 * database over. At the end one uninterrupted run must complete the batch into the clean run's graph.
 */
export async function crashTest(options: CrashOptions): Promise<CrashReport> {
  const dir = mkdtempSync(join(tmpdir(), 'nkg-crash-'));
  const log = options.log ?? (() => {});
  try {
    const files = writeBatch(join(dir, 'batch'), options.copies);
    const ref = await reference(files, join(dir, 'reference.db'));
    const full = ref.prefixes.at(-1);
    const dbPath = join(dir, 'crashed.db');
    const next = random(options.seed);
    let startupMs = 3000;
    let present = 0;
    const report: CrashReport = {
      batchSize: files.length,
      kills: 0,
      killsWithArticlesLanded: 0,
      killsBeforeFirstArticle: 0,
      runsCompletedBeforeKill: 0,
      violations: [],
      finalGraphEqualsReference: false,
    };
    while (report.kills < options.kills) {
      // Most kills land while articles are written; some while the process starts and migrates.
      // Kills spread over the time the articles still missing take to write (what is there is skipped).
      const windowMs = Math.max(50, ref.msPerArticle * (files.length - present) * 1.2);
      const killAt =
        next() < 0.15
          ? { from: 'spawn' as const, delayMs: next() * startupMs }
          : { from: 'output' as const, delayMs: next() * windowMs };
      const run = await runIngest(join(dir, 'batch'), dbPath, killAt);
      if (run.firstOutputMs !== null) startupMs = run.firstOutputMs;
      if (run.signal !== 'SIGKILL') {
        report.runsCompletedBeforeKill++;
        const { wrong } = await inspect(dbPath, ref, files, run.stdout);
        report.violations.push(...wrong.map((w) => `completed run: ${w}`));
        removeDatabase(dbPath);
        present = 0;
        continue;
      }
      report.kills++;
      const inspected = await inspect(dbPath, ref, files, run.stdout);
      const wrong = inspected.wrong;
      present = inspected.present;
      // A batch finished by earlier runs leaves nothing to interrupt: start over.
      if (present === files.length) {
        removeDatabase(dbPath);
        present = 0;
      }
      if (inspected.present === 0) report.killsBeforeFirstArticle++;
      else report.killsWithArticlesLanded++;
      report.violations.push(...wrong.map((w) => `kill ${report.kills}: ${w}`));
      log(
        `kill ${report.kills}: ${killAt.from === 'spawn' ? 'from start' : 'after first article'} +${killAt.delayMs.toFixed(0)} ms, ${inspected.present}/${files.length} articles present${wrong.length ? `, WRONG: ${wrong.join('; ')}` : ''}`,
      );
    }
    const last = await runIngest(join(dir, 'batch'), dbPath, null);
    if (last.code !== 0) report.violations.push(`the final run exited with ${last.code}`);
    const store = await openStore(dbPath, MIGRATIONS);
    report.finalGraphEqualsReference =
      JSON.stringify(graphDump(sqliteDatabaseOf(store))) === JSON.stringify(full);
    const { integrity } = soundness(sqliteDatabaseOf(store));
    if (integrity !== 'ok') report.violations.push(`final integrity_check: ${integrity}`);
    await store.close();
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
