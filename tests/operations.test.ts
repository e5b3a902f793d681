import { Kind, parse } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOperations } from '../src/operations.ts';
import { type Json, OPERATIONS_DIR, SEED_SLUG, type TestApp, testApp } from './helpers.ts';

/** What each example operation must answer on the seed graph, by operation name. */
const CHECKS: Record<string, (data: Json, t: TestApp) => void> = {
  LeadersOfEveryCountry(data) {
    const countries = data.countries.edges.map((edge: Json) => edge.node);
    expect(data.countries.totalCount).toBe(countries.length);
    const uk = countries.find((country: Json) => country.code === 'GB');
    expect(uk?.name).toBe('United Kingdom');
    const cameron = uk.leaders.find((leader: Json) => leader.name === 'David Cameron');
    expect(cameron?.offices).toContainEqual({
      title: 'Prime Minister of the United Kingdom',
      country: { code: 'GB' },
    });
    const russia = countries.find((country: Json) => country.code === 'RU');
    expect(russia.leaders.map((leader: Json) => leader.name)).toEqual(['Vladimir Putin']);
    for (const country of countries) {
      for (const leader of country.leaders) {
        expect(leader.offices.map((office: Json) => office.country?.code)).toContain(country.code);
      }
    }
  },

  ClaimsByPerson(data, t) {
    expect(data.person.name).toBe('David Cameron');
    expect(data.person.offices).toEqual([{ title: 'Prime Minister of the United Kingdom' }]);
    const claims = data.person.claimsBy.edges.map((edge: Json) => edge.node);
    expect(claims.length).toBeGreaterThanOrEqual(8);
    expect(data.person.claimsBy.totalCount).toBe(claims.length);
    const title = t.store.articles.bySlug(SEED_SLUG)?.title;
    for (const claim of claims) {
      expect(claim.evidence.text.length).toBeGreaterThan(0);
      expect(claim.evidence.sentence).toContain(claim.evidence.text);
      expect(claim.evidence.article.title).toBe(title);
      expect(claim.text.length).toBeGreaterThan(0);
    }
    const appeal = claims.find((claim: Json) => claim.kind === 'APPEAL');
    expect(appeal).toMatchObject({
      verb: 'urged',
      event: { name: 'Cameron–Putin talks at the 2015 G20 summit' },
    });
    expect(appeal.about.map((entity: Json) => entity.name)).toEqual(
      expect.arrayContaining(['Vladimir Putin', 'Russia', 'Islamic State']),
    );
  },

  SummitWithParticipants(data) {
    const summit = data.event;
    expect(summit).toMatchObject({
      name: '2015 G20 Antalya summit',
      kind: 'SUMMIT',
      date: '2015-11-15',
      endDate: '2015-11-16',
      place: { name: 'Antalya' },
      country: { name: 'Turkey', code: 'TR' },
    });
    expect(summit.participants).toContainEqual({ role: 'HOST', entity: { name: 'Turkey', kind: 'COUNTRY' } });
    expect(summit.participants).toContainEqual({
      role: 'ATTENDEE',
      entity: { name: 'David Cameron', kind: 'PERSON' },
    });
    const kinds = summit.subEvents.map((event: Json) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['MEETING', 'PRESS_CONFERENCE']));
    const pressConference = summit.subEvents.find((event: Json) => event.kind === 'PRESS_CONFERENCE');
    expect(pressConference.date).toBe('2015-11-16');
    expect(pressConference.claims.length).toBeGreaterThan(0);
    for (const claim of pressConference.claims) expect(claim.speaker?.name).toBe('David Cameron');
    expect(summit.evidence.length).toBeGreaterThan(0);
    for (const evidence of summit.evidence) expect(evidence.sentence.length).toBeGreaterThan(0);
  },

  Alliances(data) {
    const relations = data.relations.edges.map((edge: Json) => edge.node);
    expect(data.relations.totalCount).toBe(relations.length);
    for (const relation of relations) expect(relation.type).toBe('ALLY_OF');
    const assad = relations.find(
      (relation: Json) => relation.from.name === 'Bashar al-Assad' && relation.to.name === 'Russia',
    );
    expect(assad).toMatchObject({ from: { kind: 'PERSON' }, to: { kind: 'COUNTRY' } });
    expect(assad.evidence.map((evidence: Json) => evidence.text)).toContain('a close Moscow ally');
    for (const evidence of assad.evidence) expect(evidence.sentence).toContain(evidence.text);
  },
};

const operations = readOperations(OPERATIONS_DIR);

describe('the example operations in schema/operations', () => {
  let t: TestApp;

  beforeEach(() => {
    t = testApp();
  });

  afterEach(() => {
    t.close();
  });

  it('has an expectation for every operation file, and a file for every expectation', () => {
    const names = operations.map((operation) => operation.name).sort();
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((name) => !(name in CHECKS));
    expect(missing, `add a check to CHECKS in tests/operations.test.ts for: ${missing.join(', ')}`).toEqual(
      [],
    );
    expect(Object.keys(CHECKS).sort()).toEqual(names);
  });

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    'holds one operation named after its file: %s',
    (name, operation) => {
      const definitions = parse(operation.document).definitions;
      expect(definitions).toHaveLength(1);
      const [definition] = definitions;
      expect(definition?.kind).toBe(Kind.OPERATION_DEFINITION);
      expect(definition?.kind === Kind.OPERATION_DEFINITION && definition.name?.value).toBe(name);
    },
  );

  it.each(operations.map((operation) => [operation.name, operation] as const))(
    'runs %s with its example variables and answers what it promises',
    async (name, operation) => {
      const result = await t.gql(operation.document, operation.variables);
      expect(result.body.errors, JSON.stringify(result.body.errors)).toBeUndefined();
      expect(result.status).toBe(200);
      const check = CHECKS[name];
      if (!check) throw new Error(`no check for ${name}: add one to CHECKS in tests/operations.test.ts`);
      check(result.body.data, t);
    },
  );
});
