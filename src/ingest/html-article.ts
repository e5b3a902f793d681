import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHtml } from 'linkedom';
import { ArticleInputError } from './article-input.ts';

// The DOM and readability load on the first page read, so that text-only runs start as fast as before.
const require = createRequire(import.meta.url);
let dom: { parseHTML: typeof ParseHtml; Readability: typeof ReadabilityClass } | undefined;
function loadDom() {
  dom ??= {
    parseHTML: (require('linkedom') as { parseHTML: typeof ParseHtml }).parseHTML,
    Readability: (require('@mozilla/readability') as { Readability: typeof ReadabilityClass }).Readability,
  };
  return dom;
}

/** What a web page says about its article, and the article's clean text. */
export interface HtmlArticle {
  title: string;
  /** Paragraphs separated by blank lines: the text evidence offsets point into. */
  body: string;
  publishedAt: string | null;
  author: string | null;
  siteName: string | null;
  /** The language the page declares (`<html lang>`, og:locale), before detection. */
  declaredLanguage: string | null;
  canonicalUrl: string | null;
}

type Doc = ReturnType<typeof ParseHtml>['document'];
type El = NonNullable<ReturnType<Doc['querySelector']>>;

const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'DIV',
  'SECTION',
  'ARTICLE',
  'TD',
  'FIGCAPTION',
  'DT',
  'DD',
  'TR',
  'UL',
  'OL',
  'TABLE',
  'HEADER',
  'FOOTER',
  'MAIN',
  'ASIDE',
]);
// Paywall and sign-up stubs are not the story; readability keeps them when they sit inside the body.
const STUB_MAX_CHARS = 600;
const DATELINE_MAX_CHARS = 120;
// Less than this is a menu or a caption, not an article.
const MIN_BODY_CHARS = 80;
const STUB_CLASS =
  /paywall|subscribe|subscription|newsletter|signup|sign-up|promo|related|share|social|comment/i;

function meta(doc: Doc, ...keys: string[]): string | null {
  for (const key of keys) {
    const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`);
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return null;
}

/** The first JSON-LD object typed as a news or other article, looking into `@graph` lists. */
function jsonLdArticle(doc: Doc): Record<string, unknown> | null {
  const isArticle = (node: unknown): node is Record<string, unknown> => {
    if (!node || typeof node !== 'object') return false;
    const type = (node as Record<string, unknown>)['@type'];
    const types = Array.isArray(type) ? type : [type];
    return types.some((t) => typeof t === 'string' && /Article$|^Report$|^BlogPosting$/.test(t));
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const candidates: unknown[] = Array.isArray(data) ? data : [data];
    for (const candidate of candidates) {
      if (isArticle(candidate)) return candidate;
      const graph = (candidate as Record<string, unknown> | null)?.['@graph'];
      if (Array.isArray(graph)) {
        const found = graph.find(isArticle);
        if (found) return found;
      }
    }
  }
  return null;
}

function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    const names = value.map(nameOf).filter((n): n is string => Boolean(n));
    return names.length ? names.join(', ') : null;
  }
  if (value && typeof value === 'object') return nameOf((value as Record<string, unknown>).name);
  return null;
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object')
    return urlOf((value as Record<string, unknown>)['@id'] ?? (value as Record<string, unknown>).url);
  return null;
}

function validDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function absolute(url: string | null, base: string | undefined): string | null {
  if (!url) return null;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.toString() : null;
  } catch {
    return null;
  }
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Takes out short blocks marked as paywall, sign-up, sharing or comment boxes: readability keeps them
 * when they sit inside the article, and drops the class names that would tell them apart afterwards.
 */
function removeStubs(document: Doc): void {
  for (const el of [...document.querySelectorAll('[class], [id]')]) {
    const marks = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (STUB_CLASS.test(marks) && (el.textContent ?? '').length < STUB_MAX_CHARS) el.remove();
  }
  // A short line around a <time> is a dateline ("By … · 4 March"), however the site marks it up.
  for (const time of [...document.querySelectorAll('time')]) {
    const line = time.closest('p, div, span, header') ?? time;
    if ((line.textContent ?? '').length < DATELINE_MAX_CHARS) line.remove();
  }
}

/** The text of `root` as paragraphs: each block element its own paragraph, inline text joined. */
export function paragraphsOf(root: El): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    const text = collapse(current);
    if (text) paragraphs.push(text);
    current = '';
  };
  const walk = (node: El | ChildNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as El;
    const tag = el.tagName.toUpperCase();
    if (
      tag === 'SCRIPT' ||
      tag === 'STYLE' ||
      tag === 'NOSCRIPT' ||
      (tag === 'FIGURE' && !el.querySelector('figcaption'))
    )
      return;
    if (tag === 'BR') {
      current += ' ';
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of el.childNodes) walk(child as El);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs;
}

/**
 * Reads a news web page: the article's main text with @mozilla/readability (paragraphs kept, navigation,
 * comments and sign-up stubs left out) and its metadata, trusting og:* first, then article:* meta, then
 * JSON-LD, then `<time>` and the page's own title. Throws ArticleInputError when no article text is found.
 */
export function readHtmlArticle(html: string, pageUrl?: string): HtmlArticle {
  const { parseHTML, Readability } = loadDom();
  const { document } = parseHTML(html);
  const ld = jsonLdArticle(document);
  const timeEl = document.querySelector('article time[datetime], time[datetime]');
  const canonicalLink = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null;
  const metadata = {
    title: meta(document, 'og:title', 'twitter:title') ?? nameOf(ld?.headline),
    publishedAt:
      validDate(meta(document, 'article:published_time', 'og:published_time')) ??
      validDate(typeof ld?.datePublished === 'string' ? ld.datePublished : null) ??
      validDate(timeEl?.getAttribute('datetime')),
    author: meta(document, 'article:author', 'author') ?? nameOf(ld?.author),
    siteName: meta(document, 'og:site_name') ?? nameOf(ld?.publisher),
    declaredLanguage:
      document.documentElement?.getAttribute('lang')?.trim() ||
      meta(document, 'og:locale')?.replace('_', '-') ||
      (typeof ld?.inLanguage === 'string' ? ld.inLanguage : null),
    canonicalUrl: absolute(
      meta(document, 'og:url') ?? canonicalLink ?? urlOf(ld?.mainEntityOfPage) ?? urlOf(ld?.url),
      pageUrl,
    ),
  };
  // The dates were read above; now the datelines and stubs can go.
  removeStubs(document);
  // Readability mutates the document it reads; the metadata above was taken first.
  const readable = new Readability(document as unknown as Document, {
    charThreshold: 200,
    serializer: (el: Node) => el,
  }).parse();
  const content = readable?.content as unknown as El | undefined;
  const paragraphs = content ? paragraphsOf(content) : [];
  const title = collapse(
    metadata.title ?? readable?.title ?? document.querySelector('h1')?.textContent ?? '',
  );
  // Readability often keeps the headline as the first block; it is the title, not body text.
  if (paragraphs[0] && collapse(paragraphs[0]) === title) paragraphs.shift();
  const body = paragraphs.join('\n\n');
  if (body.length < MIN_BODY_CHARS) throw new ArticleInputError('no article text found in the page');
  if (!title) throw new ArticleInputError('the page has no headline (og:title, JSON-LD headline or <title>)');
  return {
    ...metadata,
    title,
    body,
    author: metadata.author ?? (readable?.byline ? collapse(readable.byline) : null),
    siteName: metadata.siteName ?? readable?.siteName ?? null,
  };
}

/** Whether bytes look like an HTML page rather than plain article text. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<!--)/i.test(text.slice(0, 1024));
}
