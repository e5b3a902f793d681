/**
 * The engine's performance targets (a benchmark, not a timed test): at 100,000 articles, cache off,
 * varying variables, 50 connections, 2 cores. `evaluateTargets` says of each whether the run met it, with
 * the measured figure; a target the run did not measure says so.
 */

/** One measured scenario on one server. */
export interface Measurement {
  size: number;
  cache: 'on' | 'off';
  /** operation: one of schema/operations/; three-levels*; trivial; bare (bare graphql-yoga); mix; aliases. */
  group:
    | 'operation'
    | 'three-levels'
    | 'three-levels-varying'
    | 'trivial'
    | 'bare'
    | 'mix'
    | 'aliases'
    | 'servers';
  /** Server processes sharing the database (the `servers` group), their throughput summed. */
  servers?: number;
  scenario: string;
  requests: number;
  reqPerSec: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Server CPU per request (user + system), milliseconds. */
  cpuMsPerRequest: number;
  /** SQL statements of one request, counted in-process (cache off); null where not counted. */
  sqlPerRequest: number | null;
  /** Longest event-loop delay in the server while the scenario ran, milliseconds. */
  loopMaxMs: number;
  /** Response-cache hits / lookups in the server; null with the cache off. */
  hitRate: number | null;
  /** Socket errors, timeouts, non-2xx answers, and GraphQL errors in the checked requests. */
  errors: number;
  note?: string;
}

export interface TargetResult {
  target: string;
  /** null: not measured in this run. */
  met: boolean | null;
  figure: string;
}

export const TARGETS = {
  size: 100_000,
  operationCpuMaxMs: 5,
  operationCpuMeanMs: 2,
  threeLevelsReqPerSec: 1_000,
  threeLevelsP99Ms: 50,
  threeLevelsVsTrivial: 2,
  trivialVsBare: 0.6,
  scalingMax: 1.5,
  scalingFrom: 10_000,
  mixP99Ms: 100,
  mixHitRate: 0.5,
  loopMaxMs: 100,
  manyAliasesMs: 1_000,
  manyAliasesSize: 20_000,
  serversScaling: 1.6,
  serversScalingAt: 4,
} as const;

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

