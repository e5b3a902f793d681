import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the named operations of schema/operations, read from the committed SDL. The client preset
 * writes web/src/gql/graphql.ts: one `<Name>Document` per operation, a string that carries its result and
 * variable types, so `execute(ExplorerEntityDocument, { slug })` is checked against the schema.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['schema/operations/*.graphql'],
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string' },
      },
    },
  },
  silent: true,
};

export default config;
