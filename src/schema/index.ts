import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import { fieldCost } from './cost.ts';
// Order matters only for readability: every type file registers itself with the builder.
import './types/scalars.ts';
import './types/enums.ts';
import './types/entity.ts';
import './types/evidence.ts';
import './types/article.ts';
import './types/mention.ts';
import './types/relation.ts';
import './types/office.ts';
import './types/person.ts';
import './types/country.ts';
import './types/organization.ts';
import './types/place.ts';
import './types/event.ts';
import './types/claim.ts';
import './types/ingest-article.ts';
import './types/delete-article.ts';
import './types/merge-entities.ts';
import './types/search.ts';
import './types/neighbor.ts';
import './types/timeline.ts';
import './types/stats.ts';
import './types/path.ts';
import './types/subscriptions.ts';

builder.queryType({ description: 'Read the knowledge graph: articles, entities, events and claims.' });
builder.mutationType({
  description: 'Change the graph. Every mutation needs `Authorization: Bearer <ADMIN_TOKEN>`.',
});
builder.subscriptionType({
  description: 'Follow the graph as it grows, over server-sent events; the same limits as queries apply.',
});

// Costs only: the server checks the limit per request, before execution (src/server/limits.ts).
export const schema = builder.toSchema({ complexity: { fieldComplexity: fieldCost } });

/** The SDL committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
