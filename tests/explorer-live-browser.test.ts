import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../src/ingest/ingest-document.ts';
import { openStore } from '../src/store/index.ts';
import { CHROMIUM_PATH } from './chromium-path.ts';
import {
  cleanupTempDirs,
  MIGRATIONS_DIR,
  PROJECT_ROOT,
  runCli,
  type ServerProcess,
  scratchDir,
  startServerProcess,
} from './helpers.ts';
import { ADMIN_TOKEN, AUTH } from './ingest-helpers.ts';

// The explorer's live parts in a real browser: an entity page shows a new fact about its entity once an
// article naming it is ingested (by the mutation, then by the ingest command), and the home page lists the
// newest articles first, pages back to older ones and shows new articles as they come.

const BUNDLE = join(PROJECT_ROOT, 'web/dist/index.html');

describe.skipIf(!CHROMIUM_PATH)('live facts in the explorer, in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let db: string;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('web/dist is missing: run `npm run build:web` (npm ci runs it)');
    db = join(scratchDir(), 'graph.db');
    server = await startServerProcess({ DATABASE_URL: db, ADMIN_TOKEN }, 90_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanupTempDirs();
  });

  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.origin)) foreign.push(request.url());
    });
    await page.goto(`${server.origin}${path}`);
    await page.waitForSelector('main[data-state="ready"]:not([aria-busy])');
    return page;
  }

  async function ingestByMutation(title: string, body: string): Promise<number> {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({
        query: 'mutation ($input: IngestArticleInput!) { ingestArticle(input: $input) { article { slug } } }',
        variables: { input: { title, body } },
      }),
    });
    expect(res.status).toBe(200);
    return performance.now();
  }

  it('shows a new fact on the entity page when an article naming the entity is ingested', async () => {
    const page = await openPage('/entity/david-cameron');
    const live = page.locator('#live-facts');
    await expect(live.locator('h2').textContent()).resolves.toBe('New facts');
    expect(await live.locator('.live-fact').count()).toBe(0);
    // Give the page's subscription a moment to be open before the write.
    await page.waitForTimeout(1_000);

    const answered = await ingestByMutation(
      'Cameron sets out his plan',
      'Prime Minister David Cameron said on Tuesday that the government would publish its plan for the northern ports in the spring.',
    );
    const fact = live.locator('.live-fact').first();
    await fact.waitFor({ timeout: 15_000 });
    const shownAfterMs = performance.now() - answered;
    await expect(fact.textContent()).resolves.toMatch(/David Cameron/);
    const mark = fact.locator('mark.evidence-span');
    const span = {
      text: (await mark.textContent()) ?? '',
      start: Number(await mark.getAttribute('data-start')),
      end: Number(await mark.getAttribute('data-end')),
      article: await mark.getAttribute('data-article'),
    };
    expect(span.article).toBe('cameron-sets-out-his-plan');
    const body = await (
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ article(slug: "cameron-sets-out-his-plan") { body } }' }),
      })
    ).json();
    expect(body.data.article.body.slice(span.start, span.end)).toBe(span.text);

    // The ingest command, another process writing the same database file.
    const dir = scratchDir();
    writeFileSync(
      join(dir, 'cameron.txt'),
      'Cameron visits the harbour\n\nDavid Cameron told reporters on Wednesday that the harbour would reopen next year.\n',
    );
    const cli = await runCli(['ingest', join(dir, 'cameron.txt')], { DATABASE_URL: db }, 90_000);
    expect(cli.code).toBe(0);
    await page.waitForFunction(
      () => document.querySelector('#live-facts')?.textContent?.includes('Cameron visits the harbour'),
      undefined,
      { timeout: 15_000 },
    );
    console.log(
      `explorer entity page: a new fact shown ${shownAfterMs.toFixed(0)} ms after the mutation answered`,
    );
    await page.close();
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  }, 180_000);

  it('lists the newest articles first on the home page, pages to older ones, and shows new articles live', async () => {
    const writer = await openStore(db, MIGRATIONS_DIR);
    try {
      for (let i = 1; i <= 24; i++) {
        await ingestDocument(writer, {
          title: `Harbour bulletin number ${i}`,
          body: `The harbour office reported ${i} ships in port on day ${i}, officials said.`,
        });
      }
      const page = await openPage('/');
      const items = page.locator('ul.articles > li');
      expect(await items.count()).toBe(20);
      await expect(items.first().textContent()).resolves.toContain('Harbour bulletin number 24');
      await expect(items.nth(1).textContent()).resolves.toContain('Harbour bulletin number 23');
      await page.getByRole('button', { name: 'Older articles' }).click();
      await page.waitForFunction(() => document.querySelectorAll('ul.articles > li').length > 20);
      const all = await items.allTextContents();
      const total = await writer.articles.newestId();
      expect(all.length).toBe(total);
      expect(new Set(all).size).toBe(all.length);
      await expect(page.getByRole('button', { name: 'Older articles' }).isHidden()).resolves.toBe(true);

      await page.waitForTimeout(1_000);
      await ingestByMutation(
        'Union leader warns of strike',
        'Union leader Tomas Kell said on Thursday that dock workers would strike if talks failed.',
      );
      const live = page.locator('#live-articles .live-article').first();
      await live.waitFor({ timeout: 15_000 });
      await expect(live.textContent()).resolves.toContain('Union leader warns of strike');
      await expect(live.locator('.live-claim').first().textContent()).resolves.toMatch(/Tomas Kell/);
      await page.close();
      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await writer.close();
    }
  }, 180_000);
});
