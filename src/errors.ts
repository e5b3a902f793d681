import { GraphQLError } from 'graphql';

/** Codes a client can rely on in `extensions.code`. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'QUERY_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'TIMEOUT'
  | 'STORAGE_FULL'
  | 'STORAGE_UNAVAILABLE'
  | 'RESPONSE_TOO_LARGE'
  | 'OVERLOADED'
  | 'DATABASE_BUSY'
  | 'UNSUPPORTED_MEDIA_TYPE';

/** An expected failure: shown to clients as it is, with its code. Anything else is masked. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
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

/** A request over one of the query limits; `limit` names which one, with the maximum and what was found. */
export class QueryTooComplexError extends AppError {
  constructor(limit: string, max: number, found: number | undefined, message: string) {
    // Status as for any invalid document: 400, or 200 to clients that accept only application/json.
    super('QUERY_TOO_COMPLEX', message, {
      limit,
      max,
      ...(found === undefined ? {} : { found }),
      http: { spec: true, status: 400 },
    });
  }
}

/**
 * A request whose work, found out while it runs (search terms, path breadth), is over a cap. Same code as
 * QueryTooComplexError; no HTTP status of its own, since other fields of the answer may still have data.
 */
export class WorkLimitError extends AppError {
  constructor(limit: string, max: number, found: number | undefined, message: string) {
    super('QUERY_TOO_COMPLEX', message, { limit, max, ...(found === undefined ? {} : { found }) });
  }
}

/** A body or document over its size limit; the HTTP status is 413. */
export class PayloadTooLargeError extends AppError {
  constructor(what: string, maxBytes: number) {
    super('PAYLOAD_TOO_LARGE', `${what} is larger than the limit of ${maxBytes} bytes`, {
      max: maxBytes,
      http: { status: 413 },
    });
  }
}

export class RequestTimeoutError extends AppError {
  constructor(ms: number) {
    super('TIMEOUT', `the operation ran past its time budget of ${ms} ms and was stopped`, { max: ms });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message, { http: { status: 403 } });
  }
}

/**
 * The database cannot take a write: its disk is full (507, `STORAGE_FULL`) or its file was deleted or
 * replaced while the server ran (503, `STORAGE_UNAVAILABLE`). Nothing was written; reads still work.
 */
export class StorageFailureError extends AppError {
  constructor(code: 'STORAGE_FULL' | 'STORAGE_UNAVAILABLE', message: string) {
    super(code, message, { http: { status: code === 'STORAGE_FULL' ? 507 : 503 } });
  }
}

/** An answer larger than the server sends in one piece; nothing of it is sent. */
export class ResponseTooLargeError extends AppError {
  constructor(bytes: number, maxBytes: number) {
    super(
      'RESPONSE_TOO_LARGE',
      `the answer would be ${bytes} bytes, over the limit of ${maxBytes}: ask for fewer or smaller fields, or smaller pages`,
      { max: maxBytes, found: bytes },
    );
  }
}

/**
 * The server is refusing work to stay alive (memory high, too many expensive requests at once);
 * HTTP 503 with Retry-After. Nothing was done: the same request may be sent again later.
 */
export class OverloadedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super('OVERLOADED', message, {
      retryAfter: retryAfterSeconds,
      http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
    });
  }
}

/**
 * Another process held the database's write lock past every retry; nothing was written. Safe to retry.
 * HTTP 503 with Retry-After.
 */
export class DatabaseBusyError extends AppError {
  constructor(waitedMs: number) {
    super(
      'DATABASE_BUSY',
      `the database was busy with another writer for ${waitedMs} ms; nothing was written: retry shortly`,
      { retryAfter: 1, http: { status: 503, headers: { 'retry-after': '1' } } },
    );
  }
}
