import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from './chromium-path.ts';
import { cleanupTempDirs, PROJECT_ROOT, type ServerProcess, startServerProcess } from './helpers.ts';

const BROWSER = CHROMIUM_PATH;
const BUNDLE = join(PROJECT_ROOT, 'web/dist/index.html');

describe.skipIf(!BROWSER)('article pages and timelines in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error('web/dist is missing: run `npm run build:web` (npm ci runs it)');
    server = await startServerProcess({}, 90_000);
    browser = await chromium.launch({
      executablePath: BROWSER,
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

  it('lists the events of an article and shows each quote of a timeline once', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/article/cameron-russia-west-syria-gap`);
    await page.waitForSelector('main[data-state="ready"]:not([aria-busy])');
    const events = page.locator('.article-events li');
    expect(await events.count()).toBeGreaterThan(3);
    await expect(page.locator('.article-side').textContent()).resolves.toMatch(/Events \(\d+\)/);

    await page.goto(`${server.origin}/entity/david-cameron`);
    await page.waitForSelector('main[data-state="ready"]:not([aria-busy])');
    const claims = page.locator('.timeline-claim');
    expect(await claims.count()).toBeGreaterThan(0);
    for (const claim of await claims.all()) {
      const mark = (await claim.locator('mark.evidence-span').textContent()) ?? '';
      const text = (await claim.textContent()) ?? '';
      expect(text.split(mark).length - 1, `quote shown more than once: ${mark}`).toBe(1);
    }
  }, 120_000);
});
