import { createHash } from 'node:crypto';

/** The identity of an article's text: the same headline and body give the same hash, whatever the source. */
export function contentHash(title: string, body: string): string {
  return createHash('sha256').update(`${title.trim()}\n\n${body.trim()}`).digest('hex');
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
