import type { OfficeRow } from '../../store/rows.ts';
import { builder } from '../builder.ts';
import { Country } from './country.ts';
import { entityById } from './entity.ts';
import { EVIDENCE_FIRST_DESCRIPTION, Evidence, evidenceLimit } from './evidence.ts';
import { Organization } from './organization.ts';

export const Office = builder.objectRef<OfficeRow>('Office');

Office.implement({
  description: 'A position held: Prime Minister of the United Kingdom, President of Russia.',
  fields: (t) => ({
    title: t.exposeString('title'),
    country: t.field({
      type: Country,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.country_id, ctx),
    }),
    organization: t.field({
      type: Organization,
      nullable: true,
      resolve: (row, _args, ctx) => entityById(row.organization_id, ctx),
    }),
    evidence: t.field({
      type: [Evidence],
      description: 'Where the articles say the person holds the office.',
      args: { first: t.arg.int({ description: EVIDENCE_FIRST_DESCRIPTION }) },
      resolve: (row, args, ctx) => ctx.loaders.evidenceByOffice.first(evidenceLimit(args.first)).load(row.id),
    }),
  }),
});
