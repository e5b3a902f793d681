import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  getNullableType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { post, type TestApp, testApp } from './hardening-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

/** A response to a client's mistake: never a 5xx, always JSON, never a masked bug. */
async function expectHandled(res: Response): Promise<void> {
  expect(res.status).toBeLessThan(500);
  const body = await res.json();
  for (const error of body.errors ?? []) {
    expect(error.message).not.toBe('Unexpected error.');
    expect(typeof error.extensions?.code).toBe('string');
  }
}

async function expectStillServing(): Promise<void> {
  const res = await t.fetch('/graphql', post('{ articles(first: 1) { totalCount } }'));
  expect(res.status).toBe(200);
  expect((await res.json()).data.articles.totalCount).toBeGreaterThan(0);
}

const base64 = (text: string) => Buffer.from(text).toString('base64');
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', '\u0000', '%', "'; DROP TABLE articles; --", '../../etc/passwd', 'a'.repeat(5000)),
);
const anyId = fc.oneof(
  anyText,
  anyText.map(base64),
  fc
    .tuple(fc.constantFrom('Article', 'Person', 'Claim', 'Nope', ''), fc.oneof(fc.integer(), anyText))
    .map(([type, id]) => base64(`${type}:${id}`)),
);
const anyCursor = fc.oneof(
  anyText,
  fc.oneof(fc.integer(), fc.double(), anyText).map((n) => base64(`cursor:${n}`)),
);
const anyFirst = fc.oneof(fc.integer({ min: -5, max: 120 }), fc.constantFrom(-2147483648, 2147483647, 0));
const anyDate = fc.oneof(
  anyText,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2015-02-30', '2015-13-01', '0000-00-00', '99999-01-01'),
);
const anyJsonValue = fc.oneof(fc.jsonValue(), anyText, fc.integer(), fc.constant(null));

describe('fuzzing', () => {
  it('answers random argument values without a server error', async () => {
    const queries = {
      articles:
        'query ($first: Int, $after: String) { articles(first: $first, after: $after) { totalCount edges { cursor node { slug } } } }',
      node: 'query ($id: ID!) { node(id: $id) { id } }',
      nodes: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      slugs:
        'query ($slug: String!) { person(slug: $slug) { name } event(slug: $slug) { name } entity(slug: $slug) { name } article(slug: $slug) { title } }',
      country: 'query ($code: String!) { country(code: $code) { name leaders { name } } }',
      events:
        'query ($from: Date, $to: Date, $first: Int) { events(from: $from, to: $to, first: $first) { totalCount } }',
      claims:
        'query ($speaker: ID, $about: ID, $first: Int, $after: String) { claims(speaker: $speaker, about: $about, first: $first, after: $after) { totalCount } }',
      entities: 'query ($name: String, $first: Int) { entities(name: $name, first: $first) { totalCount } }',
    };
    const request = fc.oneof(
      fc.record({ q: fc.constant(queries.articles), v: fc.record({ first: anyFirst, after: anyCursor }) }),
      fc.record({ q: fc.constant(queries.node), v: fc.record({ id: anyId }) }),
      fc.record({ q: fc.constant(queries.nodes), v: fc.record({ ids: fc.array(anyId, { maxLength: 30 }) }) }),
      fc.record({ q: fc.constant(queries.slugs), v: fc.record({ slug: anyText }) }),
      fc.record({ q: fc.constant(queries.country), v: fc.record({ code: anyText }) }),
      fc.record({
        q: fc.constant(queries.events),
        v: fc.record({ from: anyDate, to: anyDate, first: anyFirst }),
      }),
      fc.record({
        q: fc.constant(queries.claims),
        v: fc.record({ speaker: anyId, about: anyId, first: anyFirst, after: anyCursor }),
      }),
      fc.record({ q: fc.constant(queries.entities), v: fc.record({ name: anyText, first: anyFirst }) }),
      // Values of the wrong type altogether.
      fc.record({
        q: fc.constantFrom(...Object.values(queries)),
        v: fc.dictionary(
          fc.constantFrom('first', 'after', 'id', 'ids', 'slug', 'code', 'from', 'to'),
          anyJsonValue,
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ q, v }) => {
        await expectHandled(await t.fetch('/graphql', post(q, v)));
      }),
      { numRuns: 300, interruptAfterTimeLimit: 8_000 },
    );
    await expectStillServing();
  });

  it('answers random valid queries built from the schema without a server error', async () => {
    const selection = buildSelection(schema.getQueryType() as GraphQLObjectType, 4);
    let executed = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(selection, async (fields) => {
        runs += 1;
        const res = await t.fetch('/graphql', post(`{ ${fields} }`));
        if (res.status === 200) executed += 1;
        await expectHandled(res);
      }),
      { numRuns: 200, interruptAfterTimeLimit: 8_000 },
    );
    // Many random queries must get past the limits and run, or this tests only the refusals. About half
    // do; the share, not a count, so that a slow machine running fewer cases in the time limit passes too.
    expect(runs).toBeGreaterThanOrEqual(50);
    expect(executed / runs).toBeGreaterThan(0.3);
    await expectStillServing();
  });

  it('answers random bytes as bodies with a client error, never a server error', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.string().map((s) => new TextEncoder().encode(s)),
      fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/graphql+json',
      'application/graphql-response+json',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, async (bytes, type) => {
        const res = await t.fetch('/graphql', {
          method: 'POST',
          headers: { ...(type ? { 'content-type': type } : {}), 'x-graphql-yoga-csrf': '1' },
          body: bytes,
        });
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: 300, interruptAfterTimeLimit: 8_000 },
    );
    await expectStillServing();
  });
});

