import type { ArticleRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { Article } from './article.ts';

builder.subscriptionFields((t) => ({
  articleIngested: t.field({
    type: Article,
    description:
      'Each article as it is committed, whichever way it came in (the ingestArticle mutation, the ingest command or a feed watcher writing the same database). Over server-sent events: send `Accept: text/event-stream`.',
    subscribe: (_root, _args, ctx) => ctx.live.articles(),
    resolve: (row: ArticleRow) => row,
  }),
}));
