import { Readable } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
export const MIN_COMPRESSED_BYTES = 1024;

const COMPRESSIBLE =
  /^(text\/|application\/(json|graphql-response\+json|ld\+json|xml|graphml\+xml|javascript)|image\/svg\+xml)/;

/** The client's preferred encoding among ours (`br` over `gzip` at equal weight), or none. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best[0] ?? null;
}

/** A compressing transform: brotli at a quality cheap enough for answers streamed as they are built. */
export function compressor(encoding: Encoding) {
  return encoding === 'br'
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
    : createGzip({ level: 6 });
}

function shouldCompress(request: Request, response: Response): boolean {
  if (!response.body || request.method === 'HEAD') return false;
  if (response.status === 204 || response.status === 304 || response.status === 206) return false;
  if (response.headers.has('content-encoding')) return false;
  if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return false;
  const length = response.headers.get('content-length');
  // Streamed bodies (exports) have no length and are compressed; short answers are not.
  return length === null || Number(length) >= MIN_COMPRESSED_BYTES;
}

/**
 * Negotiates gzip or brotli (`Accept-Encoding`) for text bodies of 1 KiB and more: pages, answers and
 * the streamed exports, which are compressed as they stream. Responses that already carry an encoding
 * (precompressed assets) pass untouched. Runs last, after every other plugin has set its headers.
 */
export function compressionPlugin(): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (!COMPRESSIBLE.test(response.headers.get('content-type') ?? '')) return;
      if (!/accept-encoding/i.test(response.headers.get('vary') ?? '')) {
        response.headers.append('vary', 'Accept-Encoding');
      }
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!encoding || !shouldCompress(request, response)) return;
      // The body may be the server adapter's own stream class: read it as the async iterable it is.
      const source = Readable.from(response.body as unknown as AsyncIterable<Uint8Array>, {
        objectMode: false,
      });
      const compressed = compressor(encoding);
      // A failure on either side (the client went away, the body errored) ends both.
      source.on('error', (error) => compressed.destroy(error));
      compressed.on('close', () => source.destroy());
      source.pipe(compressed);
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.delete('content-length');
      setResponse(
        new fetchAPI.Response(Readable.toWeb(compressed) as unknown as ReadableStream, {
          status: response.status,
          statusText: response.statusText,
          headers,
        }),
      );
    },
  };
}
