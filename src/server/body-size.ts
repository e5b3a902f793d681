import { createGraphQLError, type FetchAPI, type Plugin } from 'graphql-yoga';
import { PayloadTooLargeError } from '../errors.ts';

const CONTENT_LENGTH = /^\d+$/;

/**
 * The request body's size limit. A declared `Content-Length` is checked and trusted: Node's HTTP parser
 * never hands on more bytes than it declares. Only a body of unknown length (chunked) is counted as it
 * streams. Yoga's own limit pipes every body through a counting stream, which cost about a sixth of a
 * small request's CPU.
 */
export function bodySizePlugin(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          throw createGraphQLError('the Content-Length header is not a whole number of bytes', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(declared) > maxBytes) throw new PayloadTooLargeError('the request body', maxBytes);
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((req) => requestParser(countedRequest(req, maxBytes, fetchAPI)));
    },
  };
}

/** The same request with a body that fails PAYLOAD_TOO_LARGE once more than `maxBytes` have streamed. */
function countedRequest(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream pipes into a native transform, the server adapter's own stream into its own kind.
  const Transform = body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  let seen = 0;
  const counted = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new PayloadTooLargeError('the request body', maxBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    duplex: 'half',
  } as RequestInit);
}
