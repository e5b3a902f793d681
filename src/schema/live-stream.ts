/**
 * One subscriber's stream: values pushed by a feed wait in a queue of at most `limit` (the oldest are
 * dropped when the client does not read), and the stream ends when the client goes (`return`), when
 * `signal` aborts, or when the feed calls `end`. `onEnd` runs once, so the feed forgets the subscriber.
 */
export interface LiveStream<T> {
  iterator: AsyncIterableIterator<T>;
  push(value: T): void;
  end(): void;
}

export function liveStream<T>(limit: number, onEnd: () => void, signal?: AbortSignal): LiveStream<T> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    queue.length = 0;
    signal?.removeEventListener('abort', end);
    onEnd();
    wake?.();
  };
  signal?.addEventListener('abort', end, { once: true });
  if (signal?.aborted) end();
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      while (!ended && queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (ended) return { done: true, value: undefined };
      return { done: false, value: queue.shift() as T };
    },
    return: async () => {
      end();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return {
    iterator,
    push(value) {
      if (ended) return;
      queue.push(value);
      if (queue.length > limit) queue.shift();
      wake?.();
    },
    end,
  };
}
