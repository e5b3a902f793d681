import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Codes for the server's own refusals, which yoga and its plugins raise with a status but no code. */
function codeFor(error: GraphQLError): string {
  const code = error.extensions.code;
  if (code === 'REQUEST_ENTITY_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  if (typeof code === 'string') return code;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  if (status === 403) return 'FORBIDDEN';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return 'BAD_REQUEST';
}

function withCode(error: unknown): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const code = codeFor(error);
  if (code === error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}

/** Every error a client sees carries `extensions.code`, so clients can branch on it. */
export function errorCodesPlugin(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map(withCode) as GraphQLError[] });
    },
  };
}
