import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ResponseTooLargeError } from '../errors.ts';

/** Serialised size of an answer, measured once whoever asks (this bound, the response cache). */
const sizes = new WeakMap<object, number>();

export function answerBytes(result: ExecutionResult): number {
  let bytes = sizes.get(result);
  if (bytes === undefined) {
    bytes = Buffer.byteLength(JSON.stringify(result));
    sizes.set(result, bytes);
  }
  return bytes;
}

/**
 * Bounds the size of one answer: an answer over `maxBytes` is replaced by one RESPONSE_TOO_LARGE error
 * before it is serialised for the client, so no request can make the server hold or send hundreds of
 * megabytes. Measured on the executed result, whatever made it large (long strings, many rows).
 */
export function answerSizePlugin(maxBytes: number): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const bytes = answerBytes(result);
          if (bytes > maxBytes) setResult({ errors: [new ResponseTooLargeError(bytes, maxBytes)] });
        },
      };
    },
  };
}
