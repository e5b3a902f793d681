import type { Logger } from '../logger.ts';
import { requestIdOfError } from '../request-context.ts';
import { requestsInFlight } from './request-id.ts';

export interface SafetyNet {
  /** Takes the process handlers off again (tests, or a server stopped without exiting). */
  remove(): void;
}

/**
 * The last line of defence against a bug that lets an error escape: it is logged, with the request it
 * belongs to when known and otherwise the requests in flight, and the process reacts by what is safe.
 * A rejected promise nobody awaited leaves no state half-changed (every write runs in one transaction),
 * so the server keeps serving. An uncaught exception may have stopped code halfway, so the server drains:
 * `drain` stops taking requests, lets running ones finish and exits non-zero. Never a silent exit.
 */
export function installSafetyNet(logger: Logger, drain: (reason: string) => void): SafetyNet {
  const context = (error: unknown) => {
    const requestId = requestIdOfError(error);
    return requestId === undefined ? { requestsInFlight: requestsInFlight() } : { requestId };
  };
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason, ...context(reason) }, 'unhandled promise rejection: logged, still serving');
  };
  const onException = (error: unknown) => {
    logger.fatal({ err: error, ...context(error) }, 'uncaught exception: draining, then exiting');
    drain('uncaughtException');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    remove() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
