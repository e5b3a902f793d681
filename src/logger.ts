import pino from 'pino';
import type { Config } from './config.ts';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stderr, so stdout stays free for command output. Lines about a request carry
 * its `requestId`: the code that writes them has it at hand (see request-context.ts).
 */
export function createLogger(
  level: Config['logLevel'],
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino({ level, base: undefined }, destination);
}
