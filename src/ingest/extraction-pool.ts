import { Worker } from 'node:worker_threads';
import type { ResolvedAnnotation } from '../annotation/resolve-annotation.ts';
import { AnnotationError } from '../annotation/resolve-annotation.ts';
import { AppError, type ErrorCode, OverloadedError } from '../errors.ts';
import type { ArticleInput } from '../extract/index.ts';
import { StorageError, type StorageErrorCode } from '../store/storage-errors.ts';
import type { DocumentWrite, IngestReport } from './ingest-document.ts';

export interface ExtractionPoolOptions {
  /** Worker threads; each extracts one article at a time. */
  workers: number;
  /** Articles that may wait for a free worker; more are refused with OVERLOADED. */
  queueLimit: number;
  /** An article still extracting after this long is stopped (its worker replaced) with TIMEOUT. */
  timeoutMs: number;
  /** The worker's entry; the default boots the extraction worker. */
  workerUrl?: URL;
  /**
   * The database file, for writes through the workers' own connections (`write`); without it, or for
   * an in-memory database, the pool only extracts.
   */
  database?: { path: string; migrationsDir: string };
}

interface Task {
  id: number;
  /** An article to extract, or a document to write. */
  input?: ArticleInput;
  write?: DocumentWrite;
  /** How long its body is: the shortest waiting task goes first. */
  size: number;
  /** When it was queued (performance.now()). */
  queuedAt: number;
  // biome-ignore lint/suspicious/noExplicitAny: an extraction's annotation or a write's report
  resolve: (result: any) => void;
  reject: (error: Error) => void;
}

interface WorkerError {
  message: string;
  name: string;
  extensions?: Record<string, unknown> & { code?: ErrorCode };
  code?: string;
}

interface WorkerMessage {
  ready?: boolean;
  id?: number;
  resolved?: ResolvedAnnotation;
  report?: IngestReport;
  error?: WorkerError;
}

/** An error a worker sent as data, as the error it was: coded ones keep their code and extensions. */
function errorFrom(data: WorkerError): Error {
  if (data.extensions?.code) {
    const { code, ...extensions } = data.extensions;
    return new AppError(code, data.message, extensions);
  }
  if (data.code === 'STORAGE_FULL' || data.code === 'STORAGE_UNAVAILABLE') {
    return new StorageError(data.code as StorageErrorCode, data.message);
  }
  if (data.name === 'AnnotationError') return new AnnotationError(data.message);
  return new Error(data.message);
}

interface Slot {
  worker: Worker;
  /** Set once the worker has loaded what extraction needs. */
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

/** Registers tsx in the thread, then loads extraction-worker.ts. */
const WORKER_URL = new URL('./extraction-worker-boot.mjs', import.meta.url);

/** How much lower than the event loop's thread an extraction thread is scheduled (a nice value). */
export const EXTRACTION_NICENESS = 10;

/** How long an article may wait while shorter ones that came later go first. */
const FAIR_WAIT_MS = 2_000;

/** Workers that fail before they are ready this many times in a row fail the waiting articles. */
const START_FAILURES_BEFORE_GIVING_UP = 3;
/** The first delay before a worker that failed at start is tried again; it doubles up to the cap. */
const RESTART_DELAY_MS = 200;
const RESTART_DELAY_CAP_MS = 30_000;

/**
 * The process's flags without its preloads (`--import`, `--require`, `--loader`) and inline script: a
 * preload written in TypeScript cannot load in a thread before the boot file has registered tsx, and
 * what the process preloads (instrumentation, a probe) is for its own thread anyway.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  // Flags with a value that belong to the process's own entry: its preloads and an inline script.
  const preloads = new Set([
    '--import',
    '--require',
    '-r',
    '--loader',
    '--experimental-loader',
    '--input-type',
    '--eval',
    '-e',
    '--print',
    '-p',
  ]);
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] as string;
    if (preloads.has(flag)) {
      i++;
      continue;
    }
    if ([...preloads].some((name) => flag.startsWith(`${name}=`))) continue;
    kept.push(flag);
  }
  return kept;
}

function startWorker(url: URL): Worker {
  const worker = new Worker(url, { execArgv: workerExecArgv() });
  worker.unref();
  return worker;
}

/**
 * Extraction off the event loop: a fixed set of worker threads, a bounded queue in front of them.
 * An article's extraction can take seconds; meanwhile the main thread keeps answering reads.
 */
export class ExtractionPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers in a row that stopped before they were ready; reset by the first that gets ready. */
  private startFailures = 0;

  constructor(private readonly options: ExtractionPoolOptions) {
    for (let i = 0; i < options.workers; i++) this.slots.push(this.newSlot());
  }

  /** Resolves with the article's resolved annotation; rejects with OVERLOADED, TIMEOUT or its error. */
  extract(input: ArticleInput): Promise<ResolvedAnnotation> {
    return this.enqueue({ input, size: input.body.length });
  }

