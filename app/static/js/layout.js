/* Layouts computed from the data (no cytoscape layout pass) and viewport fitting. */

/** Radial layout: the centre in the middle, one ring per hop, children near their parent.
 * Pure data in, positions out, O(n log n): 2,000 nodes lay out in a few milliseconds
 * (cytoscape's cose is used for small graphs, where it looks better). */
export function radialPositions(nodeIds, edges, centerId) {
  const adj = new Map(nodeIds.map((id) => [id, []]));
  for (const e of edges) {
    if (adj.has(e.source) && adj.has(e.target)) {
      adj.get(e.source).push(e.target);
      adj.get(e.target).push(e.source);
    }
  }
  const depthOf = new Map();
  const parentOf = new Map();
  const rings = [];
  const queue = [];
  const visit = (id, depth, parent) => {
    depthOf.set(id, depth);
    parentOf.set(id, parent);
    (rings[depth] = rings[depth] || []).push(id);
    queue.push(id);
  };
  let head = 0;
  const sources = [adj.has(centerId) ? centerId : nodeIds[0], ...nodeIds];
  for (const root of sources) {
    if (root === undefined || depthOf.has(root)) continue;
    visit(root, root === sources[0] ? 0 : Math.max(1, rings.length), null); // other parts: outer ring
    while (head < queue.length) {
      const id = queue[head++];
      for (const m of adj.get(id)) if (!depthOf.has(m)) visit(m, depthOf.get(id) + 1, id);
    }
  }
  const angle = new Map();
  const positions = {};
  let radius = 0;
  rings.forEach((ring, depth) => {
    if (!ring) return;
    if (depth === 0 && ring.length === 1) {
      positions[ring[0]] = { x: 0, y: 0 };
      angle.set(ring[0], 0);
      return;
    }
    const key = (id) => (parentOf.get(id) === null ? 0 : angle.get(parentOf.get(id)) || 0);
    ring.sort((a, b) => key(a) - key(b) || (a < b ? -1 : 1));
    radius = Math.max(radius + 110, (ring.length * 26) / (2 * Math.PI));
    ring.forEach((id, i) => {
      const a = (2 * Math.PI * i) / ring.length;
      angle.set(id, a);
      positions[id] = { x: radius * Math.cos(a), y: radius * Math.sin(a) };
    });
  });
  return positions;
}

/** Fit the viewport to known positions (cheaper than cy.fit(), which measures every element). */
export function fitPositions(cy, elements, padding = 40) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const e of elements) {
    if (!e.position) continue;
    x0 = Math.min(x0, e.position.x); x1 = Math.max(x1, e.position.x);
    y0 = Math.min(y0, e.position.y); y1 = Math.max(y1, e.position.y);
  }
  if (!Number.isFinite(x0)) return;
  const w = cy.width(), hgt = cy.height();
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(),
    Math.min((w - 2 * padding) / Math.max(1, x1 - x0), (hgt - 2 * padding) / Math.max(1, y1 - y0))));
  cy.viewport({ zoom, pan: { x: w / 2 - zoom * (x0 + x1) / 2, y: hgt / 2 - zoom * (y0 + y1) / 2 } });
}

/** Spread a layout to the screen's aspect ratio (cose gives round layouts; screens are wide). */
export function stretchToViewport(cy) {
  const bb = cy.nodes().boundingBox({ includeLabels: false });
  if (!bb.w || !bb.h) return;
  const target = cy.width() / Math.max(1, cy.height());
  const ratio = bb.w / bb.h;
  const sx = Math.min(1.8, Math.max(1, target / ratio));
  const sy = Math.min(1.8, Math.max(1, ratio / target));
  if (sx === 1 && sy === 1) return;
  const cx = bb.x1 + bb.w / 2, cyy = bb.y1 + bb.h / 2;
  cy.nodes().positions((n) => ({ x: cx + (n.position("x") - cx) * sx, y: cyy + (n.position("y") - cyy) * sy }));
}
