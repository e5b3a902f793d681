import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** graphql-js appends its hints last: ` Did you mean "title"?`, `… the enum value "NAME"?`, `… "A" or "B"?`. */
const SUGGESTION = /\s*Did you mean\b.*$/s;

function withoutSuggestion(error: GraphQLError): GraphQLError {
  if (!SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * Outside development, no error names the schema's other fields, types, enum values or input fields
 * ("Did you mean …?"): they would map the schema for someone who cannot introspect it through a proxy
 * that blocks introspection. Applied to every answer, so hints from validation, from coercing variables
 * and from execution are all removed.
 */
export function noSuggestionsPlugin(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const strip = <T>(one: T): T => {
        const errors = (one as { errors?: readonly unknown[] }).errors;
        if (!errors?.length) return one;
        return {
          ...one,
          errors: errors.map((error) => (error instanceof GraphQLError ? withoutSuggestion(error) : error)),
        };
      };
      if (Array.isArray(result)) setResult(result.map(strip));
      else if (!(Symbol.asyncIterator in result)) setResult(strip(result));
    },
  };
}
