import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql, as under Node: Vite would pick graphql's ESM build for project code while
  // dependencies (Pothos, Yoga) load its CommonJS build, and graphql refuses objects from the other copy.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
