import { AnnotationError } from '../annotation/resolve-annotation.ts';
import { InvalidInputError } from '../errors.ts';
import { ArticleInputError } from '../ingest/article-input.ts';
import { GraphEditError } from '../store/graph-edits.ts';

/** Runs `work`, turning the domain's expected failures into BAD_USER_INPUT errors a client can act on. */
export async function asUserErrors<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof ArticleInputError ||
      error instanceof GraphEditError ||
      error instanceof AnnotationError
    ) {
      throw new InvalidInputError(error.message);
    }
    throw error;
  }
}
