import { NotFoundError } from '../../errors.ts';
import { requireAdmin } from '../access.ts';
import { builder } from '../builder.ts';
import { idOfType } from '../global-ids.ts';

const DeleteArticlePayload = builder.objectRef<{ deletedId: string }>('DeleteArticlePayload').implement({
  description: 'What deleteArticle removed.',
  fields: (t) => ({
    deletedId: t.exposeID('deletedId', { description: 'The id of the article that is gone.' }),
  }),
});

builder.mutationFields((t) => ({
  deleteArticle: t.field({
    type: DeleteArticlePayload,
    description:
      'Removes an article and every fact whose only evidence it was; facts other articles support stay. Needs the admin token.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      requireAdmin(ctx, 'deleteArticle');
      const articleId = idOfType('id', String(id), 'Article');
      if (!(await ctx.writes.deleteArticle(articleId))) throw new NotFoundError('article', String(id));
      return { deletedId: String(id) };
    },
  }),
}));
