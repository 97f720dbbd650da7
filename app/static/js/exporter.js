/* Export of exactly what the graph shows (filtered-out, dimmed elements left out) as JSON or
 * GraphML, every property included: node type, name, event kind, date, place; edge type,
 * role, and the evidence and source articles of the event an edge belongs to. */

import { h, xmlEscape } from "./common.js";
import { evidenceTexts } from "./rows.js";

// GraphML attribute name -> field of the exported object (`source` of an edge is its end, so
// the articles an element comes from are `sources` in JSON, attribute `source` in GraphML)
const NODE_KEYS = { type: "type", name: "name", kind: "kind", date: "date", place: "place",
  evidence: "evidence", source: "sources", source_title: "source_titles" };
const EDGE_KEYS = { type: "type", role: "role", kind: "kind", date: "date", evidence: "evidence",
  source: "sources" };

/** The event an edge belongs to (one of its ends), or null. */
export function edgeEvent(edge) {
  for (const end of [edge.source(), edge.target()]) if (end.data("type") === "Event") return end.id();
  return null;
}

/** The role of `entityId` in an event record ("" when unknown). */
export function roleIn(record, entityId) {
  const p = record && (record.participants || []).find((x) => x.id === entityId);
  return (p && p.role) || "";
}

function sourceProps(record) {
  const sources = (record && record.sources) || [];
  return {
    evidence: sources.flatMap((s) => evidenceTexts(s)).join("\n\n"),
    sources: sources.map((s) => s.article_id || s.id).filter(Boolean).join(" "),
    source_titles: sources.map((s) => s.title || "").filter(Boolean).join(" | "),
  };
}

/**
 * What is on screen as {nodes, edges}: `eles` the shown elements (cytoscape collection),
 * `records` a Map event id -> event record.
 */
export function viewGraph(eles, records) {
  const nodes = eles.nodes().map((n) => {
    const out = { id: n.id(), type: n.data("type"), name: n.data("name") };
    if (out.type === "Event") {
      const r = records.get(n.id()) || {};
      Object.assign(out, { kind: r.kind || n.data("kind") || "", date: r.date || n.data("date") || "",
        place: r.place_id || "" }, sourceProps(r));
    }
    return out;
  });
  const edges = eles.edges().map((e) => {
    const out = { source: e.data("source"), target: e.data("target"), type: e.data("type") };
    const eventId = edgeEvent(e);
    if (eventId) {
      const r = records.get(eventId) || {};
      const other = e.data("source") === eventId ? e.data("target") : e.data("source");
      const { evidence, sources } = sourceProps(r);
      Object.assign(out, { role: e.data("type") === "PARTICIPATED_IN" ? roleIn(r, other) : "",
        kind: r.kind || "", date: r.date || "", evidence, sources });
    }
    return out;
  });
  return { nodes, edges };
}

export function toGraphML(g) {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
  for (const [k] of Object.entries(NODE_KEYS)) {
    lines.push(`  <key id="node_${k}" for="node" attr.name="${k}" attr.type="string"/>`);
  }
  for (const [k] of Object.entries(EDGE_KEYS)) {
    lines.push(`  <key id="edge_${k}" for="edge" attr.name="${k}" attr.type="string"/>`);
  }
  lines.push('  <graph id="diplograph" edgedefault="directed">');
  const data = (prefix, obj, keys) => Object.entries(keys).filter(([, f]) => obj[f])
    .map(([k, f]) => `<data key="${prefix}_${k}">${xmlEscape(obj[f])}</data>`).join("");
  for (const n of g.nodes) {
    lines.push(`    <node id="${xmlEscape(n.id)}">${data("node", n, NODE_KEYS)}</node>`);
  }
  g.edges.forEach((e, i) => {
    lines.push(`    <edge id="e${i}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">` +
      data("edge", e, EDGE_KEYS) + "</edge>");
  });
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

/** The elements drawn: all, or with filters (`matching` not null) those not dimmed, and only
 * links whose both ends are shown. */
export function shownElements(cy, matching) {
  const nodes = matching ? cy.nodes().not(".dim") : cy.nodes();
  return nodes.union(nodes.connectedEdges().not(".dim")
    .filter((e) => nodes.contains(e.source()) && nodes.contains(e.target())));
}

/** Save `text` as a file through the browser. */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
