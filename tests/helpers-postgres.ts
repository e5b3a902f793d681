import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { isExecutable } from '../src/store/postgres-backup.ts';

/**
 * A private, throwaway PostgreSQL cluster for tests: `initdb` into a fresh temp folder, a server that
 * listens on 127.0.0.1 only (a free port) with its socket inside that folder, tuned for speed over
 * durability. Nothing of the machine's own PostgreSQL set-up (services, clusters, config) is touched.
 */
export interface PostgresCluster {
  /** Connection string of the cluster's `postgres` database, as its superuser `postgres` (trust auth). */
  url: string;
  port: number;
  /** Stops the server but keeps its data, to be started again on the same port by `resume`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops the server (fast shutdown) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const SERVER_BINARIES = ['initdb', 'pg_ctl', 'postgres'];
const DEBIAN_VERSIONS_DIR = '/usr/lib/postgresql';
const START_TIMEOUT_SECONDS = 60;
const PORT_ATTEMPTS = 3;

/** Settings of a cluster that lives for one test run: no durability, no background work, small memory. */
const SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'",
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  archive_mode: 'off',
  autovacuum: 'off',
  jit: 'off',
  shared_buffers: "'32MB'",
  max_connections: '20',
  logging_collector: 'off',
  log_min_messages: 'warning',
  // Stable messages and number formats, whatever the machine's locale.
  lc_messages: "'C'",
};

/** Newest major version first: "15" before "9.6". */
function byVersionDescending(a: string, b: string): number {
  return b.localeCompare(a, 'en', { numeric: true });
}

/** The folder holding initdb, pg_ctl and postgres: pg_config's bindir, else Debian's layout, else PATH. */
function findBinDir(): string | null {
  const candidates: string[] = [];
  const config = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (config.status === 0 && config.stdout.trim()) candidates.push(config.stdout.trim());
  if (existsSync(DEBIAN_VERSIONS_DIR)) {
    for (const version of readdirSync(DEBIAN_VERSIONS_DIR).sort(byVersionDescending))
      candidates.push(join(DEBIAN_VERSIONS_DIR, version, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(dir);
  return candidates.find((dir) => SERVER_BINARIES.every((name) => isExecutable(join(dir, name)))) ?? null;
}

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/** A user account's ids from the password database, or null when there is no such user. */
function lookUpUser(name: string): RunAs | null {
  const entry = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (entry.status !== 0) return null;
  const fields = entry.stdout.trim().split(':');
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  return Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0 ? { name, uid, gid } : null;
}

/**
 * initdb and postgres refuse to run as root: as root, the cluster runs as `postgres` (or `nobody`), the
 * processes started with that user's ids. Null when not root (the cluster runs as the current user).
 */
function unprivilegedUser(): RunAs | null | 'missing' {
  if (process.getuid?.() !== 0) return null;
  return lookUpUser('postgres') ?? lookUpUser('nobody') ?? 'missing';
}

interface Tools {
  binDir: string;
  runAs: RunAs | null;
}

let located: Tools | string | undefined;

/** The binaries and the user to run them as, or why no cluster can be started here. */
function locate(): Tools | string {
  if (located !== undefined) return located;
  const binDir = findBinDir();
  const runAs = unprivilegedUser();
  if (!binDir) {
    located = `no PostgreSQL server binaries (${SERVER_BINARIES.join(', ')}) found via pg_config --bindir, ${DEBIAN_VERSIONS_DIR}/*/bin or PATH: install PostgreSQL (e.g. apt-get install postgresql)`;
  } else if (runAs === 'missing') {
    located = 'running as root and neither a "postgres" nor a "nobody" user exists to run PostgreSQL as';
  } else {
    located = { binDir, runAs };
  }
  return located;
}

/** Why no PostgreSQL cluster can be started on this machine, or null when one can. */
export function postgresUnavailableReason(): string | null {
  const tools = locate();
  return typeof tools === 'string' ? tools : null;
}

/**
 * Whether `startPostgres` can work here; tests skip themselves when it is false, except where
 * REQUIRE_POSTGRES=1 (CI) says that a machine without PostgreSQL is a failure, not a reason to skip.
 */
export function postgresAvailable(): boolean {
  const reason = postgresUnavailableReason();
  if (reason !== null && process.env.REQUIRE_POSTGRES === '1') {
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL cannot be started: ${reason}`);
  }
  return reason === null;
}

function spawnOptions(tools: Tools, cwd: string): SpawnOptions {
  const options: SpawnOptions = { cwd, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };
  if (tools.runAs) {
    options.uid = tools.runAs.uid;
    options.gid = tools.runAs.gid;
    options.env = { ...options.env, HOME: cwd, USER: tools.runAs.name, LOGNAME: tools.runAs.name };
  }
  return options;
}

/** Runs one of the cluster's binaries to its end; rejects with its output when it fails. */
function run(tools: Tools, cwd: string, binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(tools.binDir, binary), args, {
      ...spawnOptions(tools, cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${binary} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the kernel picks it for a bind to port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function acceptsConnections(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Clusters still running, stopped at exit should a test run end without calling `stop`. */
const running = new Map<string, { tools: Tools; dir: string; data: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const { tools, dir, data } of running.values()) {
      spawnSync(join(tools.binDir, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w'], {
        ...spawnOptions(tools, dir),
        stdio: 'ignore',
      });
      rmSync(dir, { recursive: true, force: true });
    }
    running.clear();
  });
}

/** A folder for one cluster, owned by the user the server runs as. */
function clusterFolder(tools: Tools): string {
  const dir = mkdtempSync(join(tmpdir(), 'nkg-pg-'));
  if (tools.runAs) {
    chownSync(dir, tools.runAs.uid, tools.runAs.gid);
    const reachable = spawnSync('test', ['-w', dir], { ...spawnOptions(tools, '/'), stdio: 'ignore' });
    if (reachable.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `user ${tools.runAs.name} cannot reach ${dir}: point TMPDIR at a folder every user can enter (e.g. /tmp)`,
      );
    }
  }
  return dir;
}

function appendSettings(data: string, settings: Record<string, string>): void {
  appendFileSync(
    join(data, 'postgresql.conf'),
    `\n# Throwaway test cluster\n${Object.entries(settings)
      .map(([name, value]) => `${name} = ${value}`)
      .join('\n')}\n`,
  );
}

/** Starts the server of `data` on a free port (another one if the port was taken meanwhile). */
async function launch(tools: Tools, dir: string, data: string, port?: number): Promise<number> {
  const log = join(dir, 'server.log');
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? (await freePort());
    try {
      await run(tools, dir, 'pg_ctl', [
        'start',
        '--pgdata',
        data,
        '--log',
        log,
        '--wait',
        '--timeout',
        String(START_TIMEOUT_SECONDS),
        '--options',
        `-p ${chosen}`,
      ]);
      return chosen;
    } catch (error) {
      if (port !== undefined || attempt >= PORT_ATTEMPTS) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : '(no server log)';
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\nserver log:\n${serverLog}`,
        );
      }
    }
  }
}

