/* The graph's cytoscape style and elements (pure functions). */

import { TYPES, canvasLabel, typeOf } from "./common.js";

/** The stylesheet; `big` graphs (over 250 nodes) get the cheaper variants. Node labels are
 * not in it: js/labels.js gives them to the nodes it chooses (level of detail). */
export function graphStyle(big) {
  const style = [
    { selector: "node", style: {
      "background-color": "#94a3b8", label: "", "font-size": 12, "font-family": "sans-serif",
      "text-valign": "bottom", "text-margin-y": 3, color: "#1f2937",
      "text-wrap": "ellipsis", "text-max-width": 150, "min-zoomed-font-size": 0,
      "text-background-color": "#ffffff", "text-background-opacity": 0.75,
      "text-background-padding": 1, width: 22, height: 22,
      "border-width": big ? 0 : 1, "border-color": "#ffffff",
    } },
    { selector: "node.center", style: { width: 34, height: 34, "border-width": 3,
      "border-color": "#111827", "font-weight": "bold" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#facc15",
      "overlay-opacity": 0 } },
    { selector: "node.dim", style: { opacity: 0.18 } },
    { selector: "edge", style: { width: 1.5, "line-color": "#cbd5e1", "curve-style": big ? "haystack" : "bezier",
      "target-arrow-shape": big ? "none" : "triangle", "target-arrow-color": "#cbd5e1",
      "arrow-scale": 0.7, "overlay-padding": 4 } },
    { selector: "edge.dim", style: { opacity: 0.12 } },
    { selector: "edge[type = 'PARTICIPATED_IN']", style: { "line-color": "#93c5fd",
      "target-arrow-color": "#93c5fd" } },
    { selector: "edge[type = 'ABOUT']", style: { "line-style": big ? "solid" : "dashed" } }, // dashes cost
    { selector: "edge[type = 'REPRESENTS']", style: { "line-color": "#86efac", "target-arrow-color": "#86efac" } },
    { selector: "edge.hover, edge:selected", style: { width: 4, "line-color": "#f59e0b",
      "target-arrow-color": "#f59e0b", "overlay-opacity": 0 } },
  ];
  for (const [type, t] of Object.entries(TYPES)) {
    style.push({ selector: "node[type = '" + type + "']",
      style: { "background-color": t.color, shape: t.shape } });
  }
  style.push({ selector: "node[type = 'Event']", style: { width: 16, height: 16 } });
  return style;
}

/** API nodes and edges to cytoscape elements (one per id; edge id "source|TYPE|target");
 * `names` (Map) learns every name. */
export function toElements(graph, names) {
  const nodes = (graph.nodes || []).filter((n) => n && n.id);
  const ids = new Set();
  const elements = [];
  for (const n of nodes) {
    if (ids.has(n.id)) continue;
    ids.add(n.id);
    const type = typeOf(n);
    const name = n.name || n.id;
    names.set(n.id, name);
    const label = type === "Event" ? String(name).replace(/_/g, " ") : name;
    elements.push({ group: "nodes", data: { id: n.id, type, name, label: canvasLabel(label) } });
  }
  const seen = new Set();
  for (const e of graph.edges || []) {
    if (!e || !ids.has(e.source) || !ids.has(e.target)) continue;
    const id = e.source + "|" + (e.type || "") + "|" + e.target;
    if (seen.has(id)) continue;
    seen.add(id);
    elements.push({ group: "edges", data: { id, source: e.source, target: e.target, type: e.type || "" } });
  }
  return elements;
}