/** A literal for an argument of this type, valid by type (values themselves are random). */
function argumentValue(type: GraphQLInputType): fc.Arbitrary<string> {
  const inner = getNullableType(type);
  if (isListType(inner))
    return fc.array(argumentValue(inner.ofType), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`);
  if (isEnumType(inner)) return fc.constantFrom(...inner.getValues().map((value) => value.name));
  if (isScalarType(inner) && inner.name === 'Int') return fc.integer({ min: 0, max: 10 }).map(String);
  if (isScalarType(inner) && inner.name === 'ID') {
    return fc
      .tuple(
        fc.constantFrom('Article', 'Person', 'Country', 'Event', 'Claim', 'Organization'),
        fc.integer({ min: 1, max: 40 }),
      )
      .map(([typename, id]) => JSON.stringify(base64(`${typename}:${id}`)));
  }
  if (isScalarType(inner) && inner.name === 'Boolean') return fc.boolean().map(String);
  if (isScalarType(inner) && inner.name === 'Date')
    return fc.date({ noInvalidDate: true }).map((d) => JSON.stringify(d.toISOString().slice(0, 10)));
  return fc
    .oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('david-cameron', 'GB', 'g20-antalya-summit-2015', 'UGVyc29uOjE='),
    )
    .map((s) => JSON.stringify(s));
}

function fieldWithArgs(
  field: GraphQLField<unknown, unknown>,
  sub: fc.Arbitrary<string> | null,
): fc.Arbitrary<string> {
  // Cursors are fuzzed on their own above; here a random one would only make the query fail.
  const args = field.args
    .filter((arg) => arg.name !== 'after')
    .map((arg) =>
      isNonNullType(arg.type)
        ? argumentValue(arg.type).map((value) => `${arg.name}: ${value}`)
        : fc.option(
            argumentValue(arg.type).map((value) => `${arg.name}: ${value}`),
            { nil: '' },
          ),
    );
  return fc.tuple(fc.tuple(...args), sub ?? fc.constant('')).map(([values, inner]) => {
    const given = (values as string[]).filter(Boolean);
    return `${field.name}${given.length ? `(${given.join(', ')})` : ''}${inner ? ` { ${inner} }` : ''}`;
  });
}

/** Random selections of `type`, at most `depth` levels deep, each a valid query by construction. */
function buildSelection(type: GraphQLNamedType, depth: number): fc.Arbitrary<string> {
  if (isLeafType(type)) return fc.constant('');
  const possible = isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [];
  const fields = possible.filter((field) => depth > 1 || isLeafType(getNamedType(field.type)));
  const choices = (fields.length ? fields : []).map((field) => {
    const named = getNamedType(field.type);
    return fieldWithArgs(
      field as GraphQLField<unknown, unknown>,
      isLeafType(named) ? null : buildSelection(named, depth - 1),
    );
  });
  const typename = fc.constant('__typename');
  // One selection per field name, so no two can conflict and no aliases are needed.
  return fc
    .uniqueArray(choices.length ? fc.oneof(typename, ...choices) : typename, {
      minLength: 1,
      maxLength: 3,
      selector: (part) => part.split(/[ ({]/)[0],
    })
    .map((parts) => parts.join(' '));
}
