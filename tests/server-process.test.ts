import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, runCli, type ServerProcess, scratchDir, startServerProcess } from './helpers.ts';

afterAll(() => {
  cleanupTempDirs();
});

/** The lines a process wrote to stderr, without the trailing newline. */
function linesOf(stderr: string): string[] {
  return stderr.trimEnd().split('\n');
}

// One process for its whole life, as a deployment sees it: these tests run in order and the last one stops it.
describe('the server process', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess();
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('prints the address it listens on, with the port the system gave it', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it('names each migration it applies to a new database before it runs', async () => {
    const logging = await startServerProcess({ LOG_LEVEL: 'info' });
    expect((await fetch(`${logging.origin}/health`)).status).toBe(200);
    await logging.stop('SIGTERM');
    // 'exit' can come before the last of stderr has been read.
    const stderr = logging.process.stderr;
    if (stderr && !stderr.readableEnded) await new Promise((done) => stderr.once('end', done));
    const migrations = logging
      .stderr()
      .split('\n')
      .filter((line) => line.includes('applying database migration'))
      .map((line) => JSON.parse(line).migration);
    expect(migrations[0]).toBe('0001_init.sql');
    expect(migrations).toContain('0009_entity_neighbors.sql');
  });

  it('answers GET /health over a socket with the seeded counts', async () => {
    const res = await fetch(`${server.origin}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', database: 'ok', counts: { articles: 1 } });
    expect(body.counts.claims).toBeGreaterThanOrEqual(8);
  });

  it('answers a GraphQL query over a socket as a frontend would send it', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: 'query($slug: String!) { person(slug: $slug) { name offices { title } } }',
        variables: { slug: 'david-cameron' },
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: {
        person: { name: 'David Cameron', offices: [{ title: 'Prime Minister of the United Kingdom' }] },
      },
    });
  });

  it('keeps serving while a second server on its port exits non-zero with a one-line reason', async () => {
    const run = await runCli(['serve'], {
      PORT: String(server.port),
      DATABASE_URL: join(scratchDir(), 'graph.db'),
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('GraphQL server ready');
    const lines = linesOf(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/EADDRINUSE|in use/);
    expect(lines[0]).toContain(String(server.port));
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
  });

  it('exits with code 0 within a few seconds of SIGTERM and stops listening', async () => {
    const started = Date.now();
    const code = await server.stop('SIGTERM', 5_000);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(fetch(`${server.origin}/health`)).rejects.toThrow();
  });
});

// Each starts its own process; they run side by side so that the suite stays quick.
describe.concurrent('a server that cannot start', () => {
  it('exits non-zero with a one-line reason naming a database path it cannot write', async ({ expect }) => {
    const file = join(scratchDir(), 'a-file');
    writeFileSync(file, 'not a folder');
    const databasePath = join(file, 'graph.db');
    const run = await runCli(['serve'], { PORT: '0', DATABASE_URL: databasePath });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('GraphQL server ready');
    const lines = linesOf(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(databasePath);
  });

  it('exits non-zero with a one-line reason naming PORT when PORT is not a number', async ({ expect }) => {
    const run = await runCli(['serve'], { PORT: 'abc', DATABASE_URL: join(scratchDir(), 'graph.db') });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('GraphQL server ready');
    const lines = linesOf(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });
});
