import { WorkLimitError } from '../errors.ts';
import { keyList } from './keys.ts';
import type { LinkKind } from './neighbors.ts';
import type { Db } from './open.ts';

/** One fact on a path, from the entity nearer the start to the one nearer the end. */
export interface PathStepRow {
  from_id: number;
  to_id: number;
  kind: LinkKind;
  /** The relation, event or claim; for CO_MENTION, the evidence of the mention of `to_id`. */
  ref_id: number;
  evidence_id: number;
}

export interface PathOptions {
  maxHops: number;
  /** Link kinds a path may use; null for all. */
  kinds: readonly LinkKind[] | null;
}

/** The longest path anyone asks for in a news graph; beyond it almost everything connects to everything. */
export const MAX_PATH_HOPS = 6;
/**
 * Entities one request may reach on its way, counting both directions of the search. Each hop is one
 * statement over the frontier, so this bounds the rows any statement reads and the whole request.
 */
export const MAX_PATH_REACHED = 5000;

interface LinkRow {
  entity_id: number;
  other_id: number;
  kind: LinkKind;
  ref_id: number;
  evidence_id: number;
}

/** Where a side of the search came from to reach an entity: the entity before it and the link used. */
type Trail = Map<number, LinkRow | null>;

/**
 * All SQL for paths between entities: a bidirectional breadth-first search over the entity_links
 * view, one batched statement per hop (the whole frontier at once). Recursive SQL would have to carry
 * every partial path to avoid cycles and cannot stop early when the two sides meet; this stops at the
 * first level where they do, and counts what it reached.
 */
export function createPathStore(db: Db) {
  // One link per newly reached entity: the strongest kind of fact first, then the oldest, so the same
  // graph always gives the same path.
  const hop = db.prepare(`
    SELECT entity_id, other_id, kind, ref_id, evidence_id FROM (
      SELECT l.entity_id, l.other_id, l.kind, l.ref_id, l.evidence_id,
             ROW_NUMBER() OVER (
               PARTITION BY l.other_id
               ORDER BY CASE l.kind WHEN 'RELATION' THEN 0 WHEN 'SHARED_EVENT' THEN 1 WHEN 'CLAIM' THEN 2 ELSE 3 END,
                        l.entity_id, l.ref_id, l.evidence_id
             ) AS pick
      FROM entity_links l
      WHERE l.entity_id IN (SELECT value FROM json_each(@frontier))
        AND l.other_id NOT IN (SELECT value FROM json_each(@reached))
        AND (@kinds IS NULL OR l.kind IN (SELECT value FROM json_each(@kinds)))
    ) AS links
    WHERE pick = 1
    ORDER BY other_id
    LIMIT @cap`);

  /** Expands one side by a hop; returns the newly reached entities, in id order. */
  function expand(trail: Trail, frontier: number[], kinds: string | null, budget: number): number[] {
    const rows = hop.all({
      frontier: keyList(frontier),
      reached: keyList([...trail.keys()]),
      kinds,
      cap: budget + 1,
    }) as LinkRow[];
    if (rows.length > budget) {
      throw new WorkLimitError(
        'path breadth',
        MAX_PATH_REACHED,
        undefined,
        `looking for a path reached more than ${MAX_PATH_REACHED} entities: lower maxHops or restrict "via"`,
      );
    }
    for (const row of rows) trail.set(row.other_id, row);
    return rows.map((row) => row.other_id);
  }

  return {
    /**
     * The shortest chain of facts from one entity to another, at most `maxHops` long, as steps in order;
     * [] when from = to, null when no chain is that short. Runs at most `maxHops` statements.
     * Throws WorkLimitError when the search reaches more than MAX_PATH_REACHED entities.
     */
    shortest(fromId: number, toId: number, options: PathOptions): PathStepRow[] | null {
      if (fromId === toId) return [];
      const kinds = options.kinds?.length ? keyList(options.kinds) : null;
      const forward: Trail = new Map([[fromId, null]]);
      const backward: Trail = new Map([[toId, null]]);
      let forwardFrontier = [fromId];
      let backwardFrontier = [toId];
      for (let hops = 0; hops < options.maxHops; hops++) {
        // Expanding the smaller frontier (on a tie, the side that has reached less) keeps both small:
        // the search meets in the middle instead of fanning out from one end through a hub.
        const forwardTurn =
          forwardFrontier.length < backwardFrontier.length ||
          (forwardFrontier.length === backwardFrontier.length && forward.size <= backward.size);
        const [trail, other] = forwardTurn ? [forward, backward] : [backward, forward];
        const budget = MAX_PATH_REACHED - forward.size - backward.size;
        const reached = expand(trail, forwardTurn ? forwardFrontier : backwardFrontier, kinds, budget);
        const meeting = reached.find((id) => other.has(id));
        if (meeting !== undefined) return joinTrails(forward, backward, meeting);
        if (!reached.length) return null;
        if (forwardTurn) forwardFrontier = reached;
        else backwardFrontier = reached;
      }
      return null;
    },
  };
}

/** The steps from the start to `meeting` (forward trail) and on to the end (backward trail). */
function joinTrails(forward: Trail, backward: Trail, meeting: number): PathStepRow[] {
  const head: PathStepRow[] = [];
  for (let link = forward.get(meeting); link; link = forward.get(link.entity_id)) {
    head.unshift({ ...stepOf(link), from_id: link.entity_id, to_id: link.other_id });
  }
  const tail: PathStepRow[] = [];
  for (let link = backward.get(meeting); link; link = backward.get(link.entity_id)) {
    // The backward side reached `other_id` from `entity_id`, which lies nearer the end.
    tail.push({ ...stepOf(link), from_id: link.other_id, to_id: link.entity_id });
  }
  return [...head, ...tail];
}

function stepOf(link: LinkRow): Omit<PathStepRow, 'from_id' | 'to_id'> {
  return { kind: link.kind, ref_id: link.ref_id, evidence_id: link.evidence_id };
}
