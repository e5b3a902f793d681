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

/** How one side reached an entity: from which entity, by the strongest kind of link between them. */
interface HopRow {
  entity_id: number;
  other_id: number;
  kind: LinkKind;
}

/** Where a side of the search came from to reach an entity: the entity before it and the link used. */
type Trail = Map<number, HopRow | null>;

/** Strongest kind first: a path shows a relation before a shared event, a claim, a shared sentence. */
const KIND_RANK = `CASE
  WHEN @relation AND n.relation_articles > 0 THEN 'RELATION'
  WHEN @event AND n.event_articles > 0 THEN 'SHARED_EVENT'
  WHEN @claim AND n.claim_articles > 0 THEN 'CLAIM'
  WHEN @mention AND n.mention_articles > 0 THEN 'CO_MENTION' END`;
const RANK_ORDER = `CASE kind WHEN 'RELATION' THEN 0 WHEN 'SHARED_EVENT' THEN 1 WHEN 'CLAIM' THEN 2 ELSE 3 END`;

/**
 * All SQL for paths between entities: a bidirectional breadth-first search over the neighbour totals the
 * writer keeps (entity_neighbors, an index per entity), one batched statement per hop (the whole frontier
 * at once); once the sides meet, one statement per step finds the fact that shows it. Recursive SQL
 * would have to carry every partial path to avoid cycles and cannot stop early when the two sides meet;
 * this stops at the first level where they do, and counts what it reached.
 */
export interface PathStore {
  /**
   * The shortest chain of facts from one entity to another, at most `maxHops` long, as steps in order;
   * [] when from = to, null when no chain is that short.
   * Throws WorkLimitError when the search reaches more than MAX_PATH_REACHED entities.
   */
  shortest(fromId: number, toId: number, options: PathOptions): PathStepRow[] | null;
}

export function createPathStore(db: Db): PathStore {
  // One link per newly reached entity: the strongest kind of link first, then the oldest entity, so the
  // same graph always gives the same path.
  const hop = db.prepare(`
    SELECT entity_id, other_id, kind FROM (
      SELECT entity_id, other_id, kind,
             ROW_NUMBER() OVER (PARTITION BY other_id ORDER BY ${RANK_ORDER}, entity_id) AS pick
      FROM (
        SELECT n.entity_id, n.other_id, ${KIND_RANK} AS kind
        FROM entity_neighbors n
        WHERE n.entity_id IN (SELECT value FROM json_each(@frontier))
          AND n.other_id NOT IN (SELECT value FROM json_each(@reached))
      )
      WHERE kind IS NOT NULL
    )
    WHERE pick = 1
    ORDER BY other_id
    LIMIT @cap`);
  // The oldest fact of that kind between the two. Naming the kind lets SQLite skip the view's other
  // branches (the shared-sentence one reads every mention of a popular entity).
  const factOf = db.prepare(`
    SELECT kind, ref_id, evidence_id FROM entity_links
    WHERE entity_id = @from AND other_id = @to AND kind = @kind
    ORDER BY ref_id, evidence_id
    LIMIT 1`);

  function stepOf(from: number, to: number, kind: LinkKind): PathStepRow {
    const fact = factOf.get({ from, to, kind }) as Omit<PathStepRow, 'from_id' | 'to_id'> | undefined;
    if (!fact) throw new Error(`entities ${from} and ${to} are neighbours without a fact that links them`);
    return { from_id: from, to_id: to, ...fact };
  }

  /** The steps from the start to `meeting` (forward trail) and on to the end (backward trail). */
  function joinTrails(forward: Trail, backward: Trail, meeting: number): PathStepRow[] {
    const head: PathStepRow[] = [];
    for (let link = forward.get(meeting); link; link = forward.get(link.entity_id)) {
      head.unshift(stepOf(link.entity_id, link.other_id, link.kind));
    }
    const tail: PathStepRow[] = [];
    for (let link = backward.get(meeting); link; link = backward.get(link.entity_id)) {
      // The backward side reached `other_id` from `entity_id`, which lies nearer the end.
      tail.push(stepOf(link.other_id, link.entity_id, link.kind));
    }
    return [...head, ...tail];
  }

  /** Expands one side by a hop; returns the newly reached entities, in id order. */
  function expand(trail: Trail, frontier: number[], kinds: KindFlags, budget: number): number[] {
    const rows = hop.all({
      frontier: keyList(frontier),
      reached: keyList([...trail.keys()]),
      ...kinds,
      cap: budget + 1,
    }) as HopRow[];
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
    // Runs at most `maxHops` statements.
    shortest(fromId, toId, options) {
      if (fromId === toId) return [];
      const kinds = kindFlags(options.kinds);
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

type KindFlags = Record<'relation' | 'event' | 'claim' | 'mention', 0 | 1>;

/** Which kinds of link a path may use (all when none are given), as the hop statement's flags. */
function kindFlags(kinds: readonly LinkKind[] | null): KindFlags {
  const allowed = (kind: LinkKind) => (!kinds?.length || kinds.includes(kind) ? 1 : 0);
  return {
    relation: allowed('RELATION'),
    event: allowed('SHARED_EVENT'),
    claim: allowed('CLAIM'),
    mention: allowed('CO_MENTION'),
  };
}
