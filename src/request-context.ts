import { RequestTimeoutError } from './errors.ts';

/**
 * How long a request may hold the event loop before its next batch of reads waits for one turn of it
 * (timers, sockets and other requests run in between).
 */
export const SLICE_MS = 10;

/** Runs `dispatch` once the promise jobs of the current turn are done: DataLoader's own default. */
function afterPromiseJobs(dispatch: () => void): void {
  resolved.then(() => process.nextTick(dispatch));
}
const resolved = Promise.resolve();

/**
 * The time one operation may take, and the slices in which it uses the event loop. Unarmed (no limit)
 * until the server arms it as execution starts. Loaders ask `schedule` when to run their next batch and
 * `check` before running it; resolvers ask `isOver`. A write calls `commit` at its point of no return:
 * from then on the operation completes, so an answer never says TIMEOUT about a committed write.
 */
export class TimeBudget {
  #deadline = Number.POSITIVE_INFINITY;
  #sliceEnds = Number.POSITIVE_INFINITY;
  #stopped = false;
  #ms = 0;
  #signal: AbortSignal | undefined;
  #error: RequestTimeoutError | undefined;

  constructor(readonly requestId?: string) {}

  /** Starts the budget of `ms` from now; the operation also stops when `signal` aborts. */
  arm(ms: number, signal?: AbortSignal): void {
    const now = performance.now();
    this.#deadline = now + ms;
    this.#sliceEnds = now + SLICE_MS;
    this.#stopped = false;
    this.#ms = ms;
    // Read when checked rather than listened to: a listener per request costs more than the reads.
    this.#signal = signal;
    this.#error = undefined;
  }

  /**
   * The point of no return of a write: throws TIMEOUT when the budget is spent, so nothing is written;
   * otherwise disarms the budget, so the write commits and the operation answers.
   */
  commit(): void {
    this.check();
    this.disarm();
  }

  /** No limit any more: the operation runs to its end. */
  disarm(): void {
    this.#deadline = Number.POSITIVE_INFINITY;
    this.#sliceEnds = Number.POSITIVE_INFINITY;
  }

  /**
   * Past the deadline now (the timer, a closed connection): nothing more starts. False when the budget
   * is not armed or was disarmed by a write, which then runs to its end.
   */
  stop(): boolean {
    if (this.#deadline === Number.POSITIVE_INFINITY) return false;
    this.#stopped = true;
    return true;
  }

  /** Whether the budget has stopped something: the answer is TIMEOUT. */
  get spent(): boolean {
    return this.#stopped;
  }

  isOver(): boolean {
    if (this.#stopped) return true;
    if (this.#deadline === Number.POSITIVE_INFINITY) return false;
    if (performance.now() <= this.#deadline && !this.#signal?.aborted) return false;
    this.#stopped = true;
    return true;
  }

  /** The one TIMEOUT error the operation answers with; made when first needed (it takes a stack trace). */
  get error(): RequestTimeoutError {
    if (!this.#error) {
      this.#error = new RequestTimeoutError(this.#ms);
      markErrorOf(this.requestId, this.#error);
    }
    return this.#error;
  }

  /** Throws the TIMEOUT error when the budget is spent. */
  check(): void {
    if (this.isOver()) throw this.error;
  }

  /**
   * Schedules a loader's next batch: at once while the request is within its slice, else after one turn
   * of the event loop, which starts a new slice.
   */
  readonly schedule = (dispatch: () => void): void => {
    if (performance.now() < this.#sliceEnds) {
      afterPromiseJobs(dispatch);
      return;
    }
    setImmediate(() => {
      this.#sliceEnds = performance.now() + SLICE_MS;
      dispatch();
    });
  };
}

/*
 * A request's id travels with what serves it, not in async context: on the GraphQL context
 * (`ctx.requestId`) for resolvers and plugins, and on the errors the request raised for the log lines
 * written about them later (yoga's log of a masked error, the safety net's of an escaped one). Async
 * context tracking (AsyncLocalStorage) would cost every promise of the process.
 */
const owners = new WeakMap<object, string>();

/** Records which request an error belongs to, for a log line written far from the request. */
export function markErrorOf(requestId: string | undefined, error: object): void {
  if (requestId !== undefined) owners.set(error, requestId);
}

/** The request an error (or the error it wraps) was marked with. */
export function requestIdOfError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = owners.get(error);
  if (own !== undefined) return own;
  const original = (error as { originalError?: unknown }).originalError;
  return original === error ? undefined : requestIdOfError(original);
}
