import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';

/** Who a request is, as far as writes are concerned. */
export type Access = 'admin' | 'anonymous' | 'writes-disabled';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Reads the bearer token of a request. Digests of equal length are compared in constant time, so the
 * time taken says nothing about how much of a guess was right.
 */
export function accessOf(authorization: string | null, adminToken: string | null): Access {
  if (!adminToken) return 'writes-disabled';
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return 'anonymous';
  return timingSafeEqual(digest(match[1].trim()), digest(adminToken)) ? 'admin' : 'anonymous';
}

/** Throws unless the request may change the graph. */
export function requireAdmin(access: Access): void {
  if (access === 'writes-disabled') {
    throw new AppError('FORBIDDEN', 'mutations are disabled on this server: start it with ADMIN_TOKEN set');
  }
  if (access === 'anonymous') {
    throw new AppError('UNAUTHENTICATED', 'mutations need the header "Authorization: Bearer <ADMIN_TOKEN>"');
  }
}
