import type { Measurement, TargetResult } from './targets.ts';

const pad = (text: string, width: number, left = false) => (left ? text.padEnd(width) : text.padStart(width));
const fixed = (n: number | null, digits: number) =>
  n === null || !Number.isFinite(n) ? '-' : n.toFixed(digits);

const COLUMNS: [string, number, (r: Measurement) => string][] = [
  ['req/s', 8, (r) => fixed(r.reqPerSec, 0)],
  ['p50 ms', 8, (r) => fixed(r.p50, 1)],
  ['p99 ms', 8, (r) => fixed(r.p99, 1)],
  ['CPU ms/req', 11, (r) => fixed(r.cpuMsPerRequest, 2)],
  ['SQL/req', 8, (r) => fixed(r.sqlPerRequest, 1)],
  ['loop max ms', 12, (r) => fixed(r.loopMaxMs, 0)],
  ['hit %', 6, (r) => (r.hitRate === null ? '-' : (r.hitRate * 100).toFixed(0))],
  ['errors', 7, (r) => String(r.errors)],
];

/** One table per corpus size: a row per scenario and cache mode. */
export function printMeasurements(
  rows: readonly Measurement[],
  run: { duration: number; connections: number },
): void {
  for (const size of [...new Set(rows.map((r) => r.size))]) {
    console.log(
      `\n${size} articles — ${run.connections} connections, ${run.duration} s per scenario, variables vary per request`,
    );
    console.log(
      `${pad('scenario', 36, true)} ${pad('cache', 5)} ${COLUMNS.map(([c, w]) => pad(c, w)).join(' ')}`,
    );
    for (const row of rows.filter((r) => r.size === size)) {
      const cells = COLUMNS.map(([, w, cell]) => pad(cell(row), w)).join(' ');
      console.log(
        `${pad(row.scenario, 36, true)} ${pad(row.cache, 5)} ${cells}${row.note ? `  ${row.note}` : ''}`,
      );
    }
  }
}

export function printTargets(results: readonly TargetResult[]): void {
  console.log('\nTargets');
  for (const result of results) {
    const verdict = result.met === null ? 'not run' : result.met ? 'met' : 'NOT MET';
    console.log(`  ${pad(verdict, 8, true)} ${result.target}: ${result.figure}`);
  }
}
