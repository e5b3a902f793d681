import { WorkLimitError } from '../errors.ts';
import { keyList } from './keys.ts';
import type { LinkKind } from './neighbors.ts';
import type { Sql } from './sql.ts';

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
/**
 * Links one request may read on its way. Entities a frontier shares are read once per link to them, so
 * the entity bound alone let a frontier of well-connected entities read millions of rows in one step.
 */
export const MAX_PATH_ROWS = 50_000;

/** What a search may still read: entities reached and links, both directions together. */
interface Budget {
  entities: number;
  rows: number;
}

function tooBroad(): WorkLimitError {
  return new WorkLimitError(
    'path breadth',
    MAX_PATH_REACHED,
    undefined,
    `looking for a path reached more than ${MAX_PATH_REACHED} entities or ${MAX_PATH_ROWS} links: lower maxHops or restrict "via"`,
  );
}

const KIND_ORDER: Record<LinkKind, number> = { RELATION: 0, SHARED_EVENT: 1, CLAIM: 2, CO_MENTION: 3 };

function isStronger(kind: LinkKind, entityId: number, than: HopRow): boolean {
  const order = KIND_ORDER[kind] - KIND_ORDER[than.kind];
  return order < 0 || (order === 0 && entityId < than.entity_id);
}

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
  shortest(fromId: number, toId: number, options: PathOptions): Promise<PathStepRow[] | null>;
}

export function createPathStore(db: Sql): PathStore {
  // Every link from the frontier to an entity not reached yet, cut at a row bound: the pick of one link
  // per newly reached entity happens below, so the statement never sorts or numbers an unbounded set.
  const hop = db.prepare(`
      SELECT n.entity_id, n.other_id, ${KIND_RANK} AS kind
      FROM entity_neighbors n
      WHERE n.entity_id IN (SELECT value FROM json_each(@frontier))
        AND n.other_id NOT IN (SELECT value FROM json_each(@reached))
        AND ${KIND_RANK} IS NOT NULL
      LIMIT @rowCap`);
  // The oldest fact of that kind between the two. Naming the kind lets SQLite skip the view's other
  // branches (the shared-sentence one reads every mention of a popular entity).
  const factOf = db.prepare(`
    SELECT kind, ref_id, evidence_id FROM entity_links
    WHERE entity_id = @from AND other_id = @to AND kind = @kind
    ORDER BY ref_id, evidence_id
    LIMIT 1`);

  async function stepOf(from: number, to: number, kind: LinkKind): Promise<PathStepRow> {
    const fact = (await factOf.get({ from, to, kind })) as Omit<PathStepRow, 'from_id' | 'to_id'> | undefined;
    if (!fact) throw new Error(`entities ${from} and ${to} are neighbours without a fact that links them`);
    return { from_id: from, to_id: to, ...fact };
  }

  /** The steps from the start to `meeting` (forward trail) and on to the end (backward trail). */
  async function joinTrails(forward: Trail, backward: Trail, meeting: number): Promise<PathStepRow[]> {
    const head: PathStepRow[] = [];
    for (let link = forward.get(meeting); link; link = forward.get(link.entity_id)) {
      head.unshift(await stepOf(link.entity_id, link.other_id, link.kind));
    }
    const tail: PathStepRow[] = [];
    for (let link = backward.get(meeting); link; link = backward.get(link.entity_id)) {
      // The backward side reached `other_id` from `entity_id`, which lies nearer the end.
      tail.push(await stepOf(link.other_id, link.entity_id, link.kind));
    }
    return [...head, ...tail];
  }

  /**
   * Expands one side by a hop; returns the newly reached entities, in id order. Each is reached by its
   * strongest kind of link, then from the oldest entity, so the same graph always gives the same path.
   */
  async function expand(
    trail: Trail,
    frontier: number[],
    kinds: KindFlags,
    budget: Budget,
  ): Promise<number[]> {
    const rows = (await hop.all({
      frontier: keyList(frontier),
      reached: keyList([...trail.keys()]),
      ...kinds,
      rowCap: budget.rows + 1,
    })) as HopRow[];
    budget.rows -= rows.length;
    if (budget.rows < 0) throw tooBroad();
    const picked = new Map<number, HopRow>();
    for (const { entity_id: entityId, other_id: otherId, kind } of rows) {
      const best = picked.get(otherId);
      if (!best || isStronger(kind, entityId, best)) {
        picked.set(otherId, { entity_id: entityId, other_id: otherId, kind });
      }
    }
    if (picked.size > budget.entities) throw tooBroad();
    budget.entities -= picked.size;
    const reached = [...picked.keys()].sort((a, b) => a - b);
    for (const id of reached) trail.set(id, picked.get(id) as HopRow);
    return reached;
  }

  return {
    // Runs at most `maxHops` statements.
    async shortest(fromId, toId, options) {
      if (fromId === toId) return [];
      const kinds = kindFlags(options.kinds);
      const forward: Trail = new Map([[fromId, null]]);
      const backward: Trail = new Map([[toId, null]]);
      const budget: Budget = { entities: MAX_PATH_REACHED - 2, rows: MAX_PATH_ROWS };
      let forwardFrontier = [fromId];
      let backwardFrontier = [toId];
      for (let hops = 0; hops < options.maxHops; hops++) {
        // Expanding the smaller frontier (on a tie, the side that has reached less) keeps both small:
        // the search meets in the middle instead of fanning out from one end through a hub.
        const forwardTurn =
          forwardFrontier.length < backwardFrontier.length ||
          (forwardFrontier.length === backwardFrontier.length && forward.size <= backward.size);
        const [trail, other] = forwardTurn ? [forward, backward] : [backward, forward];
        const reached = await expand(trail, forwardTurn ? forwardFrontier : backwardFrontier, kinds, budget);
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
