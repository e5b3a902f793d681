import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { readOperations } from '../src/operations.ts';
import { type App, createApp } from '../src/server.ts';
import { cleanupTempDirs, OPERATIONS_DIR, post, scratchDir, type TestApp, testApp } from './helpers.ts';

const INDEX =
  '<!doctype html><title>Explorer</title><script type="module" src="/assets/app-1a2b3c.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;

/** A built explorer as Vite lays it out: index.html, hashed assets, an icon. */
function fakeBundle(): string {
  const dir = scratchDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets/app-1a2b3c.js'), SCRIPT);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

let t: TestApp;
let logs: string[];

function appWith(explorerDir: string): App {
  logs = [];
  return createApp({
    store: t.store,
    logger: createLogger('warn', { write: (line: string) => logs.push(line) }),
    operations: readOperations(OPERATIONS_DIR),
    config: loadConfig({}),
    explorerDir,
  });
}

afterEach(() => t?.close());
afterAll(() => cleanupTempDirs());

describe('the explorer at /', () => {
  let bundle: string;
  beforeAll(() => {
    bundle = fakeBundle();
  });

  it.each(['/', '/entity/david-cameron', '/article/some-article', '/path/a-b/c-d', '/search?q=Putin'])(
    'answers %s with the page, never cached, under a policy that allows scripts only as files from here',
    async (path) => {
      t = await testApp({ seedsDir: null });
      const res = await appWith(bundle).fetch(`http://test${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("style-src 'self';");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).toContain("connect-src 'self'");
      expect(await res.text()).toBe(INDEX);
    },
  );

  it('leaves GraphiQL at /graphql with its own policy', async () => {
    t = await testApp({ seedsDir: null });
    const app = appWith(bundle);
    await app.fetch('http://test/');
    const res = await app.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('GraphiQL');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
  });

  it('serves hashed assets for a year, compressed when the client accepts it', async () => {
    t = await testApp({ seedsDir: null });
    const app = appWith(bundle);
    const plain = await app.fetch('http://test/assets/app-1a2b3c.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('vary')).toBe('accept-encoding');
    expect(await plain.text()).toBe(SCRIPT);

    const br = await app.fetch('http://test/assets/app-1a2b3c.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(brBytes).toString()).toBe(SCRIPT);

    const gzip = await app.fetch('http://test/assets/app-1a2b3c.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT);

    const icon = await app.fetch('http://test/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('answers 404 for files the build does not hold, and never reads outside it', async () => {
    t = await testApp({ seedsDir: null });
    const app = appWith(bundle);
    for (const path of [
      '/assets/missing-000.js',
      '/assets/..%2f..%2fpackage.json',
      '/assets/../index.html.js',
      '/package.json',
      '/entity/a/b',
    ]) {
      const res = await app.fetch(`http://test${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('leaves the API, health and other methods to the server', async () => {
    t = await testApp({ seedsDir: null });
    const app = appWith(bundle);
    const api = await app.fetch('http://test/graphql', post('{ articles { totalCount } }'));
    expect((await api.json()).data.articles.totalCount).toBe(0);
    expect((await app.fetch('http://test/health')).headers.get('content-type')).toBe('application/json');
    const postRoot = await app.fetch('http://test/', { method: 'POST', body: '{}' });
    expect(postRoot.status).toBe(404);
  });
});

describe('a server without a built explorer', () => {
  it('starts, says how to build it, and answers its pages 503 while the API works', async () => {
    t = await testApp({ seedsDir: null });
    const app = appWith(scratchDir());
    expect(logs.join('')).toContain('npm run build:web');
    const res = await app.fetch('http://test/entity/david-cameron');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
    const api = await app.fetch('http://test/graphql', post('{ articles { totalCount } }'));
    expect(api.status).toBe(200);
  });
});
