const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces each lone UTF-16 surrogate with U+FFFD, one code unit for one, so offsets computed on the
 * result stay valid in what SQLite stores (it would write a lone surrogate as three bytes of U+FFFD and
 * shift every later offset). Every door an article comes in by calls this before offsets exist.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
