import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../src/ingest/decode-text.ts';
import { detectLanguage } from '../src/ingest/detect-language.ts';
import { isPrivateAddress } from '../src/ingest/fetch-page.ts';
import { readHtmlArticle } from '../src/ingest/html-article.ts';
import { parseFeed } from '../src/ingest/parse-feed.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { sqliteDatabaseOf } from '../src/store/sqlite-handle.ts';
import { slugify } from '../src/text/normalise.ts';
import { cleanupTempDirs, MIGRATIONS_DIR, PROJECT_ROOT, runCli, scratchDir } from './helpers.ts';
import { bodyOf, characterF1, LoopbackSite, newsPage, STORIES, VARIANTS } from './web-fixtures.ts';

afterAll(cleanupTempDirs);

const CLI_TIMEOUT = 120_000;
const ingest = (args: string[], db: string, env: Record<string, string> = {}) =>
  runCli(['ingest', ...args], { DATABASE_URL: db, ...env }, CLI_TIMEOUT);

async function withStore<T>(db: string, read: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await openStore(db, MIGRATIONS_DIR);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

describe('reading news pages', () => {
  it('keeps every body paragraph and none of the boilerplate (character F1 >= 0.95 on every test page)', () => {
    const scores: number[] = [];
    for (const variant of VARIANTS) {
      for (const story of STORIES) {
        const page = readHtmlArticle(newsPage(story, 'https://news.example', variant));
        const f1 = characterF1(page.body, bodyOf(story));
        scores.push(f1);
        expect(f1, `${variant} ${story.slug}`).toBeGreaterThanOrEqual(0.95);
        expect(page.body.split('\n\n')).toHaveLength(story.paragraphs.length);
        expect(page.title).toBe(story.title);
        expect(page.publishedAt).toBe(story.publishedAt);
        expect(page.author).toBe(story.author);
        expect(page.siteName).toBe('Daily Example');
        expect(page.canonicalUrl).toBe(`https://news.example/news/${story.slug}`);
      }
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    console.log(
      `body extraction: ${scores.length} pages, mean character F1 ${mean.toFixed(3)}, min ${Math.min(...scores).toFixed(3)}`,
    );
  });

  it('trusts og:* over JSON-LD over <time> for the metadata', () => {
    const html = `<html><head><meta property="og:title" content="From og">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"From LD","datePublished":"2026-01-02T00:00:00Z"}</script>
      </head><body><article><time datetime="2026-05-05T00:00:00Z">5 May</time>
      <p>${'A sentence of the story that goes on for a while, with commas, so that it counts as text. '.repeat(4)}</p></article></body></html>`;
    const page = readHtmlArticle(html);
    expect(page.title).toBe('From og');
    expect(page.publishedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('refuses a page without article text', () => {
    expect(() => readHtmlArticle('<html><body><nav><a href="/">Home</a></nav></body></html>')).toThrow(
      /no article text/,
    );
  });
});

describe('languages, encodings and slugs', () => {
  const SAMPLE: [string, string][] = [
    [
      'en',
      'The minister said on Monday that the government would build new roads across the north of the country.',
    ],
    ['de', 'Der Minister sagte am Montag, dass die Regierung im Norden des Landes neue Straßen bauen werde.'],
    [
      'fr',
      'Le ministre a déclaré lundi que le gouvernement construirait de nouvelles routes dans le nord du pays.',
    ],
    ['es', 'El ministro dijo el lunes que el gobierno construiría nuevas carreteras en el norte del país.'],
    [
      'sw',
      'Waziri alisema Jumatatu kwamba serikali itajenga barabara mpya kaskazini mwa nchi hiyo mwaka ujao.',
    ],
    ['ar', 'قال الوزير يوم الاثنين إن الحكومة ستبني طرقا جديدة في شمال البلاد خلال العام المقبل.'],
    ['ru', 'Министр заявил в понедельник, что правительство построит новые дороги на севере страны.'],
    ['zh', '部长周一表示，政府将在该国北部修建新的道路，工程将于明年开始。'],
    ['ja', '大臣は月曜日、政府が国の北部に新しい道路を建設すると述べた。'],
    ['tr', 'Bakan pazartesi günü hükümetin ülkenin kuzeyinde yeni yollar inşa edeceğini söyledi.'],
  ];

  it('detects the language of a multilingual sample', () => {
    const detected = SAMPLE.map(([, text]) => detectLanguage(text).code);
    console.log(`languages detected: ${SAMPLE.map(([want], i) => `${want}→${detected[i]}`).join(' ')}`);
    expect(detected).toEqual(SAMPLE.map(([want]) => want));
  });

  it('decodes UTF-16 with a byte-order mark, a declared charset and Windows-1252, and refuses what it cannot tell', () => {
    const text = 'Café owner “Zoë” said: naïve';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeText(utf16)).toMatchObject({ text, encoding: 'utf-16le', how: 'bom' });
    const cp1252 = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x5a, 0x6f, 0xeb, 0x94]);
    expect(decodeText(cp1252, { contentType: 'text/plain; charset=windows-1252' }).text).toBe('Café “Zoë”');
    const page = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"></head><body>'),
      cp1252,
    ]);
    expect(decodeText(page, { html: true }).text).toContain('Café “Zoë”');
    expect(() => decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8]))).toThrow(/byte-order mark/);
    expect(() => decodeText(Buffer.from([0x80, 0x81, 0xc3]))).toThrow(/convert it to UTF-8/);
  });

  it('gives non-Latin headlines slugs of their own words', () => {
    expect(slugify('الحكومة تبني طرقا جديدة')).toBe('الحكومة-تبني-طرقا-جديدة');
    expect(slugify('Правительство построит дороги')).toBe('правительство-построит-дороги');
    expect(slugify('Jean-Luc Dufresne')).toBe('jean-luc-dufresne');
  });

  it('tells loopback and private addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.16.5.5', '169.254.1.1', '::1', 'fd00::1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '172.32.0.1', '2a00:1450::1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('feeds', () => {
  it('reads RSS, Atom and JSON Feed items with their links', () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>One</title><link>https://a.example/1</link><guid>g1</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
      <item><title>Two</title><link>/2</link></item></channel></rss>`;
    expect(parseFeed(rss, 'https://a.example/feed')).toEqual([
      { key: 'g1', link: 'https://a.example/1', title: 'One', publishedAt: '2026-03-03T10:00:00.000Z' },
      { key: 'https://a.example/2', link: 'https://a.example/2', title: 'Two', publishedAt: null },
    ]);
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x:1</id><title>A</title>
      <link rel="alternate" href="https://b.example/a"/><updated>2026-01-01T00:00:00Z</updated></entry></feed>`;
    expect(parseFeed(atom)[0]).toMatchObject({ key: 'urn:x:1', link: 'https://b.example/a' });
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: '7', url: 'https://c.example/7', title: 'J' }],
    });
    expect(parseFeed(json)[0]).toMatchObject({ key: '7', link: 'https://c.example/7' });
    expect(() => parseFeed('<html></html>')).toThrow(/not a feed/);
  });
});

