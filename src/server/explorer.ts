import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';

/**
 * The explorer's policy: scripts and styles only as files from this origin (the bundle has no inline
 * script and sets styles through the CSSOM), data only from this origin's /graphql. GraphiQL keeps its own.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Pages of the explorer: each answers index.html, and the page script draws the route. */
const PAGE_ROUTE = /^\/(?:search|entity\/[^/]+|article\/[^/]+|path\/[^/]+\/[^/]+)?$/;
/** Built files: hashed names under /assets, a few fixed ones (the icon) at the top. */
const FILE_ROUTE = /^\/(?:assets\/)?[A-Za-z0-9_-][A-Za-z0-9_.-]*\.[a-z0-9]+$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map', '.txt']);

interface CachedFile {
  mtimeMs: number;
  raw: Uint8Array<ArrayBuffer>;
  encoded: Map<string, Uint8Array<ArrayBuffer>>;
}

/** The encoding to answer in, from Accept-Encoding: brotli, then gzip, else none. */
function encodingOf(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => q?.trim() !== 'q=0')
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

function compress(raw: Uint8Array, encoding: 'br' | 'gzip'): Uint8Array<ArrayBuffer> {
  // Done once per file and kept: quality 9 is within a few per cent of the maximum at a fraction of its time.
  return new Uint8Array(
    encoding === 'br'
      ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } })
      : gzipSync(raw, { level: 9 }),
  );
}

/**
 * Serves the explorer built into `dir` (web/dist): `/` and the explorer's deep links (`/entity/<slug>`,
 * `/article/<slug>`, `/path/<from>/<to>`, `/search`) answer index.html, never cached, so a new build is
 * picked up on reload; `/assets/*` are content-hashed and cached for a year. Text is sent brotli- or
 * gzip-compressed when the client accepts it. Without a build the server still starts: it logs how to
 * build, and explorer pages answer 503 saying the same.
 */
export function explorerPlugin(dir: string, logger: Logger): Plugin {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    logger.warn(
      { dir },
      'the explorer is not built, so / answers 503: run `npm run build:web` (npm ci does it too)',
    );
  }
  const cache = new Map<string, CachedFile>();

  async function load(path: string): Promise<CachedFile | null> {
    let mtimeMs: number;
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      mtimeMs = info.mtimeMs;
    } catch {
      return null;
    }
    const cached = cache.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached;
    const file = { mtimeMs, raw: new Uint8Array(await readFile(path)), encoded: new Map() };
    cache.set(path, file);
    return file;
  }

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const { pathname } = url;
      const page = PAGE_ROUTE.test(pathname);
      if (!page && !FILE_ROUTE.test(pathname)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = page ? indexFile : join(dir, pathname);
      const file = await load(path);
      if (!file) {
        if (!page) return;
        endResponse(
          new fetchAPI.Response('The explorer is not built: run `npm run build:web`, then reload.\n', {
            status: 503,
            headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' },
          }),
        );
        return;
      }
      const extension = extname(path);
      const headers: Record<string, string> = {
        'content-type': TYPES[extension] ?? 'application/octet-stream',
        'cache-control': page
          ? 'no-cache'
          : pathname.startsWith('/assets/')
            ? 'public, max-age=31536000, immutable'
            : 'public, max-age=3600',
      };
      if (page) headers['content-security-policy'] = EXPLORER_CONTENT_SECURITY_POLICY;
      let body = file.raw;
      const encoding = COMPRESSIBLE.has(extension)
        ? encodingOf(request.headers.get('accept-encoding'))
        : null;
      if (COMPRESSIBLE.has(extension)) headers.vary = 'accept-encoding';
      if (encoding) {
        let encoded = file.encoded.get(encoding);
        if (!encoded) {
          encoded = compress(file.raw, encoding);
          file.encoded.set(encoding, encoded);
        }
        body = encoded;
        headers['content-encoding'] = encoding;
      }
      headers['content-length'] = String(body.byteLength);
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers }));
    },
  };
}
