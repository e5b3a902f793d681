/**
 * "Does any of these spans overlap [start, end)?" in logarithmic time, for stages that ask it once per
 * candidate over a growing list of spans (claims against the claims already found). A span overlaps
 * [start, end) when it starts before `end` and ends after `start`, so the answer is whether the largest
 * end among the spans that start before `end` lies past `start`: a prefix maximum over start offsets,
 * kept in a Fenwick tree. Spans may be added, and a span's end may grow; nothing is ever removed.
 */
export class SpanOverlaps {
  /** Fenwick tree over start offsets 0…size-1: tree[i] is the largest end of its range of starts. */
  private readonly tree: Float64Array;

  constructor(private readonly size: number) {
    this.tree = new Float64Array(size + 1).fill(Number.NEGATIVE_INFINITY);
  }

  /** Adds the span [start, end), or records that a span starting at `start` now ends at `end`. */
  add(start: number, end: number): void {
    if (start < 0 || start >= this.size)
      throw new RangeError(`span start ${start} outside 0…${this.size - 1}`);
    for (let i = start + 1; i <= this.size; i += i & -i)
      if ((this.tree[i] as number) < end) this.tree[i] = end;
  }

  /** Whether a span added so far starts before `end` and ends after `start`. */
  overlaps(start: number, end: number): boolean {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = Math.min(end, this.size); i > 0; i -= i & -i)
      if ((this.tree[i] as number) > max) max = this.tree[i] as number;
    return max > start;
  }
}
