import { createHash, timingSafeEqual } from 'node:crypto';
import type { Access } from '../schema/access.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, which always have the same length, so the time taken says nothing about the token. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * What a request may do, from its `Authorization: Bearer <token>` header. With no admin token
 * configured nobody is admin, so operations that write or reveal everything stay off.
 */
export function accessOf(request: Request, adminToken: string | undefined): Access {
  const writesEnabled = adminToken !== undefined;
  const header = request.headers.get('authorization');
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return { admin: false, writesEnabled, credentials: 'none' };
  const admin = writesEnabled && sameSecret(token, adminToken);
  return { admin, writesEnabled, credentials: admin ? 'valid' : 'invalid' };
}
