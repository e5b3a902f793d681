import type { LinkKind } from './gql/graphql.ts';

export const LINK_KINDS: readonly LinkKind[] = ['RELATION', 'SHARED_EVENT', 'CLAIM', 'CO_MENTION'];

/** Where the explorer is: one route per kind of page, each with its own URL so links and reloads work. */
export type Route =
  | { page: 'home' }
  | { page: 'search'; query: string }
  | { page: 'entity'; slug: string }
  | { page: 'article'; slug: string; span: { start: number; end: number } | null }
  | { page: 'path'; from: string; to: string; maxHops: number; via: LinkKind[] | null }
  | { page: 'not-found' };

function segment(value: string | undefined): string {
  return value ? decodeURIComponent(value) : '';
}

/** Reads a route from a URL; anything unknown is `not-found`. */
export function parseRoute(url: URL): Route {
  const parts = url.pathname.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'search' && parts.length === 1)
    return { page: 'search', query: url.searchParams.get('q') ?? '' };
  if (first === 'entity' && parts.length === 2) return { page: 'entity', slug: segment(second) };
  if (first === 'article' && parts.length === 2) {
    const span = /^(\d+)-(\d+)$/.exec(url.searchParams.get('span') ?? '');
    return {
      page: 'article',
      slug: segment(second),
      span: span ? { start: Number(span[1]), end: Number(span[2]) } : null,
    };
  }
  if (first === 'path' && parts.length === 3) {
    const hops = Number(url.searchParams.get('maxHops') ?? 4);
    const via = url.searchParams.get('via');
    return {
      page: 'path',
      from: segment(second),
      to: segment(third),
      maxHops: Number.isInteger(hops) && hops >= 1 && hops <= 6 ? hops : 4,
      via: via === null ? null : LINK_KINDS.filter((kind) => via.split(',').includes(kind)),
    };
  }
  return { page: 'not-found' };
}

export const hrefs = {
  search: (query: string) => `/search?q=${encodeURIComponent(query)}`,
  entity: (slug: string) => `/entity/${encodeURIComponent(slug)}`,
  article: (slug: string, span?: { start: number; end: number }) =>
    `/article/${encodeURIComponent(slug)}${span ? `?span=${span.start}-${span.end}` : ''}`,
  path: (from: string, to: string, options: { maxHops?: number; via?: readonly LinkKind[] | null } = {}) => {
    const query = new URLSearchParams();
    if (options.maxHops && options.maxHops !== 4) query.set('maxHops', String(options.maxHops));
    if (options.via) query.set('via', options.via.join(','));
    const search = query.toString().replaceAll('%2C', ',');
    return `/path/${encodeURIComponent(from)}/${encodeURIComponent(to)}${search ? `?${search}` : ''}`;
  },
};

type Listener = (route: Route) => void;
let listener: Listener | undefined;

/** Goes to `href` inside the explorer: a new history entry, then the page is drawn. */
export function navigate(href: string): void {
  history.pushState(null, '', href);
  listener?.(parseRoute(new URL(location.href)));
}

/**
 * Starts routing: draws the current URL, redraws on back and forward, and turns clicks on links within
 * the explorer into history entries instead of page loads (links elsewhere, /graphql included, load).
 */
export function startRouter(onRoute: Listener): void {
  listener = onRoute;
  window.addEventListener('popstate', () => onRoute(parseRoute(new URL(location.href))));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || parseRoute(url).page === 'not-found') return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  onRoute(parseRoute(new URL(location.href)));
}
