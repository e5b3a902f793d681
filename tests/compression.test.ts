import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../src/server/compression.ts';
import { post, type TestApp, testApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const decode = (encoding: string | null, bytes: Buffer) =>
  encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes;

async function fetchEncoded(path: string, init: RequestInit, acceptEncoding: string) {
  const res = await t.fetch(path, {
    ...init,
    headers: { ...init.headers, 'accept-encoding': acceptEncoding },
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  return { res, raw, encoding, text: decode(encoding, raw).toString('utf8') };
}

describe('GraphiQL page', () => {
  it('is a small page whose parts are separate, cacheable, precompressed files', async () => {
    const page = await fetchEncoded('/graphql', { headers: { accept: 'text/html' } }, 'identity');
    expect(page.res.status).toBe(200);
    expect(page.raw.length).toBeLessThan(64 * 1024);
    // Icon, styles, script and the editor's three workers.
    const files = new Set([...page.text.matchAll(/\/graphiql-assets\/[\w.-]+/g)].map((m) => m[0]));
    expect(files.size).toBe(6);
    let plain = 0;
    let sent = 0;
    for (const path of files) {
      const file = await fetchEncoded(path, {}, 'gzip, br');
      expect(file.res.status, path).toBe(200);
      expect(file.res.headers.get('cache-control')).toContain('immutable');
      if (!path.endsWith('.ico')) expect(file.encoding).toBe('br');
      plain += Buffer.byteLength(file.text);
      sent += file.raw.length;
    }
    expect(plain).toBeGreaterThan(5_000_000);
    expect(sent).toBeLessThan(plain / 3);
    expect((await t.fetch('/graphiql-assets/nothing.js')).status).toBe(404);
  });
});

describe('compression', () => {
  it('negotiates br or gzip by Accept-Encoding and its weights', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=1')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeNull();
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding(null)).toBeNull();
  });

  it('compresses a large answer and leaves a small one alone', async () => {
    const query = '{ __schema { types { name description fields { name description } } } }';
    const large = await fetchEncoded('/graphql', post(query), 'gzip');
    expect(large.encoding).toBe('gzip');
    expect(large.res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(JSON.parse(large.text).data.__schema.types.length).toBeGreaterThan(10);
    expect(large.raw.length).toBeLessThan(Buffer.byteLength(large.text) / 3);
    const small = await fetchEncoded('/graphql', post('{ __typename }'), 'gzip, br');
    expect(small.encoding).toBeNull();
    expect(JSON.parse(small.text).data.__typename).toBe('Query');
  });

  it('compresses the streamed exports', async () => {
    const plain = await fetchEncoded('/export/graph.jsonld?entity=david-cameron', {}, 'identity');
    const br = await fetchEncoded('/export/graph.jsonld?entity=david-cameron', {}, 'br');
    expect(plain.encoding).toBeNull();
    expect(br.encoding).toBe('br');
    expect(br.text).toBe(plain.text);
    expect(br.raw.length).toBeLessThan(plain.raw.length / 3);
    const graphml = await fetchEncoded('/export/graph.graphml?entity=david-cameron', {}, 'gzip');
    expect(graphml.encoding).toBe('gzip');
    expect(graphml.text).toContain('<graphml');
  });
});
