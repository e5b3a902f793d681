import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

/** Hashes of the inline scripts of a page, in CSP source form. */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
    );
  }
  return hashes;
}

/**
 * The policy for an HTML page: its own inline scripts by hash and nothing else; GraphiQL's editor
 * starts its workers from blob URLs and sets inline styles, and talks only to this origin.
 */
export function contentSecurityPolicy(html: string): string {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...inlineScriptHashes(html)].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Wraps the GraphiQL renderer so the page's policy is known when it is served. The page is memoised by
 * its options: it is several megabytes, and the same on every load of one server.
 */
export function withContentSecurityPolicy<Options>(render: (options: Options) => string) {
  const pages = new Map<string, { html: string; policy: string }>();
  let lastPolicy: string | undefined;
  return {
    render(options: Options): string {
      const key = JSON.stringify(options);
      let page = pages.get(key);
      if (!page) {
        const html = render(options);
        page = { html, policy: contentSecurityPolicy(html) };
        pages.set(key, page);
      }
      lastPolicy = page.policy;
      return page.html;
    },
    /** The policy of the page rendered last: the one being served, as rendering is synchronous. */
    policy: (): string | undefined => lastPolicy,
  };
}

/**
 * Headers on every response: no MIME sniffing, no referrer. HTML pages also may not be framed and
 * get a Content-Security-Policy (their own if set, else the renderer's policy for the page, else a strict one).
 */
export function securityHeadersPlugin(pagePolicy: () => string | undefined): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        response.headers.set('x-frame-options', 'DENY');
        // A page served with its own policy (the explorer's) keeps it.
        if (!response.headers.has('content-security-policy')) {
          response.headers.set('content-security-policy', pagePolicy() ?? contentSecurityPolicy(''));
        }
      }
    },
  };
}
