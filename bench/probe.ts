/**
 * Loaded into the server under test with `--import` (never by the product): an event-loop-delay histogram
 * and the response cache's hit counters, written to BENCH_PROBE_FILE as JSON on each SIGUSR2, then reset,
 * so the bench reads figures for exactly one scenario.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeReport {
  seq: number;
  /** Event-loop delay, milliseconds. */
  loopMaxMs: number;
  loopP99Ms: number;
  cacheHits: number;
  cacheMisses: number;
}

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let seq = 0;
  let counted = { hits: 0, misses: 0 };
  process.on('SIGUSR2', () => {
    void import('../src/server/response-cache.ts').then(({ responseCacheCounters: counters }) => {
      const report: ProbeReport = {
        seq: ++seq,
        loopMaxMs: histogram.max / 1e6,
        loopP99Ms: histogram.percentile(99) / 1e6,
        cacheHits: counters.hits - counted.hits,
        cacheMisses: counters.misses - counted.misses,
      };
      counted = { hits: counters.hits, misses: counters.misses };
      histogram.reset();
      writeFileSync(file, JSON.stringify(report));
    });
  });
}
