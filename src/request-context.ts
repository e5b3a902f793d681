import { RequestTimeoutError } from './errors.ts';

/**
 * How long the process's requests together may hold the event loop before their next batches of reads
 * wait for a turn of it (timers, sockets and health checks run in between).
 */
export const SLICE_MS = 10;

/** Runs `dispatch` once the promise jobs of the current turn are done: DataLoader's own default. */
function afterPromiseJobs(dispatch: () => void): void {
  resolved.then(() => process.nextTick(dispatch));
}
const resolved = Promise.resolve();

/**
 * The event loop's current slice, shared by every request of the process. A slice per request let fifty
 * requests waiting on one turn each take their whole slice in it, holding the loop fifty times as long.
 * Here the first batch of a turn opens the slice; batches scheduled once it has run out wait in one
 * queue, which later turns run a slice at a time, the oldest request's first: taking turns batch by
 * batch would keep every request half done, and all their rows in memory, for longer.
 */
class LoopSlices {
  #ends = 0;
  #open = false;
  #closing = false;
  #draining = false;
  /** Waiting batches, oldest request first (by `order`), in the order each request scheduled them. */
  readonly #waiting: { order: number; dispatch: () => void }[] = [];

  /** `order` ranks the request: lower is older. */
  schedule(order: number, dispatch: () => void): void {
    if (!this.#waiting.length && this.#withinSlice()) {
      // Checked again when it runs: requests scheduled in the same promise jobs all see the slice
      // fresh, and the batches before this one may spend it.
      afterPromiseJobs(() => this.#runOrWait(order, dispatch));
      return;
    }
    this.#wait(order, dispatch);
  }

  #runOrWait(order: number, dispatch: () => void): void {
    if (!this.#waiting.length && performance.now() < this.#ends) dispatch();
    else this.#wait(order, dispatch);
  }

  #wait(order: number, dispatch: () => void): void {
    let at = this.#waiting.length;
    while (at > 0 && (this.#waiting[at - 1] as { order: number }).order > order) at--;
    this.#waiting.splice(at, 0, { order, dispatch });
    this.#drainNextTurn();
  }

  #withinSlice(): boolean {
    if (!this.#open) this.#openSlice();
    return performance.now() < this.#ends;
  }

  #openSlice(): void {
    this.#open = true;
    this.#ends = performance.now() + SLICE_MS;
    if (this.#closing) return;
    this.#closing = true;
    setImmediate(this.#close);
  }

  readonly #close = (): void => {
    this.#closing = false;
    this.#open = false;
  };

  #drainNextTurn(): void {
    if (this.#draining) return;
    this.#draining = true;
    setImmediate(this.#drain);
  }

  /** A turn of the waiting batches: a fresh slice, at least one batch, more while the slice lasts. */
  readonly #drain = (): void => {
    this.#draining = false;
    this.#openSlice();
    this.#runNext();
  };

  readonly #runNext = (): void => {
    const next = this.#waiting.shift();
    if (!next) return;
    next.dispatch();
    if (this.#waiting.length) afterPromiseJobs(this.#continue);
  };

  readonly #continue = (): void => {
    if (performance.now() < this.#ends) this.#runNext();
    else if (this.#waiting.length) this.#drainNextTurn();
  };
}

const slices = new LoopSlices();
let budgetsMade = 0;

/**
 * The time one operation may take, and the slices in which it uses the event loop. Unarmed (no limit)
 * until the server arms it as execution starts. Loaders ask `schedule` when to run their next batch and
 * `check` before running it; resolvers ask `isOver`. A write calls `commit` at its point of no return:
 * from then on the operation completes, so an answer never says TIMEOUT about a committed write.
 */
export class TimeBudget {
  #deadline = Number.POSITIVE_INFINITY;
  #stopped = false;
  #ms = 0;
  #signal: AbortSignal | undefined;
  #error: RequestTimeoutError | undefined;

  /** Rank of the request among those waiting for the event loop: lower is older. */
  readonly #order = budgetsMade++;

  constructor(readonly requestId?: string) {}

  /** Starts the budget of `ms` from now; the operation also stops when `signal` aborts. */
  arm(ms: number, signal?: AbortSignal): void {
    this.#deadline = performance.now() + ms;
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
   * Schedules a loader's next batch: at once while the process's current slice of the event loop lasts,
   * else in a later turn. A budget without a deadline (unarmed, or a write past its point of no return)
   * shares the slices too: it runs to its end, but the loop still turns.
   */
  readonly schedule = (dispatch: () => void): void => {
    slices.schedule(this.#order, dispatch);
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
