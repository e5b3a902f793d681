/** The `minConfidence` argument of the lists that return extracted claims and events. */
import { InvalidInputError } from '../errors.ts';

export const MIN_CONFIDENCE_DESCRIPTION =
  'Only items extraction is at least this sure of (0 to 1); curated items count as 1. Omit for all.';

/** The argument as the store filters take it; out of range is the client's mistake. */
export function minConfidenceOf(value: number | null | undefined): number | null {
  if (value == null) return null;
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new InvalidInputError(`"minConfidence" must be between 0 and 1, got ${value}`);
  return value;
}
