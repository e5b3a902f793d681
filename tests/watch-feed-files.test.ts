import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, runCli, scratchDir } from './helpers.ts';
import { LoopbackSite, newsPage, STORIES } from './web-fixtures.ts';

// `npm run watch` with a feed file (RSS on disk whose items link to pages on a loopback site): new items
// are ingested once, the file is read again each poll, and its state survives a restart.

afterAll(cleanupTempDirs);

const rss = (origin: string, slugs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local file feed</title>
${slugs.map((slug) => `<item><title>${slug}</title><link>${origin}/news/${slug}</link><guid>${slug}</guid></item>`).join('\n')}
</channel></rss>`;

describe('npm run watch with feed files', () => {
  const site = new LoopbackSite();
  beforeAll(async () => {
    await site.start();
    for (const s of STORIES.slice(0, 3)) site.page(`/news/${s.slug}`, newsPage(s, site.origin));
  });
  afterAll(() => site.stop());

  it('polls a feed file like an address: each item once, new items as the file grows, state kept across runs', async () => {
    const dir = scratchDir();
    const db = join(dir, 'graph.db');
    const feed = join(dir, 'feed.xml');
    const slugs = STORIES.map((s) => s.slug);
    writeFileSync(feed, rss(site.origin, slugs.slice(0, 2)));
    const first = await runCli(
      ['watch', feed, '--interval', '1', '--polls', '2'],
      { DATABASE_URL: db },
      180_000,
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`feed ${feed}: 2 new, 0 already seen, 0 failed`);
    expect(first.stdout).toContain(`feed ${feed}: 0 new, 2 already seen, 0 failed`);

    writeFileSync(feed, rss(site.origin, slugs.slice(0, 3)));
    const again = await runCli(['watch', feed, '--polls', '1'], { DATABASE_URL: db }, 180_000);
    expect(again.stdout).toContain(`feed ${feed}: 1 new, 2 already seen, 0 failed`);
    const store = await openStore(db, MIGRATIONS_DIR);
    try {
      expect(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM articles').pluck().get()).toBe(3);
      expect(sqliteDatabaseOf(store).prepare('SELECT url FROM feeds').pluck().all()).toEqual([
        `file:${feed}`,
      ]);
    } finally {
      await store.close();
    }
  }, 400_000);

  it('refuses an argument that is neither an address nor a readable file, with usage', async () => {
    const run = await runCli(['watch', join(scratchDir(), 'missing.xml')], {}, 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.xml: not an http\(s\) address nor a readable feed file/);
    expect(run.stderr).toMatch(/usage: npm run watch -- <feed URLs or feed files…>/);
  }, 120_000);
});
