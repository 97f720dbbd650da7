/* Readable labels at any zoom (level of detail).
 *
 * Node labels are drawn at LABEL_PX pixels on screen whatever the zoom (a per-node style
 * bypass of font-size = LABEL_PX / zoom, on labelled nodes only, so the cost does not grow
 * with the graph). Which nodes carry a label is chosen greedily so that no two labels
 * overlap on screen: the centre and the selection first, then people, countries and
 * organisations, places and topics, events last; more links first. The others show theirs
 * on hover (class `hover`) or when selected.
 */

export const LABEL_PX = 12; // on-screen size of node labels (>= 11 px, issue 15)
const CHAR_PX = 7; // average advance of a 12 px sans-serif glyph
const LINE_PX = 16;
const MAX_LABEL_PX = 150; // ellipsis beyond (text-max-width on screen)
const RANK = { Person: 1, Country: 2, Organisation: 2, Location: 3, Topic: 3, Event: 4 };

/** The style bypass that draws a node's label at LABEL_PX on screen at this zoom (a bypass
 * takes no `data()` mapper: the text itself). */
export function labelStyle(zoom, node) {
  const z = Math.max(zoom, 1e-3);
  const k = zoom >= 1 ? 1 : 1 / z; // never below LABEL_PX on screen; zoomed in, they grow
  return { label: String(node.data("label") || ""), "font-size": LABEL_PX * k, "text-max-width": MAX_LABEL_PX * k,
    "text-margin-y": 3 * k, "text-background-padding": 1 * k, "min-zoomed-font-size": 0 };
}

const BYPASS = ["label", "font-size", "text-max-width", "text-margin-y", "text-background-padding",
  "min-zoomed-font-size"];

/**
 * Choose the labelled nodes for the current viewport and give them (and only them) the
 * label bypass (label widths are estimated: measuring text per node would cost more). `always` (a collection) is labelled whatever the overlap; `obstacles` are
 * screen boxes {x1, x2, y1, y2} no label may cover. Returns the count.
 */
export function relabel(cy, always, obstacles) {
  const zoom = cy.zoom();
  const W = cy.width(), H = cy.height();
  const cell = 64;
  const grid = new Map();
  const overlaps = (b) => {
    for (let gx = Math.floor(b.x1 / cell); gx <= Math.floor(b.x2 / cell); gx++) {
      for (let gy = Math.floor(b.y1 / cell); gy <= Math.floor(b.y2 / cell); gy++) {
        for (const o of grid.get(gx + "," + gy) || []) {
          if (o.owner !== b.owner && b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) return true;
        }
      }
    }
    return false;
  };
  const keep = (b) => {
    for (let gx = Math.floor(b.x1 / cell); gx <= Math.floor(b.x2 / cell); gx++) {
      for (let gy = Math.floor(b.y1 / cell); gy <= Math.floor(b.y2 / cell); gy++) {
        const k = gx + "," + gy;
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k).push(b);
      }
    }
  };
  for (const o of obstacles || []) keep({ ...o, owner: "" }); // e.g. the legend over the graph
  const forced = new Set(always ? always.map((n) => n.id()) : []);
  // one pass over the nodes: screen position, rank and degree (no cytoscape calls in the sort)
  const pan = cy.pan();
  const items = [];
  cy.nodes().forEach((n) => {
    const id = n.id();
    const isForced = forced.has(id);
    if (!isForced && n.hasClass("dim")) return;
    const pos = n.position();
    const x = pos.x * zoom + pan.x, y = pos.y * zoom + pan.y;
    if (!isForced && (x < 0 || x > W || y < 0 || y > H)) return;
    items.push({ n, id, x, y, r: (n.width() * zoom) / 2, forced: isForced,
      rank: isForced ? 0 : RANK[n.data("type")] || 3, degree: n.degree(false) });
  });
  items.sort((a, b) => a.rank - b.rank || b.degree - a.degree || (a.id < b.id ? -1 : 1));
  for (const it of items) { // nodes are obstacles too: a label never covers another node
    keep({ x1: it.x - it.r - 1, x2: it.x + it.r + 1, y1: it.y - it.r - 1, y2: it.y + it.r + 1, owner: it.id });
  }
  const chosen = [];
  for (const it of items) {
    const text = String(it.n.data("label") || "");
    const w = Math.min(MAX_LABEL_PX, text.length * CHAR_PX) + 4;
    const top = it.y + it.r + 2;
    const b = { x1: it.x - w / 2, x2: it.x + w / 2, y1: top, y2: top + LINE_PX, owner: it.id };
    if (!it.forced && (b.x1 < 0 || b.x2 > W || b.y2 > H || overlaps(b))) continue;
    keep(b);
    chosen.push(it.n);
  }
  cy.batch(() => {
    cy.nodes(".labelled").removeClass("labelled").removeStyle(BYPASS.join(" "));
    for (const n of chosen) n.addClass("labelled").style(labelStyle(zoom, n));
  });
  return chosen.length;
}

/** Show one node's label (hover), at the readable size, whatever the overlap. */
export function showLabel(cy, node, on) {
  if (on) node.style(labelStyle(cy.zoom(), node));
  else if (!node.hasClass("labelled")) node.removeStyle(BYPASS.join(" "));
}
