/** The codes a copy of a graph refuses or fails with. */
export type CopyErrorCode =
  | 'COPY_USAGE'
  | 'COPY_SOURCE_MISSING'
  | 'COPY_SOURCE_NOT_A_GRAPH'
  | 'COPY_SOURCE_UNREACHABLE'
  | 'COPY_SAME_DATABASE'
  | 'COPY_DESTINATION_EXISTS'
  | 'COPY_DESTINATION_NOT_EMPTY'
  | 'COPY_DESTINATION_UNREACHABLE'
  | 'COPY_SCHEMA_UNCOVERED'
  | 'COPY_INTERRUPTED'
  | 'COPY_MISMATCH'
  | 'COPY_FAILED';

/** Refusals: the copy did not start, and neither database holds anything of it. */
export const COPY_REFUSALS: ReadonlySet<CopyErrorCode> = new Set<CopyErrorCode>([
  'COPY_USAGE',
  'COPY_SOURCE_MISSING',
  'COPY_SOURCE_NOT_A_GRAPH',
  'COPY_SOURCE_UNREACHABLE',
  'COPY_SAME_DATABASE',
  'COPY_DESTINATION_EXISTS',
  'COPY_DESTINATION_NOT_EMPTY',
  'COPY_DESTINATION_UNREACHABLE',
  'COPY_SCHEMA_UNCOVERED',
]);

/** Why a copy refused or failed: one line that starts with its code. */
export class CopyError extends Error {
  constructor(
    readonly code: CopyErrorCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

/** The first line of an error's message: a driver's may run to several. */
export function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;
}
