import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import * as bundle from '@graphql-yoga/render-graphiql/graphiql';
import type { Plugin } from 'graphql-yoga';
import { type Encoding, negotiateEncoding } from './compression.ts';

/**
 * GraphiQL as a small page plus cacheable files. Yoga's own renderer inlines the whole editor (script,
 * styles, three web workers as escaped strings and the icon) into one 9 MB page, sent again on every
 * load; here the page is a few kilobytes and names its parts by content hash, so a browser downloads
 * them once (compressed) and keeps them.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

interface Asset {
  path: string;
  type: string;
  body: Buffer;
  encoded: Map<Encoding, Promise<Buffer>>;
}

function asset(name: string, extension: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { path: `${GRAPHIQL_ASSETS_PATH}${name}.${hash}.${extension}`, type, body, encoded: new Map() };
}

const script = (name: string, source: string) =>
  asset(name, 'js', 'application/javascript; charset=utf-8', Buffer.from(source));

function iconOf(dataUrl: string): Asset {
  const [header = '', data = ''] = dataUrl.split(',', 2);
  const type = /^data:([^;]+)/.exec(header)?.[1] ?? 'image/x-icon';
  return asset('favicon', 'ico', type, Buffer.from(data, 'base64'));
}

let assets: Record<'js' | 'css' | 'icon' | 'editorWorkerService' | 'json' | 'graphql', Asset> | undefined;

function graphiqlAssets() {
  assets ??= {
    js: script('graphiql', bundle.js),
    css: asset('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundle.css)),
    icon: iconOf(bundle.favicon),
    editorWorkerService: script('editor-worker', bundle.editorWorkerService),
    json: script('json-worker', bundle.jsonWorker),
    graphql: script('graphql-worker', bundle.graphqlWorker),
  };
  return assets;
}

/** JSON that is safe inside an inline `<script>`. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** The GraphiQL page for yoga's `renderGraphiQL` option. */
export function renderGraphiQLPage(options: { title?: string } & Record<string, unknown> = {}): string {
  const { js, css, icon, editorWorkerService, json, graphql } = graphiqlAssets();
  const workers = { editorWorkerService: editorWorkerService.path, json: json.path, graphql: graphql.path };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title || 'GraphiQL')}</title>
    <link rel="icon" href="${icon.path}" />
    <link rel="stylesheet" href="${css.path}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script>self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => (${scriptJson(workers)})[label] };</script>
    <script src="${js.path}"></script>
    <script>YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});</script>
  </body>
</html>
`;
}

function encode(file: Asset, encoding: Encoding): Promise<Buffer> {
  let encoded = file.encoded.get(encoding);
  if (!encoded) {
    // Once per file and encoding, off the event loop (zlib's thread pool), at a high quality.
    encoded =
      encoding === 'br'
        ? promisify(brotliCompress)(file.body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length,
            },
          })
        : promisify(gzip)(file.body, { level: 9 });
    file.encoded.set(encoding, encoded);
  }
  return encoded;
}

/** Serves GraphiQL's files, named by content hash, cached for a year, precompressed once. */
export function graphiqlAssetsPlugin(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const file = Object.values(graphiqlAssets()).find((candidate) => candidate.path === url.pathname);
      if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(new fetchAPI.Response('not found', { status: 404 }));
        return;
      }
      const headers: Record<string, string> = {
        'content-type': file.type,
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'Accept-Encoding',
      };
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      let body = file.body;
      if (encoding) {
        body = await encode(file, encoding);
        headers['content-encoding'] = encoding;
      }
      headers['content-length'] = String(body.length);
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), { headers }),
      );
    },
  };
}
