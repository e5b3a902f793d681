import type { EvidenceRef, Span } from './format.ts';

export class EvidenceError extends Error {}

/** Every start offset at which `needle` occurs in `body`, in order. */
function occurrencesOf(body: string, needle: string): number[] {
  const starts: number[] = [];
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, at + 1)) starts.push(at);
  return starts;
}

/**
 * Turns an evidence reference into a span of `body`.
 * A quoted text must occur in the body; when it occurs more than once the reference must say which
 * occurrence (1-based), because guessing would attach the fact to the wrong sentence.
 * Throws EvidenceError with a message that quotes the text.
 */
export function resolveEvidence(body: string, ref: EvidenceRef): Span {
  if (typeof ref !== 'string' && 'start' in ref) {
    if (ref.end <= ref.start || ref.end > body.length) {
      throw new EvidenceError(`span ${ref.start}-${ref.end} is outside the body (length ${body.length})`);
    }
    return { start: ref.start, end: ref.end };
  }
  const text = typeof ref === 'string' ? ref : ref.text;
  const occurrence = typeof ref === 'string' ? undefined : ref.occurrence;
  const starts = occurrencesOf(body, text);
  if (starts.length === 0) throw new EvidenceError(`"${text}" is not in the article`);
  if (occurrence === undefined && starts.length > 1) {
    throw new EvidenceError(`"${text}" occurs ${starts.length} times: add "occurrence" (1-${starts.length})`);
  }
  const start = starts[(occurrence ?? 1) - 1];
  if (start === undefined) {
    throw new EvidenceError(`"${text}" occurs ${starts.length} times, not ${occurrence}`);
  }
  return { start, end: start + text.length };
}
