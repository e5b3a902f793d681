import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from './chromium-path.ts';
import { cleanupTempDirs, type ServerProcess, startServerProcess } from './helpers.ts';

const BROWSER = CHROMIUM_PATH;

let server: ServerProcess;
let browser: Browser;

describe.skipIf(!BROWSER)('GraphiQL in a real browser', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await chromium.launch({ executablePath: BROWSER, headless: true, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanupTempDirs();
  });

  it('loads its parts as separate compressed files, starts its editor workers, and runs a query', async () => {
    const page = await browser.newPage();
    // Generous: with the rest of the suite running beside it, Chromium may take a while to lay out.
    page.setDefaultTimeout(60_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    let transferred = 0;
    page.on('response', (response) => {
      transferred += Number(response.headers()['content-length'] ?? 0);
    });
    // The page's load event, not network quiet: on a busy machine the editor's parts keep arriving for
    // a while, and the selectors below wait for what matters.
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-container .monaco-editor');
    // Syntax highlighting comes from the GraphQL worker: proof the workers started.
    await page.waitForSelector('.graphiql-query-editor .mtk1, .graphiql-query-editor [class*="mtk"]');
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() =>
      document.querySelector('.graphiql-response')?.textContent?.includes('"data"'),
    );
    expect(problems).toEqual([]);
    expect(transferred).toBeLessThan(3_000_000);
    await page.close();
  }, 150_000);
});
