import { parseArgs } from 'node:util';
import { runLoad } from './run-load.ts';

/**
 * `npm run load -- [--duration 20] [--connections 50] [--writer "<command>"]`: the example operations
 * against the real server on 127.0.0.1, on a temporary copy of the database.
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
  writerCommand: values.writer ? values.writer.split(' ').filter(Boolean) : undefined,
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
process.exitCode = report.errors + report.timeouts + report.non2xx + report.graphqlErrors > 0 ? 1 : 0;
