import { wellFormed } from '../text/well-formed.ts';

/** An article as its text file holds it: the headline on the first line, a blank line, then the body. */
export interface ArticleText {
  title: string;
  body: string;
}

export class ArticleTextError extends Error {}

/**
 * Splits an article file into headline and body. Windows line endings are normalised so that offsets
 * into the body are the same whichever editor saved the file; lone surrogates become U+FFFD.
 * Throws ArticleTextError when the headline or the body is missing.
 */
export function parseArticleText(text: string): ArticleText {
  const normalised = wellFormed(text)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const newline = normalised.indexOf('\n');
  const title = (newline === -1 ? normalised : normalised.slice(0, newline)).trim();
  if (!title) throw new ArticleTextError('the first line (the headline) is empty');
  const body =
    newline === -1
      ? ''
      : normalised
          .slice(newline + 1)
          .replace(/^\s*\n/, '')
          .trimEnd();
  if (!body.trim()) throw new ArticleTextError('the body after the headline is empty');
  return { title, body };
}
