import type { ErrorCode } from '../errors.ts';

/** The code a refusal of this HTTP status carries when it names none of its own. */
function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 400) return 'BAD_USER_INPUT';
  return 'BAD_REQUEST';
}

/** An export's error body with `extensions.code`, as every GraphQL error has, so clients branch alike. */
export function exportErrorBody(status: number, body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const given = (body as { extensions?: Record<string, unknown> }).extensions;
  return { ...body, extensions: { code: codeOfStatus(status), ...given } };
}
