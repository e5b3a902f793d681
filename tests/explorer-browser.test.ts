import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from './chromium-path.ts';
import {
  cleanupTempDirs,
  type Json,
  PROJECT_ROOT,
  type ServerProcess,
  startServerProcess,
} from './helpers.ts';

const BROWSER = CHROMIUM_PATH;
if (!BROWSER) {
  console.warn(
    'explorer browser test skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)',
  );
}

const SCREENSHOTS = join(PROJECT_ROOT, 'artifacts/screenshots');
const BUNDLE = join(PROJECT_ROOT, 'web/dist/index.html');

let server: ServerProcess;
let browser: Browser;
const problems: string[] = [];

/** A page that records console errors, uncaught exceptions and refused requests (a CSP block is one). */
async function openPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Requests cut short by navigating away are not failures of the page.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    }
  });
  return page;
}

/** Waits until the explorer has drawn the page for the current URL. */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('main[data-state="ready"]:not([aria-busy])');
}

async function articleBody(slug: string): Promise<string> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($slug: String!) { article(slug: $slug) { body } }',
      variables: { slug },
    }),
  });
  return ((await res.json()) as Json).data.article.body;
}

describe.skipIf(!BROWSER)('the explorer in a real browser', () => {
  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('web/dist is missing: run `npm run build:web` (npm ci runs it)');
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startServerProcess();
    browser = await chromium.launch({
      executablePath: BROWSER,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanupTempDirs();
  });

  it('goes from a search to an entity, its graph, a neighbour, evidence and an article', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/`);
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Explore the news graph');

    // Type-ahead, chosen with the keyboard.
    const search = page.getByRole('combobox', { name: 'Search the graph' });
    await search.fill('Cam');
    await page.getByRole('option', { name: /David Cameron/ }).waitFor();
    await search.press('ArrowDown');
    await search.press('Enter');
    await page.waitForURL('**/entity/david-cameron');
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('David Cameron');
    await expect(page.locator('.offices').textContent()).resolves.toContain(
      'Prime Minister of the United Kingdom',
    );
    expect(Number(await page.locator('.counts dd').first().textContent())).toBeGreaterThan(0);

    // The graph drew its nodes on the canvas.
    const graph = page.locator('#graph[data-ready="true"]');
    await graph.waitFor();
    const nodes: { slug: string; x: number; y: number }[] = JSON.parse(
      (await graph.getAttribute('data-nodes')) ?? '[]',
    );
    expect(nodes.length).toBeGreaterThan(3);
    const inked = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('#graph canvas')].reduce((sum, canvas) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        let count = 0;
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) count++;
        return sum + count;
      }, 0),
    );
    expect(inked).toBeGreaterThan(1000);

    // A highlighted evidence span is exactly the article text at its offsets.
    const mark = page.locator('.timeline mark.evidence-span').first();
    const span = {
      text: await mark.textContent(),
      article: await mark.getAttribute('data-article'),
      start: Number(await mark.getAttribute('data-start')),
      end: Number(await mark.getAttribute('data-end')),
    };
    expect(span.text?.length).toBeGreaterThan(0);
    const body = await articleBody(span.article ?? '');
    expect(body.slice(span.start, span.end)).toBe(span.text);
    await page.screenshot({ path: join(SCREENSHOTS, 'entity.png'), fullPage: true });

    // Clicking a neighbour on the canvas opens it.
    const neighbour = nodes.find((node) => node.slug !== 'david-cameron');
    if (!neighbour) throw new Error('no neighbour drawn');
    const box = await graph.boundingBox();
    if (!box) throw new Error('graph not visible');
    await page.mouse.click(box.x + neighbour.x, box.y + neighbour.y);
    await page.waitForURL(`**/entity/${neighbour.slug}`);
    await ready(page);
    const neighbourName = await page.locator('h1').textContent();
    expect(neighbourName?.length).toBeGreaterThan(0);

    // Back returns to the entity, forward to the neighbour.
    await page.goBack();
    await page.waitForURL('**/entity/david-cameron');
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('David Cameron');
    await page.goForward();
    await page.waitForURL(`**/entity/${neighbour.slug}`);
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe(neighbourName);
    await page.goBack();
    await ready(page);

    // The evidence links to the article, where the same span is marked in the text.
    await page.locator('.timeline figcaption a').first().click();
    await page.waitForURL(`**/article/${span.article}?span=*`);
    await ready(page);
    const evidence = page.locator('.article .body mark.evidence-span');
    expect((await evidence.allTextContents()).join('')).toBe(body.slice(...spanOf(page.url())));
    const mentions = await page.locator('.article .body a.mention').evaluateAll((links) =>
      links.map((link) => ({
        text: link.textContent,
        start: Number(link.getAttribute('data-start')),
        end: Number(link.getAttribute('data-end')),
      })),
    );
    expect(mentions.length).toBeGreaterThan(10);
    for (const mention of mentions) expect(body.slice(mention.start, mention.end)).toBe(mention.text);
    await page.screenshot({ path: join(SCREENSHOTS, 'article.png'), fullPage: true });

    // A mention links to its entity.
    await page.locator('.article .body a.mention', { hasText: 'Putin' }).first().click();
    await page.waitForURL('**/entity/vladimir-putin');
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Vladimir Putin');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('opens deep links to an entity, an article and a path on reload, and goes back through them', async () => {
    const page = await openPage();
    await page.goto(`${server.origin}/path/david-cameron/bashar-al-assad`);
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'How David Cameron is connected to Bashar al-Assad',
    );
    const steps = page.locator('ol.path > li');
    expect(await steps.count()).toBeGreaterThan(0);
    const body = await articleBody('cameron-russia-west-syria-gap');
    for (const mark of await page.locator('ol.path mark.evidence-span').all()) {
      const start = Number(await mark.getAttribute('data-start'));
      const end = Number(await mark.getAttribute('data-end'));
      expect(body.slice(start, end)).toBe(await mark.textContent());
    }

    // Leaving out co-mentions finds a chain of facts instead, and the choice is part of the URL.
    await page.getByLabel('Named in one sentence').uncheck();
    await page.getByRole('button', { name: 'Find path' }).click();
    await page.waitForURL('**/path/david-cameron/bashar-al-assad?via=RELATION,SHARED_EVENT,CLAIM');
    await ready(page);
    await expect(page.locator('.step-how .badge').allTextContents()).resolves.not.toContain('Co mention');
    await page.screenshot({ path: join(SCREENSHOTS, 'path.png'), fullPage: true });
    await page.reload();
    await ready(page);
    expect(await steps.count()).toBeGreaterThan(1);
    await expect(page.getByLabel('Named in one sentence').isChecked()).resolves.toBe(false);
    await page.goBack();
    await page.waitForURL('**/path/david-cameron/bashar-al-assad');
    await ready(page);

    await page.goto(`${server.origin}/article/cameron-russia-west-syria-gap`);
    await ready(page);
    await page.reload();
    await ready(page);
    expect(await page.locator('.article .body a.mention').count()).toBeGreaterThan(10);

    await page.goto(`${server.origin}/entity/russia`);
    await ready(page);
    await page.reload();
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Russia');

    await page.goBack();
    await page.waitForURL('**/article/cameron-russia-west-syria-gap');
    await ready(page);
    await page.goBack();
    await page.waitForURL('**/path/david-cameron/bashar-al-assad');
    await ready(page);
    expect(await steps.count()).toBeGreaterThan(0);

    await page.goto(`${server.origin}/entity/nobody-at-all`);
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('No such entity');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('fits a phone screen and reports its load time and transfer size', async () => {
    const page = await openPage({ width: 390, height: 844 });
    await page.goto(`${server.origin}/entity/david-cameron`);
    await ready(page);
    await page.locator('#graph[data-ready="true"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'entity-phone.png'), fullPage: true });

    const metrics = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const all = [...(navigation ? [navigation] : []), ...resources];
      return {
        domContentLoadedMs: Math.round(navigation?.domContentLoadedEventEnd ?? 0),
        loadMs: Math.round(navigation?.loadEventEnd ?? 0),
        requests: all.length,
        transferBytes: all.reduce((sum, entry) => sum + entry.transferSize, 0),
        decodedBytes: all.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      };
    });
    const marks = await page.evaluate(() =>
      Object.fromEntries(
        ['explorer:page-ready', 'explorer:graph-drawn'].map((name) => [
          name,
          Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1),
        ]),
      ),
    );
    const report = { page: '/entity/david-cameron', ...metrics, marksMs: marks };
    writeFileSync(join(SCREENSHOTS, 'metrics.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`explorer load: ${JSON.stringify(report)}`);
    expect(metrics.transferBytes).toBeLessThan(400_000);
    await page.close();
    expect(problems).toEqual([]);
  });
});

function spanOf(url: string): [number, number] {
  const [start, end] = (new URL(url).searchParams.get('span') ?? '').split('-').map(Number);
  return [start ?? 0, end ?? 0];
}
