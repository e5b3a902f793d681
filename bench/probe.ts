/**
 * Loaded into the server under test with `--import` (never by the product): an event-loop-delay histogram
 * and the response cache's hit counters, written to BENCH_PROBE_FILE as JSON on each SIGUSR2, then reset,
 * so the bench reads figures for exactly one scenario. With BENCH_CPU_PROFILE set to a path prefix, each
 * scenario's CPU profile is written beside it as `<prefix>.<seq>.cpuprofile`, to find what held the loop.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface ProbeReport {
  seq: number;
  /** Event-loop delay, milliseconds. */
  loopMaxMs: number;
  loopP99Ms: number;
  /** The longest garbage-collection pause, milliseconds, and how many pauses took over 50 ms. */
  gcMaxMs: number;
  gcOver50: number;
  cacheHits: number;
  cacheMisses: number;
}

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // A pause of the collector blocks the loop as surely as a long resolver: counted apart to tell them apart.
  let gc = { maxMs: 0, over50: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (entry.duration > 50) gc.over50++;
    }
  }).observe({ entryTypes: ['gc'] });
  const profiler = cpuProfiler(process.env.BENCH_CPU_PROFILE);
  let seq = 0;
  let counted = { hits: 0, misses: 0 };
  process.on('SIGUSR2', () => {
    void import('../src/server/response-cache.ts').then(({ responseCacheCounters: counters }) => {
      const report: ProbeReport = {
        seq: ++seq,
        loopMaxMs: histogram.max / 1e6,
        loopP99Ms: histogram.percentile(99) / 1e6,
        gcMaxMs: gc.maxMs,
        gcOver50: gc.over50,
        cacheHits: counters.hits - counted.hits,
        cacheMisses: counters.misses - counted.misses,
      };
      counted = { hits: counters.hits, misses: counters.misses };
      histogram.reset();
      gc = { maxMs: 0, over50: 0 };
      profiler?.(report.seq);
      writeFileSync(file, JSON.stringify(report));
    });
  });
}

/** Starts sampling now; the function it returns writes what was sampled since and starts again. */
function cpuProfiler(prefix: string | undefined): ((seq: number) => void) | undefined {
  if (!prefix) return undefined;
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  return (seq) => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(`${prefix}.${seq}.cpuprofile`, JSON.stringify(result.profile));
      session.post('Profiler.start');
    });
  };
}
