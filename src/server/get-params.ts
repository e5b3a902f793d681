import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The query-string parameters a GraphQL GET carries as JSON text. */
const JSON_PARAMS = ['variables', 'extensions'] as const;

/**
 * A GET whose `variables` or `extensions` is not JSON is the client's mistake: 400 `BAD_REQUEST`
 * naming the parameter. Left to yoga, the parser's SyntaxError is an unexpected error (500, its stack
 * logged for every such request). The shape (an object) is still checked by yoga, with a 400.
 */
export function getParamsPlugin(): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (request.method !== 'GET') return;
      for (const name of JSON_PARAMS) {
        const text = url.searchParams.get(name);
        if (text === null || text === '') continue;
        try {
          JSON.parse(text);
        } catch {
          throw createGraphQLError(`the "${name}" parameter is not valid JSON`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      }
    },
  };
}
