import { timingSafeEqual } from 'node:crypto';
import type { Access } from '../schema/access.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What a request may do, from its `Authorization: Bearer <token>` header. With no admin token
 * configured nobody is admin, so operations that write or reveal everything stay off.
 */
export function accessOf(request: Request, adminToken: string | undefined): Access {
  const header = request.headers.get('authorization');
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return { admin: false, credentials: 'none' };
  const admin = adminToken !== undefined && sameSecret(token, adminToken);
  return { admin, credentials: admin ? 'valid' : 'invalid' };
}
