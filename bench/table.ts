import type { Targets } from './scenarios.ts';

export interface ScenarioResult {
  scenario: string;
  cache: string;
  reqPerSec: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Server CPU time per request: steadier than latency when the machine is shared. */
  cpuMsPerRequest: number;
  errors: number;
  sqlPerRequest: number;
  /** req/s as a share of the trivial query's req/s on the same server: 1 means GraphQL over HTTP is all it costs. */
  vsHttpFloor: number;
  rawOpsPerSec: number | null;
  /** How many times slower than reading the same rows with raw prepared statements. */
  vsSqliteFloor: number | null;
  rssPeakMb: number;
}

export interface SizeResult {
  size: number;
  seed: number;
  database: string;
  builtSeconds: number | null;
  rssPeakMb: number;
  targets: Targets;
  rows: ScenarioResult[];
}

const pad = (text: string, width: number, left = false) => (left ? text.padEnd(width) : text.padStart(width));

/** Prints one table per corpus size, then how each scenario's latency grew from the smallest size. */
export function printTables(
  results: readonly SizeResult[],
  run: { duration: number; connections: number },
): void {
  const columns = [
    'req/s',
    'p50 ms',
    'p99 ms',
    'CPU ms/req',
    'SQL/req',
    'x HTTP floor',
    'SQLite floor/s',
    'x slower',
    'RSS MB',
  ];
  for (const size of results) {
    console.log(
      `\n${size.size} articles — ${run.connections} connections, ${run.duration} s per scenario; peak server RSS ${size.rssPeakMb.toFixed(0)} MB`,
    );
    console.log(
      `${pad('scenario', 34, true)} ${pad('cache', 5)} ${columns.map((c) => pad(c, 14)).join(' ')}`,
    );
    for (const row of size.rows) {
      const cells = [
        row.reqPerSec.toFixed(0),
        row.p50.toFixed(1),
        row.p99.toFixed(1),
        row.cpuMsPerRequest.toFixed(3),
        String(row.sqlPerRequest),
        row.vsHttpFloor.toFixed(2),
        row.rawOpsPerSec === null ? '-' : row.rawOpsPerSec.toFixed(0),
        row.vsSqliteFloor === null ? '-' : row.vsSqliteFloor.toFixed(1),
        row.rssPeakMb.toFixed(0),
      ];
      const flag = row.errors ? `  (${row.errors} errors)` : '';
      console.log(
        `${pad(row.scenario, 34, true)} ${pad(row.cache, 5)} ${cells.map((c) => pad(c, 14)).join(' ')}${flag}`,
      );
    }
  }
  const [first, ...rest] = results;
  if (!first || !rest.length) return;
  for (const other of rest) {
    console.log(
      `\nScaling ${first.size} → ${other.size} articles: time per request (1/req/s) and CPU per request; target ≤ 2x`,
    );
    for (const row of other.rows) {
      const base = first.rows.find((r) => r.scenario === row.scenario && r.cache === row.cache);
      if (!base) continue;
      const ratio = base.reqPerSec / row.reqPerSec;
      const cpu = base.cpuMsPerRequest ? row.cpuMsPerRequest / base.cpuMsPerRequest : Number.NaN;
      const over = ratio > 2 || cpu > 2 ? '  over target' : '';
      console.log(
        `${pad(row.scenario, 34, true)} ${pad(row.cache, 5)} ${pad(ratio.toFixed(2), 8)}x ${pad(cpu.toFixed(2), 8)}x${over}`,
      );
    }
  }
}
