import { parseArgs } from 'node:util';
import { runLoad } from './run-load.ts';

/**
 * `npm run load -- [--duration 20] [--connections 50] [--writer ingest | --writer "<command>"]`: the example
 * operations against the real server on 127.0.0.1, on a temporary copy of the database. `--writer ingest`
 * ingests articles through the ingestArticle mutation all along; any other value is a command run beside.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    writer: { type: 'string' },
  },
});
const durationSeconds = Math.min(Number(values.duration), 300);
const connections = Math.min(Number(values.connections), 500);
console.log(`load: ${connections} connections for ${durationSeconds} s against 127.0.0.1`);
const report = await runLoad({
  durationSeconds,
  connections,
  ingestWriter: values.writer === 'ingest',
  writerCommand:
    values.writer && values.writer !== 'ingest' ? values.writer.split(' ').filter(Boolean) : undefined,
});
console.log(`requests/s     ${report.requestsPerSecond}`);
console.log(`latency p50    ${report.latencyP50Ms} ms`);
console.log(`latency p99    ${report.latencyP99Ms} ms`);
console.log(`requests       ${report.requests}`);
console.log(`errors         ${report.errors}`);
console.log(`timeouts       ${report.timeouts}`);
console.log(`non-2xx        ${report.non2xx}`);
console.log(`graphql errors ${report.graphqlErrors} (of the example operations, checked before the load)`);
console.log(`memory (RSS)   ${report.rssBeforeMb ?? '?'} MB before, ${report.rssAfterMb ?? '?'} MB after`);
if (report.writes) {
  const w = report.writes;
  console.log(
    `ingest writer  ${w.ingested} articles (${w.perSecond}/s), p50 ${w.latencyP50Ms} ms, p99 ${w.latencyP99Ms} ms, ${w.errors} errors, ${w.unchanged} copies already held`,
  );
}
const failures =
  report.errors + report.timeouts + report.non2xx + report.graphqlErrors + (report.writes?.errors ?? 0);
process.exitCode = failures > 0 ? 1 : 0;
