import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { ArticleInputError } from './article-input.ts';

/** Where a declared encoding may come from, most trusted first after a byte-order mark. */
export interface EncodingHints {
  /** An HTTP Content-Type header, e.g. `text/html; charset=windows-1252`. */
  contentType?: string | null;
  /** Look for `<meta charset>` in the first bytes (HTML pages). */
  html?: boolean;
}

/** How the bytes were decoded, for the CLI's report. */
export interface DecodedText {
  text: string;
  encoding: string;
  /** `bom`, `header`, `meta`, `utf-8` (valid as UTF-8) or `detected` (a statistical guess). */
  how: 'bom' | 'header' | 'meta' | 'utf-8' | 'detected';
}

// A guess below this confidence is refused: a wrong legacy decoding corrupts every name silently.
const MIN_DETECTOR_CONFIDENCE = 60;
// Byte statistics of a headline and a line or two say little; below this, no guess is made.
const MIN_DETECTOR_BYTES = 256;
const HINT =
  'convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt`) or declare its charset';

function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

function charsetOf(contentType: string | null | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

/** The charset an HTML page declares in its first 2 KB (`<meta charset>` or the http-equiv form). */
function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return (
    head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1] ??
    head.match(/<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i)?.[1]
  );
}

function decodeAs(bytes: Uint8Array, encoding: string, fatal: boolean): string | undefined {
  // Node's TextDecoder reads windows-1252 as Latin-1 (curly quotes become C1 controls); iconv-lite
  // implements the legacy code pages as browsers do. Strict decoding stays with TextDecoder.
  if (!fatal && !/^utf-?(8|16)/i.test(encoding) && iconv.encodingExists(encoding))
    return iconv.decode(Buffer.from(bytes), encoding);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal });
  } catch {
    return undefined;
  }
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes article bytes: a byte-order mark first, then the declared charset (HTTP header, then an HTML
 * `<meta>`), then strict UTF-8, then a statistical detector when it is confident. Throws
 * ArticleInputError with a one-line hint when the encoding cannot be told.
 */
export function decodeText(bytes: Uint8Array, hints: EncodingHints = {}): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) {
    const text = decodeAs(bytes.subarray(bom.length), bom.encoding, true);
    if (text !== undefined) return { text, encoding: bom.encoding, how: 'bom' };
    throw new ArticleInputError(
      `the text starts with a ${bom.encoding} byte-order mark but is not ${bom.encoding}`,
    );
  }
  const declared: [string | undefined, 'header' | 'meta'][] = [
    [charsetOf(hints.contentType), 'header'],
    [hints.html ? metaCharset(bytes) : undefined, 'meta'],
  ];
  for (const [encoding, how] of declared) {
    if (!encoding) continue;
    const text = decodeAs(bytes, encoding, false);
    if (text !== undefined) return { text, encoding: encoding.toLowerCase(), how };
  }
  const utf8 = decodeAs(bytes, 'utf-8', true);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', how: 'utf-8' };
  const best = (bytes.length >= MIN_DETECTOR_BYTES ? analyse(bytes) : []).find(
    (match) => decodeAs(new Uint8Array(0), match.name, false) !== undefined,
  );
  // A detector's guess at a multi-byte encoding is only taken when it decodes without a single error.
  if (best && best.confidence >= MIN_DETECTOR_CONFIDENCE) {
    const text = decodeAs(bytes, best.name, false);
    if (text !== undefined) return { text, encoding: best.name.toLowerCase(), how: 'detected' };
  }
  const guess = best ? ` (it may be ${best.name}, ${best.confidence}% sure)` : '';
  throw new ArticleInputError(`the text is not UTF-8 and its encoding cannot be told${guess}: ${HINT}`);
}
