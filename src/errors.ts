import { GraphQLError } from 'graphql';

/** Codes a client can rely on in `extensions.code`. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_TOO_COMPLEX';

/** An expected failure: shown to clients as it is, with its code. Anything else is masked. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string) {
    super(message, { extensions: { code } });
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

export class NotFoundError extends AppError {
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `no ${kind} with id "${id}"`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** A request that would cost more than the server allows per request; narrowing it makes it pass. */
export class QueryTooComplexError extends AppError {
  constructor(message: string) {
    super('QUERY_TOO_COMPLEX', message);
  }
}
