import { expect, it } from 'vitest';
import { crashTest } from '../bench/crash-run.ts';

// The long form is `npm run crash` (100 kills); this one is bounded to a few kills of the real command.
it('keeps the database sound and every article whole when the ingest command is killed at random moments', async () => {
  const lines: string[] = [];
  const report = await crashTest({ kills: 8, seed: 20_160_322, copies: 3, log: (line) => lines.push(line) });
  expect(report.violations, lines.join('\n')).toEqual([]);
  expect(report.kills).toBe(8);
  expect(report.batchSize).toBeGreaterThanOrEqual(30);
  // Most kills must have hit a run that was writing, or the test proves little.
  expect(report.killsWithArticlesLanded).toBeGreaterThanOrEqual(4);
  expect(report.finalGraphEqualsReference).toBe(true);
}, 300_000);
