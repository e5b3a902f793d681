import { ArticleTextError, parseArticleText } from '../annotation/article-text.ts';
import { wellFormed } from '../text/well-formed.ts';
import { decodeText } from './decode-text.ts';

export const MAX_BODY_BYTES = 1_000_000;
/** Headlines run to a few hundred characters; anything longer is not a headline. */
export const MAX_TITLE_CHARS = 500;
export const MAX_SOURCE_CHARS = 200;

/** An article as a user submits it, before it is checked. */
export interface RawArticle {
  title: string;
  body: string;
  url?: string | null;
  publishedAt?: string | null;
  source?: string | null;
}

/** An article that passed every check, ready for extraction. */
export interface CheckedArticle {
  title: string;
  body: string;
  url: string | null;
  /** A UTC ISO 8601 date-time; a bare date becomes its midnight. */
  publishedAt: string | null;
  source: string | null;
}

export class ArticleInputError extends Error {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

function checkDate(value: string): string {
  const trimmed = value.trim();
  const day = trimmed.slice(0, 10);
  const valid =
    ISO_DATE.test(trimmed) &&
    !Number.isNaN(Date.parse(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed)) &&
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  if (!valid)
    throw new ArticleInputError(`publishedAt "${value}" is not a date: write YYYY-MM-DD or ISO 8601`);
  // One form whatever the door (file, sidecar, mutation), so the same article gives the same graph.
  return new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed).toISOString();
}

function checkUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.toString();
  } catch {
    throw new ArticleInputError(`url "${value}" is not an http(s) address`);
  }
}

/**
 * Checks a submitted article: a headline of at most 500 characters, a non-empty body of at most 1 MB,
 * a valid date and URL.
 * Throws ArticleInputError saying what is wrong. Nothing is written here.
 */
export function checkArticle(raw: RawArticle): CheckedArticle {
  const title = wellFormed(raw.title).replace(/\s+/g, ' ').trim();
  if (!title) throw new ArticleInputError('the headline is empty');
  if (title.length > MAX_TITLE_CHARS) {
    throw new ArticleInputError(
      `the headline is ${title.length} characters; the limit is ${MAX_TITLE_CHARS}`,
    );
  }
  const body = wellFormed(raw.body).replace(/\r\n?/g, '\n').trim();
  if (!body) throw new ArticleInputError('the body is empty');
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    throw new ArticleInputError(`the body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} (1 MB)`);
  }
  if (body.includes('\u0000'))
    throw new ArticleInputError('the body holds NUL characters: is it a binary file?');
  const source = (raw.source && wellFormed(raw.source).replace(/\s+/g, ' ').trim()) || null;
  if (source && source.length > MAX_SOURCE_CHARS) {
    throw new ArticleInputError(
      `the source is ${source.length} characters; the limit is ${MAX_SOURCE_CHARS}`,
    );
  }
  return {
    title,
    body,
    url: raw.url ? checkUrl(raw.url) : null,
    publishedAt: raw.publishedAt ? checkDate(raw.publishedAt) : null,
    source,
  };
}

/**
 * Decodes an article file (UTF-8, UTF-16 with a byte-order mark, or a legacy encoding the detector is
 * sure of; otherwise refused with a hint) and splits headline from body.
 */
export function decodeArticleFile(bytes: Uint8Array): { title: string; body: string } {
  return splitArticleText(decodeText(bytes).text);
}

/** Splits plain article text (headline, blank line, body), as ArticleInputError when it is not. */
export function splitArticleText(text: string): { title: string; body: string } {
  try {
    return parseArticleText(text);
  } catch (error) {
    if (error instanceof ArticleTextError) throw new ArticleInputError(error.message);
    throw error;
  }
}
