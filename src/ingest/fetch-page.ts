import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import robotsParserModule from 'robots-parser';
import { ArticleInputError } from './article-input.ts';

type RobotsParser = (
  url: string,
  text: string,
) => { isAllowed(url: string, ua?: string): boolean | undefined };
// The package is CommonJS whose types declare a default export: under Node's ESM the function is the module.
const robotsParser = ((robotsParserModule as { default?: unknown }).default ??
  robotsParserModule) as unknown as RobotsParser;

export const USER_AGENT = 'news-knowledge-graph/0.1 (article ingester; respects robots.txt)';
const ROBOTS_AGENT = 'news-knowledge-graph';

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Conditional GET validators (feeds). */
  etag?: string | null;
  lastModified?: string | null;
  /** What the caller can read, sent as Accept. */
  accept?: string;
}

export interface FetchedResource {
  /** Where the bytes finally came from, after redirects. */
  url: string;
  status: number;
  bytes: Uint8Array;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  /** A 304 answer to a conditional GET: nothing new, no bytes. */
  notModified: boolean;
}

export class FetchError extends ArticleInputError {}

const DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      a >= 224
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::1' || v6 === '::' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/** Whether a URL's host is, or resolves to, a private or loopback address. */
export async function isPrivateHost(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host)) return isPrivateAddress(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.some((a) => isPrivateAddress(a.address));
  } catch {
    throw new FetchError(`${url.host}: the host name does not resolve`);
  }
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(`${url}: ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new FetchError(`${url}: the answer is over the ${maxBytes}-byte limit`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Fetches web resources politely: a user agent naming the project, a timeout and a size limit per
 * request, at most a few redirects, robots.txt read once per site and obeyed, and no redirect into a
 * private or loopback network unless the address the user gave was in one.
 */
export class PoliteFetcher {
  private readonly robots = new Map<string, Promise<((url: string) => boolean) | string>>();
  private readonly options: Required<Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'maxRedirects'>>;

  constructor(options: FetchOptions = {}) {
    this.options = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
  }

  /** Fetches `address` (http or https). Throws FetchError naming the URL and what went wrong. */
  async fetch(address: string, options: FetchOptions = {}): Promise<FetchedResource> {
    let url = parseHttpUrl(address);
    const userGavePrivate = await isPrivateHost(url);
    for (let hop = 0; ; hop++) {
      await this.checkRobots(url);
      const response = await this.request(url, options);
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw new FetchError(`${url}: redirect without a Location`);
        if (hop >= this.options.maxRedirects)
          throw new FetchError(`${address}: more than ${this.options.maxRedirects} redirects`);
        const next = parseHttpUrl(new URL(location, url).toString());
        if (!userGavePrivate && (await isPrivateHost(next)))
          throw new FetchError(`${url}: refused a redirect to the private address ${next.host}`);
        url = next;
        continue;
      }
      const headers = {
        url: url.toString(),
        status: response.status,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      };
      if (response.status === 304) {
        await response.body?.cancel();
        return { ...headers, bytes: new Uint8Array(0), notModified: true };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FetchError(`${url}: the server answered ${response.status}`);
      }
      const bytes = await readLimited(response, options.maxBytes ?? this.options.maxBytes, url.toString());
      return { ...headers, bytes, notModified: false };
    }
  }

  private async request(url: URL, options: FetchOptions): Promise<Response> {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: options.accept ?? 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    try {
      return await fetch(url, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new FetchError(`${url}: ${reason}`);
    }
  }

  private async checkRobots(url: URL): Promise<void> {
    let rules = this.robots.get(url.origin);
    if (!rules) {
      rules = this.readRobots(url.origin);
      this.robots.set(url.origin, rules);
    }
    const verdict = await rules;
    if (typeof verdict === 'string') throw new FetchError(`${url}: ${verdict}`);
    if (!verdict(url.toString())) throw new FetchError(`${url}: robots.txt disallows fetching it`);
  }

  /** The site's robots.txt as a test; a missing one allows everything, an unreadable one nothing. */
  private async readRobots(origin: string): Promise<((url: string) => boolean) | string> {
    const robotsUrl = `${origin}/robots.txt`;
    let response: Response;
    try {
      response = await this.request(new URL(robotsUrl), { accept: 'text/plain' });
    } catch {
      return 'its robots.txt could not be read, so the site is not fetched';
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      return `its robots.txt answered ${response.status}, so the site is not fetched`;
    }
    if (!response.ok) {
      await response.body?.cancel();
      return () => true;
    }
    const text = new TextDecoder().decode(await readLimited(response, 500_000, robotsUrl));
    const robots = robotsParser(robotsUrl, text);
    return (target) => robots.isAllowed(target, ROBOTS_AGENT) !== false;
  }
}

function parseHttpUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchError(`"${address}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError(`"${address}" is not an http(s) address`);
  return url;
}