  /** Whether `write` can write: the pool was given a database file. */
  get writes(): boolean {
    return this.options.database !== undefined;
  }

  /**
   * Writes a checked, extracted document in a worker, through its own connection, in one transaction:
   * the main thread's event loop goes on meanwhile. Resolves with the report once committed; rejects
   * with TIMEOUT (the worker stopped, the transaction rolled back: nothing written) or the write's error.
   */
  write(write: DocumentWrite): Promise<IngestReport> {
    if (!this.options.database) return Promise.reject(new Error('the extraction pool has no database'));
    return this.enqueue({ write, size: write.document.article.body.length });
  }

  private enqueue<T>(task: Pick<Task, 'input' | 'write' | 'size'>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the extraction pool is closed'));
    try {
      this.admit();
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...task, id: this.nextId++, queuedAt: performance.now(), resolve, reject });
      this.dispatch();
    });
  }

  /** Throws OVERLOADED when an article given now would be refused: every worker busy, the queue full. */
  admit(): void {
    if (this.queue.length >= this.options.queueLimit && !this.slots.some((slot) => !slot.task)) {
      throw new OverloadedError(
        `${this.queue.length} articles are already waiting for extraction: retry shortly`,
        5,
      );
    }
  }

  /** Stops every worker; waiting articles are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('the extraction pool is closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private newSlot(): Slot {
    const slot: Slot = { worker: startWorker(this.options.workerUrl ?? WORKER_URL), ready: false };
    this.listen(slot);
    return slot;
  }

  private listen(slot: Slot): void {
    slot.worker.on('message', (message: WorkerMessage) => {
      if (message.ready) {
        slot.ready = true;
        this.startFailures = 0;
        this.dispatch();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      this.release(slot);
      if (message.error) task.reject(errorFrom(message.error));
      else task.resolve(task.write ? message.report : message.resolved);
      this.dispatch();
    });
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', () => {
      if (!this.closed && slot.task) this.replace(slot, new Error('an extraction worker stopped'));
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task || !slot.ready) continue;
      const task = this.next();
      if (!task) return;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => {
        this.replace(
          slot,
          new AppError(
            'TIMEOUT',
            `${task.write ? 'writing' : 'extracting'} the article took longer than ${this.options.timeoutMs} ms and was stopped${task.write ? ': nothing was written' : ''}`,
            { max: this.options.timeoutMs },
          ),
        );
      }, this.options.timeoutMs);
      slot.worker.postMessage(
        task.write
          ? {
              id: task.id,
              write: {
                ...task.write,
                databasePath: this.options.database?.path,
                migrationsDir: this.options.database?.migrationsDir,
              },
            }
          : { id: task.id, input: task.input },
      );
    }
  }

  /**
   * The shortest waiting article, so that short ones are not held for seconds behind a long one; but
   * the oldest first once it has waited FAIR_WAIT_MS, so that a stream of short ones never starves it.
   */
  private next(): Task | undefined {
    const oldest = this.queue[0];
    if (!oldest) return undefined;
    let chosen = 0;
    if (performance.now() - oldest.queuedAt < FAIR_WAIT_MS) {
      this.queue.forEach((task, i) => {
        if (task.size < (this.queue[chosen] as Task).size) chosen = i;
      });
    }
    return this.queue.splice(chosen, 1)[0];
  }

  private release(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    slot.worker.unref();
  }

  /**
   * Ends a worker that failed or ran too long, fails its article, and starts a fresh worker. A worker
   * that failed before it was ready is restarted after a growing delay, and the articles waiting fail
   * with its reason once several in a row have: a worker that cannot start must not spin a core.
   */
  private replace(slot: Slot, error: Error): void {
    const task = slot.task;
    this.release(slot);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    task?.reject(error);
    if (slot.ready) {
      this.restart(slot, 0);
      this.dispatch();
      return;
    }
    this.startFailures++;
    if (this.startFailures >= START_FAILURES_BEFORE_GIVING_UP) {
      // Not the client's doing: a plain error, masked in answers and logged with its reason.
      const reason = new Error(
        `extraction workers fail to start (${this.startFailures} in a row): ${error.message}`,
      );
      for (const waiting of this.queue.splice(0)) waiting.reject(reason);
    }
    const delay = Math.min(RESTART_DELAY_CAP_MS, RESTART_DELAY_MS * 2 ** (this.startFailures - 1));
    this.restart(slot, delay);
  }

  /** Puts a fresh worker in the slot's place, now or after `delayMs`. */
  private restart(slot: Slot, delayMs: number): void {
    const start = () => {
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.newSlot();
    };
    if (delayMs === 0) start();
    else setTimeout(start, delayMs).unref();
  }
}
