import { defineConfig } from 'vite';

/**
 * The explorer: plain TypeScript modules bundled into web/dist, which the GraphQL server serves at `/`.
 * `npm run dev:web` serves the sources with hot reload and sends /graphql to a server on port 4000.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES modules preloads them natively; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    // The graph library is one large chunk by design, loaded only on entity pages.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/graphql': 'http://localhost:4000' } },
});
