import { afterAll, expect, it } from 'vitest';
import { runLoad } from '../bench/run-load.ts';
import { seededDatabase, tempDir } from './hardening-helpers.ts';

const temp = tempDir();
afterAll(() => temp.remove());

it('serves a short burst of the example operations without an error or a timeout', async () => {
  const report = await runLoad({
    durationSeconds: 2,
    connections: 10,
    sourceDatabase: await seededDatabase(temp.dir),
  });
  expect(report).toMatchObject({ errors: 0, timeouts: 0, non2xx: 0, graphqlErrors: 0 });
  expect(report.requests).toBeGreaterThan(10);
}, 60_000);

it('serves the burst without an error or a timeout while articles are ingested through the mutation', async () => {
  const report = await runLoad({
    durationSeconds: 2,
    connections: 10,
    sourceDatabase: await seededDatabase(temp.dir),
    ingestWriter: true,
  });
  expect(report).toMatchObject({ errors: 0, timeouts: 0, non2xx: 0, graphqlErrors: 0 });
  expect(report.requests).toBeGreaterThan(10);
  expect(report.writes?.errors).toBe(0);
  expect(report.writes?.ingested).toBeGreaterThan(0);
}, 60_000);
