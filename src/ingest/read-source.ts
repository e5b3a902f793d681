import { readFileSync } from 'node:fs';
import { type ArticleMeta, readSidecar } from './article-files.ts';
import { splitArticleText } from './article-input.ts';
import { decodeText } from './decode-text.ts';
import type { PoliteFetcher } from './fetch-page.ts';
import { looksLikeHtml, readHtmlArticle } from './html-article.ts';
import type { SourceDocument } from './ingest-document.ts';

/** A document read from a file or an address, with how its bytes were decoded. */
export interface ReadDocument {
  document: SourceDocument;
  encoding: string;
}

export const isWebAddress = (arg: string) => /^https?:\/\//i.test(arg);

const defined = (meta: ArticleMeta) => Object.fromEntries(Object.entries(meta).filter(([, v]) => v));

/** A page or plain text, by what it declares itself or looks like. */
function documentOf(
  text: string,
  options: { html: boolean; url?: string; meta: ArticleMeta },
): SourceDocument {
  if (options.html || looksLikeHtml(text)) {
    const page = readHtmlArticle(text, options.url);
    return {
      title: page.title,
      body: page.body,
      url: options.url ?? page.canonicalUrl,
      canonicalUrl: page.canonicalUrl,
      publishedAt: page.publishedAt,
      source: page.siteName ?? (options.url ? new URL(options.url).hostname : null),
      author: page.author,
      html: text,
      ...defined(options.meta),
    };
  }
  return { ...splitArticleText(text), url: options.url ?? null, ...defined(options.meta) };
}

/** Reads an article file: plain text (headline, blank line, body) or a saved web page, with its sidecar. */
export function readDocumentFile(file: string, overrides: ArticleMeta = {}): ReadDocument {
  const html = /\.html?$/i.test(file);
  const decoded = decodeText(readFileSync(file), { html });
  const meta = { ...readSidecar(file), ...defined(overrides) };
  return { document: documentOf(decoded.text, { html, meta }), encoding: decoded.encoding };
}

/** Fetches an article page politely and reads it; the page's own address is where it was fetched from. */
export async function readDocumentUrl(
  fetcher: PoliteFetcher,
  address: string,
  overrides: ArticleMeta = {},
): Promise<ReadDocument> {
  const fetched = await fetcher.fetch(address);
  const html = /html|xml/i.test(fetched.contentType ?? '');
  const decoded = decodeText(fetched.bytes, { contentType: fetched.contentType, html: true });
  return {
    document: documentOf(decoded.text, { html, url: fetched.url, meta: defined(overrides) }),
    encoding: decoded.encoding,
  };
}