/** The targets, judged at the target size when it was measured, else at the largest size measured. */
export function evaluateTargets(rows: readonly Measurement[]): TargetResult[] {
  const sizes = [...new Set(rows.map((r) => r.size))].sort((a, b) => a - b);
  const size = sizes.includes(TARGETS.size) ? TARGETS.size : sizes.at(-1);
  const at = size === TARGETS.size ? '' : ` [at ${size} articles; the target is for ${TARGETS.size}]`;
  const off = rows.filter((r) => r.size === size && r.cache === 'off');
  const one = (group: Measurement['group'], cache: 'on' | 'off' = 'off') =>
    rows.find((r) => r.size === size && r.cache === cache && r.group === group);
  const results: TargetResult[] = [];
  const add = (target: string, met: boolean | null, figure: string) =>
    results.push({ target, met, figure: met === null ? figure : `${figure}${at}` });

  const operations = off.filter((r) => r.group === 'operation');
  if (operations.length) {
    const worst = operations.reduce((a, b) => (b.cpuMsPerRequest > a.cpuMsPerRequest ? b : a));
    const mean = operations.reduce((sum, r) => sum + r.cpuMsPerRequest, 0) / operations.length;
    add(
      `every operation ≤ ${TARGETS.operationCpuMaxMs} ms CPU per request`,
      worst.cpuMsPerRequest <= TARGETS.operationCpuMaxMs,
      `max ${ms(worst.cpuMsPerRequest)} (${worst.scenario}), ${operations.filter((r) => r.cpuMsPerRequest > TARGETS.operationCpuMaxMs).length} of ${operations.length} over`,
    );
    add(
      `operations' mean ≤ ${TARGETS.operationCpuMeanMs} ms CPU per request`,
      mean <= TARGETS.operationCpuMeanMs,
      `mean ${ms(mean)}`,
    );
  } else add('operations’ CPU per request', null, 'not measured (--only)');

  const three = one('three-levels-varying') ?? one('three-levels');
  const trivial = one('trivial');
  if (three) {
    add(
      `three-level query ≥ ${TARGETS.threeLevelsReqPerSec} req/s, p99 ≤ ${TARGETS.threeLevelsP99Ms} ms`,
      three.requests > 0 &&
        three.reqPerSec >= TARGETS.threeLevelsReqPerSec &&
        three.p99 <= TARGETS.threeLevelsP99Ms,
      `${three.reqPerSec.toFixed(0)} req/s, p99 ${ms(three.p99)} (${three.scenario})`,
    );
    if (trivial) {
      const ratio = trivial.reqPerSec / three.reqPerSec;
      add(
        `three-level query within ${TARGETS.threeLevelsVsTrivial}x of trivial (cache off)`,
        ratio <= TARGETS.threeLevelsVsTrivial,
        `trivial is ${ratio.toFixed(1)}x faster`,
      );
    }
  } else add('three-level query', null, 'not measured (--only)');

  const bare = one('bare');
  if (trivial && bare) {
    const share = trivial.reqPerSec / bare.reqPerSec;
    add(
      `trivial { __typename } ≥ ${TARGETS.trivialVsBare * 100} % of bare graphql-yoga`,
      share >= TARGETS.trivialVsBare,
      `${(share * 100).toFixed(0)} % (${trivial.reqPerSec.toFixed(0)} vs ${bare.reqPerSec.toFixed(0)} req/s)`,
    );
  } else add('trivial vs bare graphql-yoga', null, 'not measured (--only)');

  const small = rows.filter(
    (r) => r.size === TARGETS.scalingFrom && r.cache === 'off' && r.group === 'operation',
  );
  const large = rows.filter((r) => r.size === TARGETS.size && r.cache === 'off' && r.group === 'operation');
  if (small.length && large.length) {
    const ratios = large
      .map((r) => ({ r, base: small.find((s) => s.scenario === r.scenario) }))
      .filter((x) => x.base && x.base.cpuMsPerRequest > 0)
      .map((x) => ({ name: x.r.scenario, ratio: x.r.cpuMsPerRequest / (x.base?.cpuMsPerRequest ?? 1) }));
    const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a), { name: '-', ratio: 0 });
    add(
      `cost at ${TARGETS.size} ≤ ${TARGETS.scalingMax}x the cost at ${TARGETS.scalingFrom}, every operation`,
      worst.ratio <= TARGETS.scalingMax,
      `worst ${worst.ratio.toFixed(2)}x (${worst.name}), ${ratios.filter((x) => x.ratio > TARGETS.scalingMax).length} of ${ratios.length} over`,
    );
  } else add(`cost at ${TARGETS.size} vs ${TARGETS.scalingFrom}`, null, 'needs both sizes in one run');

  const mixOff = one('mix', 'off');
  const mixOn = one('mix', 'on');
  if (mixOff) {
    add(
      `read mix with a concurrent writer: p99 ≤ ${TARGETS.mixP99Ms} ms (cache off)`,
      mixOff.p99 <= TARGETS.mixP99Ms,
      `p99 ${ms(mixOff.p99)}`,
    );
  }
  if (mixOn?.hitRate != null) {
    add(
      `read mix with a concurrent writer: cache hit rate > ${TARGETS.mixHitRate * 100} %`,
      mixOn.hitRate > TARGETS.mixHitRate,
      `${(mixOn.hitRate * 100).toFixed(0)} % (p99 ${ms(mixOn.p99)})`,
    );
  }
  if (!mixOff && !mixOn) add('read mix with a concurrent writer', null, 'not measured (--only)');

  const measured = rows.filter((r) => r.size === size && r.group !== 'bare');
  if (measured.length) {
    const worst = measured.reduce((a, b) => (b.loopMaxMs > a.loopMaxMs ? b : a));
    add(
      `no request blocks the event loop > ${TARGETS.loopMaxMs} ms`,
      worst.loopMaxMs <= TARGETS.loopMaxMs,
      `max delay ${ms(worst.loopMaxMs)} (${worst.scenario}, cache ${worst.cache})`,
    );
  }

  const aliases = rows
    .filter((r) => r.group === 'aliases')
    .sort(
      (a, b) => Math.abs(a.size - TARGETS.manyAliasesSize) - Math.abs(b.size - TARGETS.manyAliasesSize),
    )[0];
  if (aliases) {
    const where =
      aliases.size === TARGETS.manyAliasesSize
        ? ''
        : ` [at ${aliases.size} articles; the target is for ${TARGETS.manyAliasesSize}]`;
    results.push({
      target: `many-alias query answered or refused in < ${TARGETS.manyAliasesMs} ms`,
      met: aliases.p50 < TARGETS.manyAliasesMs,
      figure: `${ms(aliases.p50)}, ${aliases.note ?? ''}${where}`,
    });
  } else add('many-alias query', null, 'not measured (--only)');

  const fleet = rows.filter((r) => r.size === size && r.group === 'servers');
  const single = fleet.find((r) => r.servers === 1);
  const many = fleet.find((r) => r.servers === TARGETS.serversScalingAt);
  if (single && many) {
    const ratio = many.reqPerSec / single.reqPerSec;
    add(
      `${TARGETS.serversScalingAt} servers on one database ≥ ${TARGETS.serversScaling}x one server's read throughput`,
      ratio >= TARGETS.serversScaling,
      `${ratio.toFixed(2)}x (${many.reqPerSec.toFixed(0)} vs ${single.reqPerSec.toFixed(0)} req/s)`,
    );
  } else add('several servers on one database', null, 'not measured (--only servers, --servers 1,4)');
  return results;
}
