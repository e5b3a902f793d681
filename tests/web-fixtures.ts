import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An invented news story: what a page is built from and what extraction must give back. */
export interface Story {
  slug: string;
  title: string;
  paragraphs: string[];
  publishedAt: string;
  author: string;
}

export const STORIES: Story[] = [
  {
    slug: 'port-visit',
    title: 'Minister Alma Restrepo visits the port of Valdoria',
    publishedAt: '2026-03-04T10:00:00.000Z',
    author: 'Jon Tester',
    paragraphs: [
      'Foreign Minister Alma Restrepo visited the port of Valdoria on Tuesday, meeting dock workers and local officials to discuss the trade agreement signed last month.',
      '"This port is the heart of our economy," Restrepo said, adding that the government would invest in new cranes and rail links over the next five years.',
      'Opposition leader Tomas Berglund criticised the plan, saying it ignored the smaller harbours along the coast, which he said had been neglected for decades.',
      'The ministry said the first contracts would be awarded in the spring, and that local firms would be invited to bid for most of the work.',
    ],
  },
  {
    slug: 'river-floods',
    title: 'Floods close roads across the Merrow valley',
    publishedAt: '2026-02-11T07:30:00.000Z',
    author: 'Priya Calder',
    paragraphs: [
      'Heavy rain closed more than forty roads across the Merrow valley overnight, as the river rose to its highest level in twenty years, officials said on Wednesday.',
      'Emergency crews moved about three hundred residents from low-lying streets in the town of Hollin, where water reached the ground floors of several houses.',
      '"We have never seen it come up this fast," said Dana Okafor, who runs a bakery near the old bridge. "By midnight the whole square was under water."',
      'Forecasters expect the rain to ease by Friday, but warned that the ground was saturated and that further flooding was likely downstream over the weekend.',
      'Regional governor Ilse Marten said emergency funds would be released to help families whose homes had been damaged.',
    ],
  },
  {
    slug: 'chip-plant',
    title: 'Carrow Systems to build a chip plant in Tesland',
    publishedAt: '2026-01-20T12:00:00.000Z',
    author: 'Martin Ruel',
    paragraphs: [
      'Carrow Systems announced on Monday that it would build a semiconductor plant near the city of Brask, creating what the company said would be two thousand jobs.',
      'Chief executive Helena Vosk told reporters that construction would begin next year and that the plant would produce its first chips by the end of the decade.',
      'The government of Tesland has offered tax relief and help with the cost of the site, according to a statement from the economy ministry.',
      'Analysts said the investment reflected growing demand for chips used in cars and industrial machines, though some questioned whether the timetable was realistic.',
    ],
  },
  {
    slug: 'summit-talks',
    title: 'Leaders meet in Ostrava for border talks',
    publishedAt: '2025-11-30T09:15:00.000Z',
    author: 'Lena Fairweather',
    paragraphs: [
      'The leaders of Norland and Vesta met in the city of Ostrava on Sunday for talks on their disputed border, the first such meeting in almost six years.',
      'President Arvid Hollen said after the meeting that both sides had agreed to set up a joint commission to map the border and settle claims to the river islands.',
      '"We did not solve everything today, but we have started," Hollen said. His counterpart, Prime Minister Sofia Marek, called the talks frank and useful.',
      'The commission is expected to meet for the first time in March, and to report to both governments within a year, officials said.',
    ],
  },
  {
    slug: 'library-reopens',
    title: 'Restored city library reopens after four years',
    publishedAt: '2026-04-02T15:45:00.000Z',
    author: 'Omar Lindqvist',
    paragraphs: [
      'The central library of Kessel reopened to the public on Thursday after a four-year restoration that repaired its domed reading room and rebuilt its flooded basement.',
      'Hundreds of visitors queued from early morning, and many of them brought back books they had borrowed before the building closed, the library said.',
      "Head librarian Greta Sandoval said the basement now held a children's section and a workshop where volunteers would teach people to repair old books.",
      'The restoration cost more than the city had planned, after builders found damage to the roof that had not been seen in earlier surveys.',
    ],
  },
];

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const bodyOf = (story: Story) => story.paragraphs.join('\n\n');

const NAV = `<header><div class="logo">Daily Example</div><nav class="menu"><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/culture">Culture</a></li>
</ul></nav></header>`;
const FOOTER = `<footer><p>© 2026 Daily Example. All rights reserved.</p><ul><li><a href="/about">About us</a></li>
  <li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/contact">Contact</a></li></ul></footer>`;
const RELATED = `<aside class="sidebar"><h3>Most read</h3><ul>
  <li><a href="/a">Ten things to know about the new tax rules before the end of the year</a></li>
  <li><a href="/b">Weather warning issued for the north as storms move in from the sea</a></li>
  <li><a href="/c">The best restaurants to try this spring, chosen by our critics</a></li></ul>
  <div class="newsletter">Sign up for our morning briefing, delivered to your inbox every weekday.</div></aside>`;
