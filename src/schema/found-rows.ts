import type DataLoader from 'dataloader';

/** The rows a loader finds for `ids`, leaving out ids without a row. */
export async function foundRows<Row>(
  loader: DataLoader<number, Row | undefined>,
  ids: readonly number[],
): Promise<Row[]> {
  const rows = await loader.loadMany(ids);
  return rows.filter((row): row is Row => row !== undefined && !(row instanceof Error));
}