describe('npm run ingest with web pages', () => {
  const site = new LoopbackSite();
  beforeAll(async () => {
    await site.start();
    for (const story of STORIES)
      site.page(`/news/${story.slug}`, newsPage(story, site.origin, 'boilerplate'));
    site.page('/robots.txt', 'User-agent: *\nDisallow: /private/\n', 'text/plain');
    site.page('/private/secret', newsPage(STORIES[0] as (typeof STORIES)[0], site.origin));
    for (let i = 0; i < 8; i++)
      site.routes.set(`/loop/${i}`, (_req, res) => res.writeHead(302, { location: `/loop/${i + 1}` }).end());
    site.routes.set('/moved', (_req, res) => res.writeHead(301, { location: '/news/chip-plant' }).end());
  }, 300_000);
  afterAll(() => site.stop());

  it('ingests pages by URL with their metadata, names what it added, and keeps evidence inside the clean text', async () => {
    const db = join(scratchDir(), 'graph.db');
    const story = STORIES[0] as (typeof STORIES)[0];
    const run = await ingest([`${site.origin}/news/${story.slug}`, '--keep-html'], db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ingested ${site.origin}/news/${story.slug} as "`);
    expect(run.stdout).toMatch(/new entities: .*Alma Restrepo/);
    expect(run.stdout).toContain('(language en)');
    await withStore(db, async (store) => {
      const article = sqliteDatabaseOf(store).prepare('SELECT * FROM articles').get() as Record<
        string,
        unknown
      >;
      expect(article).toMatchObject({
        title: story.title,
        body: bodyOf(story),
        published_at: story.publishedAt,
        author: story.author,
        source: 'Daily Example',
        language: 'en',
        facts_extracted: 1,
      });
      const spans = sqliteDatabaseOf(store)
        .prepare('SELECT start_offset s, end_offset e FROM evidence')
        .all() as {
        s: number;
        e: number;
      }[];
      expect(spans.length).toBeGreaterThan(3);
      for (const { e } of spans) expect(e).toBeLessThanOrEqual(bodyOf(story).length);
      expect(await store.articlePages.htmlOf(article.id as number)).toContain('<nav');
    });
    const agent = site.requests.find((r) => r.path === `/news/${story.slug}`)?.headers['user-agent'];
    expect(agent).toMatch(/news-knowledge-graph/);
    expect(site.requests.some((r) => r.path === '/robots.txt')).toBe(true);
  }, 300_000);

  it('obeys robots.txt, caps redirects and follows an ordinary one, naming each failure', async () => {
    const db = join(scratchDir(), 'graph.db');
    const run = await ingest(
      [
        `${site.origin}/private/secret`,
        `${site.origin}/loop/0`,
        `${site.origin}/moved`,
        `${site.origin}/gone`,
      ],
      db,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED .*\/private\/secret: .*robots\.txt disallows/);
    expect(run.stdout).toMatch(/FAILED .*\/loop\/0: more than 5 redirects/);
    expect(run.stdout).toMatch(/FAILED .*\/gone: .*404/);
    expect(run.stdout).toContain(
      `ingested ${site.origin}/moved as "carrow-systems-to-build-a-chip-plant-in-tesland"`,
    );
  }, 300_000);

  it('emits one JSON object per article with --json, and exits cleanly into a closed pipe', async () => {
    const db = join(scratchDir(), 'graph.db');
    const urls = STORIES.slice(1, 4).map((s) => `${site.origin}/news/${s.slug}`);
    const run = await ingest([...urls, '--json'], db);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.slice(0, 3).map((l) => l.status)).toEqual(['ingested', 'ingested', 'ingested']);
    expect(lines[0]).toMatchObject({ language: 'en', factsExtracted: true });
    expect(lines[0].entitiesAdded.length).toBeGreaterThan(0);
    expect(lines[3].totals).toMatchObject({ ingested: 3, failed: 0 });

    const piped = join(scratchDir(), 'graph.db');
    const child = spawn(
      'sh',
      ['-c', `node --import tsx src/cli/main.ts ingest ${urls.join(' ')} | head -c 10 > /dev/null`],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: piped, LOG_LEVEL: 'error' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    await new Promise((resolve) => child.once('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(
      await withStore(piped, (store) =>
        sqliteDatabaseOf(store).prepare('SELECT count(*) FROM articles').pluck().get(),
      ),
    ).toBe(3);
  }, 300_000);

  it('stores other languages without facts, or refuses them when told, and decodes legacy files', async () => {
    const dir = scratchDir();
    const db = join(dir, 'graph.db');
    writeFileSync(
      join(dir, 'de.txt'),
      'Neue Straßen für den Norden\n\nDer Minister sagte am Montag, dass die Regierung im Norden des Landes neue Straßen bauen werde. Die Opposition kritisierte den Plan.\n',
    );
    writeFileSync(
      join(dir, 'ar.txt'),
      'الحكومة تبني طرقا جديدة\n\nقال الوزير يوم الاثنين إن الحكومة ستبني طرقا جديدة في شمال البلاد خلال العام المقبل.\n',
    );
    const english =
      'Minister opens the “new” bridge\n\nMinister Karl Odensen opened the new bridge at Farlow on Monday. “It took ten years,” Odensen said.\n';
    writeFileSync(
      join(dir, 'utf16.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(english, 'utf16le')]),
    );
    const run = await ingest([dir], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ingested .*ar\.txt as "الحكومة-تبني-طرقا-جديدة" \(language ar\)/);
    expect(run.stdout).toMatch(/de\.txt[^\n]*\(language de\)\n(?:.*\n){2} {2}note: facts not extracted/);
    expect(run.stdout).toMatch(/utf16\.txt as "minister-opens-the-new-bridge" \(language en\)/);
    await withStore(db, (store) => {
      const de = sqliteDatabaseOf(store).prepare("SELECT * FROM articles WHERE language = 'de'").get() as {
        id: number;
      };
      expect(
        sqliteDatabaseOf(store)
          .prepare('SELECT count(*) FROM mentions WHERE article_id = ?')
          .pluck()
          .get(de.id),
      ).toBe(0);
    });
    const refusing = await ingest([join(dir, 'de.txt')], join(scratchDir(), 'graph.db'), {
      OTHER_LANGUAGES: 'refuse',
    });
    expect(refusing.code).toBe(1);
    expect(refusing.stdout).toMatch(/FAILED .*de\.txt: the article is in "de"/);
  }, 300_000);

  it('keeps one article for copies of a story: same text elsewhere, a syndicated copy, a blank-line variant; replaces facts for an edited version', async () => {
    const dir = scratchDir();
    const db = join(dir, 'graph.db');
    const story = STORIES[1] as (typeof STORIES)[0];
    const original = `${site.origin}/news/${story.slug}`;
    // A syndicated copy at another address names the original as canonical.
    const wire = { ...story, paragraphs: [`(Wire) ${story.paragraphs[0]}`, ...story.paragraphs.slice(1)] };
    site.page(
      '/wire/floods',
      newsPage(wire, site.origin, 'plain').replace(/<meta property="og:url"[^>]*>/, ''),
    );
    // A copy with no canonical link, a different layout and a reworded last sentence.
    const reworded = {
      ...story,
      paragraphs: [
        ...story.paragraphs.slice(0, -1),
        'The regional governor said emergency funds would be released to help the families whose homes were damaged.',
      ],
    };
    site.page(
      '/mirror/floods',
      newsPage(reworded, 'https://mirror.example', 'comments').replace(
        /<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>/g,
        '',
      ),
    );
    const first = await ingest([original, `${site.origin}/wire/floods`, `${site.origin}/mirror/floods`], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /duplicate .*\/wire\/floods: the same story as "floods-close-roads-across-the-merrow-valley" \(canonical\)/,
    );
    expect(first.stdout).toMatch(
      /duplicate .*\/mirror\/floods: the same story as "floods-close-roads-across-the-merrow-valley" \(a near-duplicate, \d+% alike\)/,
    );
    writeFileSync(join(dir, 'copy.txt'), `${story.title}\n\n${story.paragraphs.join('\n\n\n')}\n`);
    const second = await ingest([join(dir, 'copy.txt')], db);
    expect(second.stdout).toMatch(/duplicate .*copy\.txt: the same story as/);
    await withStore(db, (store) => {
      expect(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM articles').pluck().get()).toBe(1);
      const urls = sqliteDatabaseOf(store)
        .prepare('SELECT url, matched_by FROM article_urls ORDER BY url')
        .all();
      expect(urls).toEqual([
        { url: `${site.origin}/mirror/floods`, matched_by: 'near-duplicate' },
        { url: `${site.origin}/wire/floods`, matched_by: 'canonical' },
      ]);
    });
    // The same address with an edited story: the new version replaces the old one's facts whole.
    const edited = {
      ...story,
      paragraphs: [
        ...story.paragraphs,
        'Later on Wednesday, Mayor Ruth Elland of Hollin asked the national army to send engineers to rebuild the old bridge.',
      ],
    };
    site.page(`/news/${story.slug}`, newsPage(edited, site.origin, 'boilerplate'));
    const third = await ingest([original], db);
    expect(third.stdout).toContain(`updated ${original} as "floods-close-roads-across-the-merrow-valley"`);
    await withStore(db, (store) => {
      expect(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM articles').pluck().get()).toBe(1);
      expect(sqliteDatabaseOf(store).prepare('SELECT body FROM articles').pluck().get()).toContain(
        'Ruth Elland',
      );
      expect(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM article_urls').pluck().get()).toBe(2);
    });
    site.page(`/news/${story.slug}`, newsPage(story, site.origin, 'boilerplate'));
  }, 300_000);

  it('ingests each new item of a feed once, asking with ETag and If-Modified-Since the next time', async () => {
    const db = join(scratchDir(), 'graph.db');
    const items = STORIES.slice(2, 5)
      .map(
        (s) =>
          `<item><title>${s.title}</title><link>${site.origin}/news/${s.slug}</link><guid>${s.slug}</guid></item>`,
      )
      .join('');
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Example</title>${items}</channel></rss>`;
    site.routes.set('/feed.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
      res
        .writeHead(200, {
          'content-type': 'application/rss+xml',
          etag: '"v1"',
          'last-modified': 'Tue, 03 Mar 2026 10:00:00 GMT',
        })
        .end(rss);
    });
    const first = await ingest(['--feed', `${site.origin}/feed.xml`], db);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`feed ${site.origin}/feed.xml: 3 new, 0 already seen, 0 failed`);
    const second = await ingest(['--feed', `${site.origin}/feed.xml`], db);
    expect(second.stdout).toContain(`feed ${site.origin}/feed.xml: not modified`);
    const conditional = site.requests.filter((r) => r.path === '/feed.xml').at(-1)?.headers;
    expect(conditional?.['if-none-match']).toBe('"v1"');
    expect(conditional?.['if-modified-since']).toBe('Tue, 03 Mar 2026 10:00:00 GMT');
    expect(
      await withStore(db, (store) =>
        sqliteDatabaseOf(store).prepare('SELECT count(*) FROM feed_items').pluck().get(),
      ),
    ).toBe(3);
  }, 300_000);
});