const COMMENTS = `<section id="comments" class="comments"><h3>Comments (3)</h3>
  <div class="comment"><p>I have been saying this for years, and nobody listens. The whole plan is a waste of money, and the people who pay for it are the ones who will never see any benefit from it.</p></div>
  <div class="comment"><p>Thanks for the reporting, this is exactly the kind of local coverage we need more of, especially now that so many papers have closed down or moved online only.</p></div>
  <div class="comment"><p>Does anyone know whether the meeting next week is open to the public? I would like to go, but the council website does not say anything about it at all.</p></div></section>`;
const SHARE = `<div class="share-buttons"><a href="#">Share on social media</a> <a href="#">Email</a> <a href="#">Print</a></div>`;
const PAYWALL = `<div class="paywall-stub"><p>You have read all your free articles this month.</p><p>Subscribe now for unlimited access. Already a subscriber? Sign in.</p></div>`;

function head(story: Story, origin: string, variant: Variant): string {
  const url = `${origin}/news/${story.slug}`;
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.title,
    datePublished: story.publishedAt,
    author: { '@type': 'Person', name: story.author },
    publisher: { '@type': 'Organization', name: 'Daily Example' },
    mainEntityOfPage: url,
  });
  if (variant === 'jsonld')
    return `<title>${escapeHtml(story.title)} - Daily Example</title><script type="application/ld+json">${ld}</script>`;
  return `<title>${escapeHtml(story.title)} | Daily Example</title>
  <meta property="og:title" content="${escapeHtml(story.title)}">
  <meta property="og:site_name" content="Daily Example">
  <meta property="og:url" content="${url}">
  <meta property="article:published_time" content="${story.publishedAt}">
  <meta name="author" content="${escapeHtml(story.author)}">
  <link rel="canonical" href="${url}">
  <script type="application/ld+json">${ld}</script>`;
}

export type Variant = 'plain' | 'comments' | 'paywall' | 'amp' | 'boilerplate' | 'jsonld';
export const VARIANTS: Variant[] = ['plain', 'comments', 'paywall', 'amp', 'boilerplate', 'jsonld'];

/** A news page around a story, in one of the shapes news sites serve. */
export function newsPage(story: Story, origin: string, variant: Variant = 'plain'): string {
  const paragraphs = story.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (variant === 'paywall') paragraphs.splice(2, 0, PAYWALL);
  if (variant === 'boilerplate')
    paragraphs.splice(1, 0, `<figure><img src="/photo.jpg" alt=""><figcaption></figcaption></figure>`);
  const time = `<p class="dateline">By ${escapeHtml(story.author)} · <time datetime="${story.publishedAt}">${story.publishedAt.slice(0, 10)}</time></p>`;
  const article = `<article><h1>${escapeHtml(story.title)}</h1>${time}${SHARE}${paragraphs.join('\n')}</article>`;
  if (variant === 'amp') {
    return `<!doctype html><html ⚡ lang="en"><head><meta charset="utf-8">${head(story, origin, variant)}
      <script async src="https://cdn.ampproject.org/v0.js"></script><style amp-custom>body{font-family:serif}</style></head>
      <body>${NAV}<main><amp-img src="/photo.jpg" width="600" height="400" layout="responsive"></amp-img>${article}
      <amp-ad width="300" height="250" type="example"></amp-ad></main>${FOOTER}</body></html>`;
  }
  const extras = variant === 'comments' ? COMMENTS : variant === 'boilerplate' ? RELATED + COMMENTS : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head(story, origin, variant)}</head>
    <body>${NAV}<div class="layout"><main>${article}</main>${extras}</div>${FOOTER}</body></html>`;
}

/** Character-level F1 of `got` against `want`: longest common subsequence over characters, whitespace collapsed. */
export function characterF1(got: string, want: string): number {
  const a = got.replace(/\s+/g, ' ').trim();
  const b = want.replace(/\s+/g, ' ').trim();
  if (!a.length || !b.length) return a.length === b.length ? 1 : 0;
  let previous = new Uint16Array(b.length + 1);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] =
        a[i - 1] === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    [previous, current] = [current, previous];
  }
  const common = previous[b.length] ?? 0;
  const precision = common / a.length;
  const recall = common / b.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on loopback and a free port, answering from a table of paths the test fills. */
export class LoopbackSite {
  readonly routes = new Map<string, Handler>();
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
  private server: Server | undefined;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.requests.push({ path, headers: req.headers });
      const handler = this.routes.get(path);
      if (handler) handler(req, res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  page(path: string, body: string | Buffer, contentType = 'text/html; charset=utf-8'): void {
    this.routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': contentType }).end(body));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
