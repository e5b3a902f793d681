/**
 * The corpus half of `npm run eval`: for each development split, ingests it into a fresh temporary
 * database, starts the server on a free port, runs ../shared/tools/score-corpus.mjs (the reference
 * scorer) against it with --json, and prints the figures as one table. Everything runs as real
 * processes through the public CLI and API, as a user would run them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';

interface Prf {
  p: number;
  r: number;
  f: number;
}

interface Split {
  folder: string;
  /** score-corpus options, and the label of the row group they give. */
  runs: { label: string; args: string[] }[];
}

const SPLITS: Split[] = [
  {
    folder: 'conll2003-dev',
    runs: [
      { label: 'conll2003-dev, general news', args: ['--genre', 'general'] },
      { label: 'conll2003-dev, all documents', args: [] },
    ],
  },
  { folder: 'polnear-dev', runs: [{ label: 'polnear-dev', args: [] }] },
  { folder: 'ecbplus-dev', runs: [{ label: 'ecbplus-dev', args: [] }] },
];

const CLI = join(PROJECT_ROOT, 'src', 'cli', 'main.ts');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Starts `serve` on a free port; resolves with the GraphQL URL once it listens. */
function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
      cwd: PROJECT_ROOT,
      env: { ...env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /GraphQL server ready at (\S+)/.exec(output);
      if (match?.[1]) {
        child.stdout.off('data', onData);
        resolve({ url: match[1].replace('//localhost:', '//127.0.0.1:'), child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const pct = (x: number | undefined) => (x === undefined ? '—' : (100 * x).toFixed(1));
const prf = (v: Prf | undefined) => (v ? `${pct(v.p)} / ${pct(v.r)} / **${pct(v.f)}**` : '—');

/** Table rows ("| corpus | measure | P / R / F1 |") for one score-corpus JSON result. */
function rows(label: string, json: { results: Record<string, unknown> }): string[] {
  const out: string[] = [];
  const ner = json.results.ner as
    | {
        strict: Record<string, { exact: Prf }>;
        miscExcused: Record<string, { exact: Prf }>;
        documentLevel: { typed: Prf };
      }
    | undefined;
  if (ner) {
    out.push(`| ${label} | PER+ORG+LOC exact | ${prf(ner.strict.ALL3?.exact)} |`);
    out.push(`| | PER+ORG+LOC exact, MISC-excused | ${prf(ner.miscExcused.ALL3?.exact)} |`);
    out.push(`| | all 4 types exact (conlleval-like) | ${prf(ner.strict.ALL4?.exact)} |`);
    out.push(
      `| | PER · ORG · LOC exact F1 | ${['PER', 'ORG', 'LOC'].map((t) => pct(ner.strict[t]?.exact.f)).join(' · ')} |`,
    );
    out.push(`| | document-level entities (typed) | ${prf(ner.documentLevel.typed)} |`);
  }
  const attribution = json.results.attribution as
    | { content: Prf; contentAndSpeaker: Prf; beginMatch: Prf; exactMatch: Prf }
    | undefined;
  if (attribution) {
    out.push(`| ${label} | content found (overlap) | ${prf(attribution.content)} |`);
    out.push(`| | content + right speaker | ${prf(attribution.contentAndSpeaker)} |`);
    out.push(`| | content begin-match | ${prf(attribution.beginMatch)} |`);
    out.push(`| | content exact-match | ${prf(attribution.exactMatch)} |`);
  }
  const events = json.results.events as { subsets: Record<string, Prf> } | undefined;
  if (events) {
    const [name, all] = Object.entries(events.subsets)[0] ?? [];
    out.push(`| ${label} | event triggers (${name ?? 'all'}) | ${prf(all)} |`);
  }
  return out;
}

/** Scores every development split found under `corporaDir`; returns the printed table's lines. */
export async function corpusTable(corporaDir: string, log: (line: string) => void): Promise<string[]> {
  const scorer = join(corporaDir, '..', 'tools', 'score-corpus.mjs');
  if (!existsSync(scorer)) throw new Error(`no scorer at ${scorer}`);
  const table = ['| corpus (dev split) | measure | P / R / F1 |', '| --- | --- | --- |'];
  for (const split of SPLITS) {
    const folder = join(corporaDir, split.folder);
    if (!existsSync(folder)) {
      log(`${split.folder}: not found, skipped`);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kg-eval-'));
    const env = { ...process.env, DATABASE_URL: join(dir, 'graph.sqlite'), LOG_LEVEL: 'warn' };
    try {
      log(`${split.folder}: ingesting into a fresh database`);
      const ingest = await run(['--import', 'tsx', CLI, 'ingest', folder], env);
      if (ingest.code !== 0) throw new Error(`ingest of ${split.folder} failed:\n${ingest.output}`);
      const server = await startServer(env);
      try {
        for (const { label, args } of split.runs) {
          log(`${label}: scoring`);
          const jsonFile = join(dir, 'scores.json');
          const scored = await run([scorer, folder, '--url', server.url, '--json', jsonFile, ...args], env);
          if (scored.code !== 0) throw new Error(`score-corpus on ${label} failed:\n${scored.output}`);
          table.push(...rows(label, JSON.parse(readFileSync(jsonFile, 'utf8'))));
        }
      } finally {
        await stop(server.child);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return table;
}
