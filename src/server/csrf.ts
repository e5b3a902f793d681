import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses POSTs a browser could send cross-site without a preflight (form and text bodies) unless they
 * carry `x-graphql-yoga-csrf`. GETs are let through: the server runs only queries over GET, which change
 * nothing, and a cross-site page cannot read their answers without CORS allowing it; links and
 * `curl` with a query string keep working.
 */
export function csrfPreventionPlugin(): Plugin {
  const guard = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return guard.onRequestParse?.(payload);
    },
  };
}
