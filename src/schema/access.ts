import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

/** What the request's credentials allow; decided once per request by the server. */
export interface Access {
  admin: boolean;
  /** Whether the request sent a token at all, and whether it matched. */
  credentials: 'none' | 'valid' | 'invalid';
}

export const ANONYMOUS: Access = Object.freeze({ admin: false, credentials: 'none' });

/**
 * Guards an operation that writes to the graph or reveals all of it (ingestion, exports): call it
 * first in the resolver. Throws UNAUTHENTICATED (401) without a token, FORBIDDEN (403) with a wrong one.
 */
export function requireAdmin(ctx: { access: Access }, what: string): void {
  if (ctx.access.admin) return;
  if (ctx.access.credentials === 'none') {
    throw new UnauthenticatedError(
      `${what} needs the admin token: send "Authorization: Bearer <ADMIN_TOKEN>"`,
    );
  }
  throw new ForbiddenError(`${what} needs the admin token, and the token sent is not it`);
}
