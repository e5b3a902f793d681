import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../errors.ts';

/**
 * Media types are case-insensitive (RFC 9110), but yoga compares `Content-Type` as written, so
 * `Application/JSON` got a bare 415. The type is lower-cased before yoga reads it (parameters such as
 * the charset stay as sent), and a body yoga still cannot read gets a 415 that says why, with a code.
 */
export function contentTypePlugin(): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get('content-type');
      if (!given) return;
      const [type = '', ...params] = given.split(';');
      const normal = [type.trim().toLowerCase(), ...params].join(';');
      if (normal !== given) request.headers.set('content-type', normal);
    },
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.status !== 415 || response.headers.get('content-type')) return;
      const sent = request.headers.get('content-type') ?? 'none';
      const body = {
        errors: [
          {
            message: `cannot read a request body of type ${sent}: send application/json, or use GET with a query string`,
            extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' satisfies ErrorCode },
          },
        ],
      };
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      setResponse(new fetchAPI.Response(JSON.stringify(body), { status: 415, headers }));
    },
  };
}
