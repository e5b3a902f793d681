import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { BENCH_DATA_DIR } from './corpus.ts';
import type { ProbeReport } from './probe.ts';

export interface RunningServer {
  url: string;
  pid: number;
  /** Resident set size of the server process, in bytes. */
  rss(): number;
  /** CPU time the server process has used so far (user + system), in milliseconds. */
  cpuMs(): number;
  /** Event-loop delay and cache hits since the previous call (the first call starts the count). */
  probe(): Promise<ProbeReport>;
  stop(): Promise<void>;
}

const SERVE = [resolve(PROJECT_ROOT, 'src/cli/main.ts'), 'serve'];
const PROBE = resolve(PROJECT_ROOT, 'bench/probe.ts');

/**
 * Starts `serve` as its own process on a free port of 127.0.0.1, on `databasePath`, without seeds so the
 * graph is exactly the generated one. Resolves once it listens; rejects if it exits or takes over 60 s.
 */
export function startServer(
  databasePath: string,
  env: Record<string, string> = {},
  entry: string[] = SERVE,
): Promise<RunningServer> {
  const probeDir = mkdtempSync(join(tmpdir(), 'nkg-bench-probe-'));
  const probeFile = join(probeDir, 'probe.json');
  // BENCH_SERVER_NODE_FLAGS adds Node flags to the server alone, e.g. `--cpu-prof` to see where a stall is.
  const flags = process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--import', PROBE, ...entry], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...env,
      BENCH_PROBE_FILE: probeFile,
      DATABASE_URL: databasePath,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      SEEDS_DIR: resolve(BENCH_DATA_DIR, 'no-seeds'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at http:\/\/[^:]+:(\d+)\/graphql/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolvePromise(running(child, `http://127.0.0.1:${match[1]}/graphql`, probeFile, probeDir));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${output}`));
    });
  });
}

/** A bare graphql-yoga server (bench/bare-server.ts), started and measured like the real one. */
export function startBareServer(): Promise<RunningServer> {
  return startServer(':memory:', {}, [resolve(PROJECT_ROOT, 'bench/bare-server.ts')]);
}

function running(child: ChildProcess, url: string, probeFile: string, probeDir: string): RunningServer {
  const pid = child.pid as number;
  child.removeAllListeners('exit');
  let seq = 0;
  return {
    url,
    pid,
    rss: () => residentBytes(pid),
    cpuMs: () => cpuMilliseconds(pid),
    async probe() {
      seq++;
      child.kill('SIGUSR2');
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        const report = readProbe(probeFile);
        if (report && report.seq >= seq) return report;
        await new Promise((r) => setTimeout(r, 20));
      }
      // A server stalled that long has failed the event-loop target anyway: say so, and go on measuring.
      console.log('    ! the server under test did not answer the probe within 60 s');
      return {
        seq,
        loopMaxMs: 60_000,
        loopP99Ms: 60_000,
        gcMaxMs: 0,
        gcOver50: 0,
        cacheHits: 0,
        cacheMisses: 0,
      };
    },
    stop: () =>
      new Promise((done) => {
        const finish = () => {
          rmSync(probeDir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

/** The probe's last report; null before the first or while it is being written. */
function readProbe(file: string): ProbeReport | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProbeReport;
  } catch {
    return null;
  }
}

/** VmRSS from /proc on Linux; 0 where /proc is missing (the table then shows no memory figure). */
function residentBytes(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return 0;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * utime + stime from /proc/<pid>/stat: CPU time is what a request costs even when other work shares the
 * machine, where req/s and latency move with the neighbours. 0 where /proc is missing.
 */
function cpuMilliseconds(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return 0;
  const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;
