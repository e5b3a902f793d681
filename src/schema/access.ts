import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

/** What the request's credentials allow; decided once per request by the server. */
export interface Access {
  admin: boolean;
  /** False when the server has no ADMIN_TOKEN: then nobody may write, whatever they send. */
  writesEnabled: boolean;
  /** Whether the request sent a token at all, and whether it matched. */
  credentials: 'none' | 'valid' | 'invalid';
}

export const ANONYMOUS: Access = Object.freeze({ admin: false, writesEnabled: false, credentials: 'none' });

/**
 * Guards an operation that writes to the graph or reveals all of it (ingestion, exports): call it
 * first in the resolver. Throws UNAUTHENTICATED (401) without a token, FORBIDDEN (403) with a wrong one.
 */
export function requireAdmin(ctx: { access: Access }, what: string): void {
  if (ctx.access.admin) return;
  if (!ctx.access.writesEnabled) {
    throw new ForbiddenError(
      `${what} is disabled on this server: start it with ADMIN_TOKEN set to enable it`,
    );
  }
  if (ctx.access.credentials === 'none') {
    throw new UnauthenticatedError(
      `${what} needs the admin token: send "Authorization: Bearer <ADMIN_TOKEN>"`,
    );
  }
  throw new ForbiddenError(`${what} needs the admin token, and the token sent is not it`);
}