/** A started cluster's handle; `stop` removes its folder. */
async function handleOf(tools: Tools, dir: string, data: string, port: number): Promise<PostgresCluster> {
  running.set(dir, { tools, dir, data });
  installExitHook();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await acceptsConnections(url, START_TIMEOUT_SECONDS * 1000);
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    async pause() {
      await run(tools, dir, 'pg_ctl', ['stop', '--pgdata', data, '--mode', 'fast', '--wait']);
    },
    async resume() {
      await launch(tools, dir, data, port);
      await acceptsConnections(url, START_TIMEOUT_SECONDS * 1000);
    },
    stop() {
      stopped ??= (async () => {
        try {
          await run(tools, dir, 'pg_ctl', ['stop', '--pgdata', data, '--mode', 'fast', '--wait']).catch(
            (error: unknown) => {
              // Already stopped by `pause`.
              if (!String(error).includes('Is server running?')) throw error;
            },
          );
        } finally {
          running.delete(dir);
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

/** Undoes a start that failed: stops the server if it started, removes the folder. */
async function abandon(tools: Tools, dir: string, data: string, started: boolean): Promise<void> {
  if (started) {
    await run(tools, dir, 'pg_ctl', ['stop', '--pgdata', data, '--mode', 'immediate', '--wait']).catch(
      () => {},
    );
    running.delete(dir);
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Settings a primary needs for a streaming replica to follow it. */
const PRIMARY_SETTINGS: Record<string, string> = {
  wal_level: 'replica',
  max_wal_senders: '4',
  // The replica answers reads while it replays; a conflicting read is cancelled after this long.
  hot_standby: 'on',
};

export interface StartOptions {
  /** Lets streaming replicas follow this cluster (see `startReplica`). */
  replication?: boolean;
  /** Server settings over the throwaway defaults (a benchmark's cluster keeps durability, say). */
  settings?: Record<string, string>;
}

/**
 * Makes a cluster's data folder with `prepare`, in a fresh temp folder, starts its server on a free
 * port and waits until it accepts connections; a failure anywhere leaves nothing running or on disk.
 */
async function startCluster(
  prepare: (tools: Tools, dir: string, data: string) => Promise<void>,
): Promise<PostgresCluster> {
  const tools = locate();
  if (typeof tools === 'string') throw new Error(tools);
  const dir = clusterFolder(tools);
  const data = join(dir, 'data');
  let started = false;
  try {
    await prepare(tools, dir, data);
    const port = await launch(tools, dir, data);
    started = true;
    return await handleOf(tools, dir, data, port);
  } catch (error) {
    await abandon(tools, dir, data, started);
    throw error;
  }
}

/**
 * Starts a private PostgreSQL cluster in a fresh temp folder and waits until it accepts connections.
 * Throws with the reason when none can be started (see `postgresUnavailableReason`).
 */
export function startPostgres(options: StartOptions = {}): Promise<PostgresCluster> {
  return startCluster(async (tools, dir, data) => {
    await run(tools, dir, 'initdb', [
      '--pgdata',
      data,
      '--username',
      'postgres',
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--locale',
      'C',
      '--no-sync',
      '--no-instructions',
    ]);
    appendSettings(data, {
      ...SETTINGS,
      ...(options.replication ? PRIMARY_SETTINGS : {}),
      ...options.settings,
      unix_socket_directories: `'${dir}'`,
    });
  });
}

/**
 * Starts a hot standby of `primary` (started with `replication: true`): a base backup taken with
 * pg_basebackup, streaming the primary's WAL from then on, answering read-only queries.
 */
export function startReplica(primary: PostgresCluster): Promise<PostgresCluster> {
  return startCluster(async (tools, dir, data) => {
    await run(tools, dir, 'pg_basebackup', [
      '--pgdata',
      data,
      '--dbname',
      primary.url,
      '--write-recovery-conf',
      '--wal-method',
      'stream',
      '--checkpoint',
      'fast',
      '--no-sync',
    ]);
    appendSettings(data, { unix_socket_directories: `'${dir}'` });
  });
}
