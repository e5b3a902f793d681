import pino from 'pino';
import type { Config } from './config.ts';

export type Logger = pino.Logger;

/** Structured JSON logs on stderr, so stdout stays free for command output. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
