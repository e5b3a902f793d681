import type { GraphQLError } from 'graphql';
import { maskError, type Plugin } from 'graphql-yoga';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { requestIdOf } from './request-id.ts';

/** The error each masked one stands for, until the answer carrying it is logged. */
const originals = new WeakMap<object, unknown>();
const loggedHere = new WeakSet<object>();

/**
 * Expected failures keep their located form (path, locations, HTTP status) and their code; anything
 * else is a bug: shown masked, and logged whole once the answer is known, with the request's id.
 */
export function maskUnexpected(error: unknown, message: string): Error {
  const original = (error as { originalError?: unknown }).originalError;
  if (original instanceof AppError || error instanceof AppError) return error as Error;
  const masked = maskError(error, message, false);
  if (masked !== error && typeof error === 'object' && error !== null) {
    originals.set(masked, error);
    loggedHere.add(error);
  }
  return masked;
}

/**
 * Yoga logs the errors it masks with the error alone, far from the request; those this module logs
 * itself are left out, everything else passes through.
 */
export function yogaLogger(logger: Logger) {
  return {
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error(...args: unknown[]) {
      const [first] = args;
      if (typeof first === 'object' && first !== null && loggedHere.has(first)) return;
      logger.error(first instanceof Error ? { err: first } : {}, args.map(String).join(' '));
    },
  };
}

type Answer = { errors?: readonly GraphQLError[] };

/** Logs the unexpected errors of each answer, whole, with the id of the request they belong to. */
export function unexpectedErrorLogPlugin(logger: Logger): Plugin {
  return {
    onResultProcess({ request, result }) {
      const answers = (Array.isArray(result) ? result : [result]) as Answer[];
      for (const answer of answers) {
        for (const error of answer.errors ?? []) {
          const original = originals.get(error);
          if (original === undefined) continue;
          originals.delete(error);
          const message = original instanceof Error ? original.message : String(original);
          logger.error({ err: original, requestId: requestIdOf(request) }, message);
        }
      }
    },
  };
}
