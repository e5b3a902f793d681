import './style.css';
import { ApiError } from './api.ts';
import { typeahead } from './components/typeahead.ts';
import { h, replaceChildren } from './dom.ts';
import { hrefs, navigate, type Route, startRouter } from './router.ts';
import { articleView } from './views/article.ts';
import { entityView } from './views/entity.ts';
import { homeView } from './views/home.ts';
import { pathView } from './views/path.ts';
import { searchView } from './views/search.ts';

const main = document.getElementById('main') as HTMLElement;
const searchSlot = document.getElementById('site-search') as HTMLElement;

searchSlot.append(
  typeahead({
    id: 'search',
    label: 'Search the graph',
    placeholder: 'Search people, countries, claims…',
    onChoose: (entity) => navigate(hrefs.entity(entity.slug)),
    onSubmit: (text) => navigate(hrefs.search(text)),
  }),
);

let current: AbortController | undefined;
let firstPage = true;

function show(route: Route, signal: AbortSignal): Promise<void> {
  switch (route.page) {
    case 'home':
      return homeView(main, {}, signal);
    case 'search':
      return searchView(main, route, signal);
    case 'entity':
      return entityView(main, route, signal);
    case 'article':
      return articleView(main, route, signal);
    case 'path':
      return pathView(main, route, signal);
    default:
      document.title = 'Not found · News knowledge graph';
      replaceChildren(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Start again')));
      return Promise.resolve();
  }
}

/** Draws a page, cancelling the one still loading; focus moves to the new page for screen readers. */
async function render(route: Route): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  main.setAttribute('aria-busy', 'true');
  main.dataset.state = 'loading';
  try {
    await show(route, controller.signal);
    if (controller.signal.aborted) return;
    main.dataset.state = 'ready';
    // User Timing: how long until the reader saw the page, for anyone measuring it (the browser test does).
    performance.mark('explorer:page-ready', { detail: route.page });
  } catch (error) {
    if (controller.signal.aborted) return;
    const message = error instanceof ApiError ? error.message : 'The page could not be loaded.';
    replaceChildren(main, h('h1', {}, 'Something went wrong'), h('p', { role: 'alert' }, message));
    main.dataset.state = 'error';
  } finally {
    if (current === controller) main.removeAttribute('aria-busy');
  }
  if (!firstPage) {
    (main.querySelector('h1') ?? main).setAttribute('tabindex', '-1');
    (main.querySelector('h1') ?? main).focus({ preventScroll: true });
    if (!(route.page === 'article' && route.span)) window.scrollTo(0, 0);
  }
  firstPage = false;
}

startRouter((route) => void render(route));
