import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, post, type TestApp, tableCounts, testApp } from './helpers.ts';
import { ADMIN_TOKEN, AUTH, INGEST } from './ingest-helpers.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Blocks the thread, as a statement on a loaded disk does: SQLite calls are synchronous. */
const pause = new Int32Array(new SharedArrayBuffer(4));
const statementsTaking = (ms: number) => () => {
  Atomics.wait(pause, 0, 0, ms);
};

/** Collects the rejections nobody handled while `run` runs, and a moment after (when stray ones land). */
async function unhandledRejectionsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

/** Nested connections under popular entities, with sibling fields, `aliases` times. */
function nestedRead(aliases: number, first: number): string {
  const one = `entities(first: ${first}, orderBy: MENTIONS) { edges { node { name articles(first: ${first}) { totalCount edges { node { title } } } } } }`;
  return `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
}

/**
 * Sends `queries` at once and counts the statements run in each turn of the event loop until all are
 * answered, the last turn included.
 */
async function statementsPerTurnOf(app: TestApp, queries: readonly string[]) {
  const perTurn: number[] = [];
  let last = app.sqlCount();
  let turning = true;
  const turn = () => {
    perTurn.push(app.sqlCount() - last);
    last = app.sqlCount();
    if (turning) setImmediate(turn);
  };
  setImmediate(turn);
  const results = await Promise.all(queries.map((query) => app.gql(query)));
  turning = false;
  perTurn.push(app.sqlCount() - last);
  return { results, perTurn };
}

describe('an operation past its time budget', () => {
  // The budget runs out at a different point of the execution for each budget and shape: in the middle
  // of a selection set with siblings still pending, between list items, between batches.
  for (const cache of ['on', 'off']) {
    it(`answers TIMEOUT and leaves no rejection unhandled, response cache ${cache}`, async () => {
      const answers: (string | undefined)[][] = [];
      const rejections = await unhandledRejectionsDuring(async () => {
        for (const budget of [1, 3, 8, 15, 25]) {
          t = await testApp({
            env: { REQUEST_TIMEOUT_MS: String(budget), RESPONSE_CACHE: cache },
            onStatement: statementsTaking(4),
          });
          for (const aliases of [1, 2, 3]) answers.push(errorCodes(await t.gql(nestedRead(aliases, 30))));
          await t.close();
          t = undefined;
        }
      });
      // Complete, or stopped: never a partial answer, never another error.
      for (const codes of answers) expect([[], ['TIMEOUT']]).toContainEqual(codes);
      // Statements of 4 ms stop every budget up to 8 ms (nine answers) however fast the machine is; the
      // larger ones stop or complete with the machine's speed.
      expect(answers.filter((codes) => codes[0] === 'TIMEOUT').length).toBeGreaterThanOrEqual(9);
      expect(rejections).toEqual([]);
    });
  }

  it('stops loading: no statement starts after the answer but the one running', async () => {
    t = await testApp({
      env: { REQUEST_TIMEOUT_MS: '20', RESPONSE_CACHE: 'off' },
      onStatement: statementsTaking(8),
    });
    const result = await t.gql(nestedRead(2, 20));
    expect(errorCodes(result)).toEqual(['TIMEOUT']);
    const atAnswer = t.sqlCount();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.sqlCount()).toBeLessThanOrEqual(atAnswer + 1);
  });

  it('does not hold the event loop across batches: each batch over the slice waits for a turn', async () => {
    // Every statement takes longer than a slice, so each batch after the first must let the loop turn.
    t = await testApp({ env: { RESPONSE_CACHE: 'off' }, onStatement: statementsTaking(15) });
    const app = t;
    const { results, perTurn } = await statementsPerTurnOf(app, [
      '{ entities(first: 5, orderBy: MENTIONS) { edges { node { name articles(first: 3) { edges { node { title claims(first: 2) { edges { node { text speaker { name } } } } } } } } } } }',
    ]);
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(app.sqlCount()).toBeGreaterThanOrEqual(4);
    // A turn may see the statement of the batch that started it and one a resolver ran directly.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2);
  });

  it('shares the slice among concurrent requests: many waiting requests do not hold one turn', async () => {
    // Six requests whose batches all wait for the same turn: each must not take a slice of its own in it.
    t = await testApp({ env: { RESPONSE_CACHE: 'off' }, onStatement: statementsTaking(15) });
    const app = t;
    const { results, perTurn } = await statementsPerTurnOf(
      app,
      [0, 1, 2, 3, 4, 5].map(
        (n) =>
          `{ entities(first: ${n + 2}, orderBy: MENTIONS) { edges { node { name articles(first: 3) { edges { node { title claims(first: 2) { edges { node { text } } } } } } } } } }`,
      ),
    );
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(app.sqlCount()).toBeGreaterThanOrEqual(18);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2);
  });

  it('paces the top-level reads too: requests arriving together do not run them all in one turn', async () => {
    t = await testApp({ env: { RESPONSE_CACHE: 'off' }, onStatement: statementsTaking(15) });
    const app = t;
    // Counts over a date range are one statement each, run by the root field itself.
    const { results, perTurn } = await statementsPerTurnOf(
      app,
      [0, 1, 2, 3, 4, 5].map(
        (n) => `{ stats(from: "2015-0${n + 1}-01", to: "2016-12-31") { articles people } }`,
      ),
    );
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(app.sqlCount()).toBeGreaterThanOrEqual(6);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(2);
  });
});

describe('a write past its time budget', () => {
  // Different stories: were they near-copies, the warm-up's article would make the next one a copy of
  // it, written in a few statements, whenever the warm-up was fast enough to commit within its budget.
  const STORIES = [
    'Maren Sollvik, the prime minister of Norland, met Tomas Kell in Vaskar on Monday.\n\n"We share a border and we share a future," Sollvik said.',
    'Ilse Varn, the foreign minister of Estmark, visited Petra Lund in Halden on Tuesday.\n\n"Our ports will stay open to each other," Varn told reporters.',
    'Jonas Brekke, the president of Osterland, hosted Anika Holm in Rovik on Friday.\n\n"The treaty is ready to be signed this spring," Brekke said.',
  ];
  const article = (n: number) => ({ title: `Budget test ${n}`, body: STORIES[n] as string });
  /** Statements take `slowMs` each once set; the first ingest warms the extractor up at full speed. */
  let slowMs = 0;
  const appWithWrites = async (budgetMs: number) => {
    slowMs = 0;
    const app = await testApp({
      env: { REQUEST_TIMEOUT_MS: String(budgetMs), ADMIN_TOKEN, RESPONSE_CACHE: 'off' },
      onStatement: () => {
        if (slowMs) Atomics.wait(pause, 0, 0, slowMs);
      },
    });
    await app.fetch('/graphql', post(INGEST, { input: article(0) }, AUTH));
    return app;
  };

  it('commits and answers success once it has started, however long the writing takes', async () => {
    t = await appWithWrites(300);
    // The write runs dozens of statements of 15 ms each: far over the budget, all after the commit point.
    slowMs = 15;
    const before = tableCounts(t.store).articles ?? 0;
    const started = performance.now();
    const body = await (await t.fetch('/graphql', post(INGEST, { input: article(1) }, AUTH))).json();
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(body.errors).toBeUndefined();
    expect(body.data.ingestArticle.article.title).toBe('Budget test 1');
    expect(tableCounts(t.store).articles).toBe(before + 1);
  });

  it('answers TIMEOUT and writes nothing when the budget is spent before the write', async () => {
    t = await appWithWrites(20);
    // The duplicate check before extraction alone takes longer than the budget.
    slowMs = 40;
    const before = tableCounts(t.store);
    const body = await (await t.fetch('/graphql', post(INGEST, { input: article(2) }, AUTH))).json();
    slowMs = 0;
    expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['TIMEOUT']);
    expect(body.data ?? null).toBeNull();
    expect(tableCounts(t.store)).toEqual(before);
  });
});
