/**
 * `npm run crash -- [--kills 100] [--seed 1] [--copies 3]`: kills the ingest command with SIGKILL at
 * seeded random moments while it ingests a batch, and checks after every kill that the database is sound
 * and holds whole articles only; then one run completes the batch and must give the clean run's graph.
 */
import { parseArgs } from 'node:util';
import { crashTest } from './crash-run.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    copies: { type: 'string', default: '3' },
  },
});
const kills = Math.min(Math.max(Number(values.kills) || 1, 1), 1000);
const copies = Math.min(Math.max(Number(values.copies) || 1, 1), 20);
const report = await crashTest({
  kills,
  seed: Number(values.seed) || 1,
  copies,
  log: (line) => console.log(line),
});
console.log(`batch              ${report.batchSize} articles`);
console.log(`kills              ${report.kills}`);
console.log(`  with articles    ${report.killsWithArticlesLanded}`);
console.log(`  before the first ${report.killsBeforeFirstArticle}`);
console.log(`runs finished before their kill (database started over): ${report.runsCompletedBeforeKill}`);
console.log(`violations         ${report.violations.length}`);
for (const violation of report.violations) console.log(`  ${violation}`);
console.log(`final run gives the clean run's graph: ${report.finalGraphEqualsReference ? 'yes' : 'NO'}`);
process.exitCode = report.violations.length === 0 && report.finalGraphEqualsReference ? 0 : 1;
