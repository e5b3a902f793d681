import type { Core, ElementDefinition } from 'cytoscape';
import { h } from '../dom.ts';

export interface GraphNode {
  slug: string;
  name: string;
  kind: string;
}

export interface GraphLink {
  from: string;
  to: string;
  weight: number;
}

const KIND_COLOURS: Record<string, string> = {
  PERSON: '#1d4e89',
  COUNTRY: '#b3401a',
  ORGANIZATION: '#6a3d9a',
  PLACE: '#2e6b3a',
};

/**
 * Cytoscape adds a one-rule <style> element unless one with this id exists; a page under a strict
 * Content-Security-Policy may not add inline styles, so the rule lives in style.css and this stands in.
 */
function claimCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    document.head.prepend(h('meta', { id, name: 'cytoscape-container-style', content: 'style.css' }));
  }
}

/**
 * Draws `nodes` around `centre` in `container`, links thicker the heavier they are; tapping a node other
 * than the centre calls `onOpen` with its slug. The graph library is loaded on first use, so pages
 * without a graph do not download it.
 *
 * After each layout and viewport change the container's `data-nodes` lists every node's slug and
 * position in the container, so tools that cannot see the canvas can still find and click nodes.
 */
export async function drawGraph(
  container: HTMLElement,
  centre: string,
  nodes: GraphNode[],
  links: GraphLink[],
  onOpen: (slug: string) => void,
): Promise<Core> {
  const { default: cytoscape } = await import('cytoscape');
  claimCytoscapeStylesheet();
  const maxWeight = Math.max(1, ...links.map((link) => link.weight));
  const elements: ElementDefinition[] = [
    ...nodes.map((node) => ({
      data: {
        id: node.slug,
        label: node.name,
        colour: KIND_COLOURS[node.kind] ?? '#444',
        centre: node.slug === centre ? 1 : 0,
      },
    })),
    ...links.map((link) => ({
      data: {
        id: `${link.from}→${link.to}`,
        source: link.from,
        target: link.to,
        width: 1 + (5 * link.weight) / maxWeight,
      },
    })),
  ];
  const cy = cytoscape({
    container,
    elements,
    // The page scrolls under a finger or wheel; the graph is small enough to see whole.
    userZoomingEnabled: false,
    userPanningEnabled: false,
    boxSelectionEnabled: false,
    autounselectify: true,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(colour)',
          label: 'data(label)',
          color: '#1a1a1a',
          'font-size': 12,
          'font-family': 'system-ui, sans-serif',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': '2px',
          'text-wrap': 'wrap',
          'text-max-width': '110px',
          width: 22,
          height: 22,
        },
      },
      {
        selector: 'node[centre = 1]',
        style: {
          width: 36,
          height: 36,
          'font-size': 14,
          'font-weight': 'bold',
          'border-width': 3,
          'border-color': '#1a1a1a',
        },
      },
      {
        selector: 'edge',
        style: { width: 'data(width)', 'line-color': '#9aa5b1', 'curve-style': 'straight', opacity: 0.8 },
      },
    ],
    layout: {
      name: 'concentric',
      concentric: (node) => (node.data('centre') === 1 ? 2 : 1),
      levelWidth: () => 1,
      minNodeSpacing: 30,
      padding: 24,
      animate: false,
    },
  });
  const publish = () => {
    const box = { width: container.clientWidth, height: container.clientHeight };
    container.dataset.nodes = JSON.stringify(
      cy.nodes().map((node) => {
        const position = node.renderedPosition();
        return { slug: node.id(), x: Math.round(position.x), y: Math.round(position.y) };
      }),
    );
    container.dataset.size = `${box.width}x${box.height}`;
  };
  cy.on('tap', 'node', (event) => {
    const slug = event.target.id() as string;
    if (slug !== centre) onOpen(slug);
  });
  cy.on('mouseover', 'node', (event) => {
    container.style.cursor = event.target.id() === centre ? 'default' : 'pointer';
  });
  cy.on('mouseout', 'node', () => {
    container.style.cursor = '';
  });
  cy.on('resize', () => {
    cy.fit(undefined, 24);
    publish();
  });
  cy.on('viewport position', publish);
  cy.fit(undefined, 24);
  publish();
  container.dataset.ready = 'true';
  performance.mark('explorer:graph-drawn');
  return cy;
}
