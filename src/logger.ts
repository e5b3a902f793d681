import pino from 'pino';
import type { Config } from './config.ts';
import { currentRequestId } from './request-context.ts';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stderr, so stdout stays free for command output. Lines written while serving
 * a request carry its `requestId`.
 */
export function createLogger(
  level: Config['logLevel'],
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino({ level, base: undefined, mixin: requestIdMixin }, destination);
}

function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
