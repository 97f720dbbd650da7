/* diplograph graph explorer: a single page over the JSON API (same origin, no build step).
 *
 * State lives in the query string (center, depth, select, topic, kind, from, to, expand), so a
 * URL is shareable. Every text that comes from the API is put into the DOM through
 * textContent / createTextNode (see h()), never through innerHTML: names come from articles.
 */
import { $, TYPES, api, canvasLabel, h, kindLabel, rowsOf, setStatus, toGraphML, typeOf }
  from "./js/common.js";
import { combobox } from "./js/combobox.js";
import { fitPositions, radialPositions, stretchToViewport } from "./js/layout.js";
import { evidenceTexts, meetingsToEvents, normaliseTimelineRow } from "./js/rows.js";

(function () {
  "use strict";

  const STATE_KEYS = ["center", "depth", "select", "topic", "kind", "from", "to", "expand"];
  const BIG_GRAPH = 250; // above this many nodes: radial layout only, lighter rendering

  const timings = { firstRender: null, lastLayoutMs: null, lastRenderMs: null };
  const names = new Map(); // entity id -> display name (for chips, titles)
  const eventCache = new Map(); // event id -> normalised event (from timelines/meetings)
  let cy = null;
  let state = readState();
  let loadToken = 0;

  // ---------------------------------------------------------------- API
  function searchEntities(q, type) {
    return api("entities", { q, type, limit: 12 }).then(rowsOf);
  }

  // ---------------------------------------------------------------- state & URL
  function readState() {
    const p = new URLSearchParams(location.search);
    const s = {};
    for (const k of STATE_KEYS) s[k] = p.get(k) || "";
    s.depth = s.depth === "1" ? "1" : "2";
    s.expand = s.expand ? s.expand.split(",").filter(Boolean) : [];
    return s;
  }

  function writeState(push) {
    const p = new URLSearchParams();
    for (const k of STATE_KEYS) {
      const v = k === "expand" ? state.expand.join(",") : state[k];
      if (v && !(k === "depth" && v === "2")) p.set(k, v);
    }
    const qs = p.toString();
    const url = location.pathname + (qs ? "?" + qs : "");
    if (url !== location.pathname + location.search) {
      (push ? history.pushState : history.replaceState).call(history, null, "", url);
    }
  }

  const hasFilters = () => Boolean(state.topic || state.kind || state.from || state.to);

  // ---------------------------------------------------------------- graph
  function graphStyle(big) {
    const style = [
      { selector: "node", style: {
        "background-color": "#94a3b8", label: big ? "" : "data(label)", "font-size": 12,
        "font-family": "sans-serif",
        "text-valign": "bottom", "text-margin-y": 3, color: "#1f2937",
        "text-wrap": "ellipsis", "text-max-width": 130, "min-zoomed-font-size": big ? 9 : 5,
        "text-background-color": "#ffffff", "text-background-opacity": big ? 0 : 0.7,
        "text-background-padding": 1, width: 22, height: 22,
        "border-width": big ? 0 : 1, "border-color": "#ffffff",
      } },
      { selector: "node.center, node:selected, node.labelled", style: { label: "data(label)" } },
      { selector: "node.center", style: { width: 34, height: 34, "border-width": 3,
        "border-color": "#111827", "font-weight": "bold", "font-size": 13 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#facc15",
        "overlay-opacity": 0 } },
      { selector: "node.dim", style: { opacity: 0.18 } },
      { selector: "edge", style: { width: 1.2, "line-color": "#cbd5e1", "curve-style": big ? "haystack" : "bezier",
        "target-arrow-shape": big ? "none" : "triangle", "target-arrow-color": "#cbd5e1",
        "arrow-scale": 0.7 } },
      { selector: "edge.dim", style: { opacity: 0.12 } },
      { selector: "edge[type = 'PARTICIPATED_IN']", style: { "line-color": "#93c5fd",
        "target-arrow-color": "#93c5fd" } },
      { selector: "edge[type = 'ABOUT']", style: { "line-style": big ? "solid" : "dashed" } }, // dashes cost
    ];
    for (const [type, t] of Object.entries(TYPES)) {
      style.push({ selector: "node[type = '" + type + "']",
        style: { "background-color": t.color, shape: t.shape } });
    }
    style.push({ selector: "node[type = 'Event']", style: { width: 16, height: 16 } });
    return style;
  }

  function toElements(graph) {
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

  const useRadial = () => cy.nodes().length > BIG_GRAPH;

  /** Lay out what is on screen again; resolves when the result is painted. */
  function runLayout() {
    const t0 = performance.now();
    if (useRadial()) {
      const positions = radialPositions(cy.nodes().map((n) => n.id()),
        cy.edges().map((e) => ({ source: e.data("source"), target: e.data("target") })), state.center);
      cy.batch(() => cy.nodes().positions((n) => positions[n.id()]));
      fitPositions(cy, Object.values(positions).map((position) => ({ position })));
    } else {
      if (cy.nodes().every((n) => n.position("x") === 0 && n.position("y") === 0)) {
        cy.nodes().positions((n, i) => ({ x: 50 * Math.cos(i), y: 50 * Math.sin(i) }));
      }
      cy.layout({ name: "cose", animate: false, padding: 30, randomize: false,
        nodeRepulsion: () => 20000, idealEdgeLength: () => 80, numIter: 600, componentSpacing: 60,
        gravity: 0.4,
        nodeDimensionsIncludeLabels: true, fit: false }).run();
      stretchToViewport(cy);
      cy.fit(undefined, 30);
      if (cy.zoom() > 1.5) { // a handful of nodes: do not blow them up
        cy.zoom(1.5);
        cy.center();
      }
    }
    timings.lastLayoutMs = performance.now() - t0;
    return afterRender(t0);
  }

  /** Resolve once the frame after the layout has been painted (time to pixels, not to JS). */
  function afterRender(t0) {
    return new Promise((resolve) => {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        timings.lastRenderMs = performance.now() - t0;
        resolve(timings.lastRenderMs);
      }));
    });
  }

  function ensureCy(big) {
    if (cy && cy.scratch("big") === big) return cy;
    if (cy) cy.destroy();
    cy = cytoscape({
      container: $("graph"), style: graphStyle(big), elements: [],
      minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto",
      motionBlur: false,
    });
    cy.scratch("big", big);
    cy.on("tap", "node", (evt) => onNodeTap(evt.target));
    cy.on("tap", (evt) => { if (evt.target === cy) selectNode(""); });
    window.__diplograph.cy = cy;
    return cy;
  }

  async function loadGraph() {
    const token = ++loadToken;
    $("empty").hidden = Boolean(state.center);
    if (!state.center) {
      if (cy) cy.elements().remove();
      renderPanel();
      return;
    }
    setStatus("Loading the graph…");
    const t0 = performance.now();
    let graph;
    try {
      graph = await api("graph", { center: state.center, depth: state.depth });
      graph = graph.nodes ? graph : (graph.data || { nodes: [], edges: [] });
      for (const id of state.expand) {
        const more = await api("graph", { center: id, depth: 1 });
        mergeInto(graph, more.nodes ? more : more.data || {});
      }
    } catch (err) {
      if (token === loadToken) setStatus("Could not load the graph: " + err.message, true);
      return;
    }
    if (!(graph.nodes || []).some((n) => n.id === state.center)) {
      // an entity with no event yet: show it alone rather than an empty canvas
      if (!names.has(state.center)) {
        const profile = await api("entities/" + encodeURIComponent(state.center)).catch(() => null);
        if (profile && profile.name) names.set(state.center, profile.name);
      }
      graph.nodes = (graph.nodes || []).concat([{ id: state.center, type: typeOf({ id: state.center }),
        name: names.get(state.center) || state.center }]);
    }
    if (token !== loadToken) return; // a newer load started meanwhile
    const elements = toElements(graph);
    const nodeCount = elements.filter((e) => e.group === "nodes").length;
    ensureCy(nodeCount > BIG_GRAPH);
    const tAdd = performance.now();
    const big = nodeCount > BIG_GRAPH;
    // Radial positions from the data: the final layout of big graphs (no layout pass), the
    // deterministic starting point of cose for small ones.
    const nodes = elements.filter((e) => e.group === "nodes");
    const positions = radialPositions(nodes.map((e) => e.data.id),
      elements.filter((e) => e.group === "edges").map((e) => e.data), state.center);
    for (const e of nodes) e.position = positions[e.data.id];
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
      cy.getElementById(state.center).addClass("center");
    });
    timings.addMs = performance.now() - tAdd;
    if (big) {
      const tFit = performance.now();
      fitPositions(cy, elements);
      timings.fitMs = performance.now() - tFit;
      await afterRender(tAdd);
    } else {
      await runLayout();
    }
    if (timings.firstRender === null) timings.firstRender = performance.now();
    timings.graphMs = performance.now() - t0;
    const centerName = names.get(state.center) || state.center;
    if (!$("search").value) $("search").value = centerName;
    const links = elements.length - nodeCount;
    setStatus(nodeCount + (nodeCount === 1 ? " node, " : " nodes, ") + links +
      (links === 1 ? " link" : " links") + " around " + centerName);
    if (state.select && cy.getElementById(state.select).nonempty()) {
      cy.getElementById(state.select).select();
    }
    await renderPanel();
    document.body.dataset.ready = "1";
  }

  function mergeInto(graph, more) {
    graph.nodes = (graph.nodes || []).concat(more.nodes || []);
    graph.edges = (graph.edges || []).concat(more.edges || []);
  }

  /** Click a node: select it (side panel) and expand its neighbours into the view. */
  async function onNodeTap(node) {
    selectNode(node.id());
    const expandable = !["Event", "Article"].includes(node.data("type")); // /graph centres on entities
    if (expandable && !state.expand.includes(node.id()) && node.id() !== state.center) {
      await expandNode(node);
    }
  }

  async function expandNode(node) {
    let more;
    try {
      more = await api("graph", { center: node.id(), depth: 1 });
    } catch (err) {
      setStatus("Could not expand " + node.data("name") + ": " + err.message, true);
      return;
    }
    more = more.nodes ? more : more.data || {};
    const existing = new Set(cy.nodes().map((n) => n.id()));
    const all = toElements({ nodes: (more.nodes || []).concat(cy.nodes().map((n) => ({
      id: n.id(), type: n.data("type"), name: n.data("name") }))), edges: more.edges || [] });
    const add = all.filter((e) => (e.group === "nodes" ? !existing.has(e.data.id)
      : cy.getElementById(e.data.id).empty()));
    state.expand.push(node.id());
    writeState(false);
    if (!add.length) return;
    const fresh = add.filter((e) => e.group === "nodes");
    const p = node.position();
    const r = 60 + 6 * fresh.length;
    fresh.forEach((e, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, fresh.length);
      e.position = { x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) };
    });
    cy.add(add);
    applyFilterDim();
    setStatus(cy.nodes().length + " nodes after expanding " + node.data("name"));
  }

  function selectNode(id) {
    state.select = id || "";
    writeState(false);
    if (cy) {
      cy.nodes(":selected").unselect();
      if (id) cy.getElementById(id).select();
    }
    renderPanel();
  }

  // ---------------------------------------------------------------- filters
  let matchingEvents = null; // Set of event ids matching the filters (null: no filter)

  function applyFilterDim() {
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".dim").removeClass("dim"); // only those: restyling 4,000 elements is not free
      if (!matchingEvents) return;
      const dimEvents = cy.nodes("[type = 'Event']").filter((n) => !matchingEvents.has(n.id()));
      dimEvents.addClass("dim");
      dimEvents.connectedEdges().addClass("dim");
      // other nodes that touch no matching event are dimmed too
      cy.nodes("[type != 'Event']").forEach((n) => {
        if (n.id() === state.center) return;
        const events = n.neighborhood("node[type = 'Event']");
        if (events.nonempty() && events.every((e) => e.hasClass("dim"))) n.addClass("dim");
      });
    });
  }

  function filterParams(person) {
    return { person, topic: state.topic, kind: state.kind, from: state.from, to: state.to };
  }

  // ---------------------------------------------------------------- side panel
  let panelToken = 0;

  async function renderPanel() {
    const token = ++panelToken;
    const panel = $("panel");
    const id = state.select || state.center;
    if (!id) {
      matchingEvents = null;
      panel.replaceChildren(h("div", { class: "hint" },
        h("h2", { text: "Explore the graph" }),
        h("p", { text: "People, countries, organisations, places and events are drawn with " +
          "distinct shapes and colours (see the legend). Click a node to see its details and " +
          "to expand its neighbours." })));
      return;
    }
    const node = cy && cy.getElementById(id).nonempty() ? cy.getElementById(id) : null;
    const type = node ? node.data("type") : typeOf({ id });
    panel.replaceChildren(h("p", { class: "loading", text: "Loading…" }));
    let content;
    try {
      if (type === "Event") content = await eventPanel(id, node);
      else if (type === "Person") content = await personPanel(id);
      else if (type === "Article") content = await articlePanel(id.replace(/^article:/, "article:"));
      else content = await entityPanel(id, type);
    } catch (err) {
      content = h("p", { class: "error", text: "Could not load the details: " + err.message });
    }
    if (token !== panelToken) return;
    panel.replaceChildren(content);
  }

  function panelHeader(id, type, name, extra) {
    const t = TYPES[type] || {};
    return h("header", { class: "panel-head" },
      h("span", { class: "badge", data: { type }, text: t.label || type }),
      h("h2", { dir: "auto", text: name || id }),
      extra || null,
      id !== state.center && type !== "Event" && type !== "Article"
        ? h("button", { type: "button", class: "linkish", onclick: () => setCenter(id, name) ,
          text: "Centre the graph here" })
        : null);
  }

  function entityLink(id, name) {
    return h("a", { href: "?center=" + encodeURIComponent(id), dir: "auto", class: "entity",
      data: { entityId: id }, onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        if (cy && cy.getElementById(id).nonempty()) selectNode(id); else setCenter(id, name);
      } }, name || names.get(id) || id);
  }

  function articleLink(src) {
    const id = src.article_id || src.id;
    const label = src.title || "article " + String(id).replace(/^article:/, "").slice(0, 8);
    return h("a", { href: "articles/" + encodeURIComponent(id), dir: "auto", class: "article-link",
      target: "_blank", rel: "noopener", data: { articleId: id },
      onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        selectNode(id);
      } }, label);
  }

  /** An evidence passage (dir="auto": Arabic reads right to left); long ones fold to a few lines. */
  function evidenceBlock(text, lang) {
    const quote = h("blockquote", { class: "evidence", dir: "auto", lang: lang || null, text });
    if (text.length <= 320) return quote;
    quote.classList.add("clamp");
    const toggle = h("button", { type: "button", class: "linkish small more", "aria-expanded": "false",
      text: "show the whole passage", onclick: () => {
        const open = quote.classList.toggle("clamp") === false;
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? "show less" : "show the whole passage";
      } });
    return h("div", { class: "evidence-wrap" }, quote, toggle);
  }

  function topicChips(topics) {
    return (topics || []).map((t) => {
      const id = typeof t === "string" ? t : t.id;
      const name = typeof t === "string" ? names.get(t) || t : t.name || names.get(id) || id;
      return h("li", { class: "chip" }, entityLink(id, name));
    });
  }

  /** One event as a card: date, kind, counterparts, topics, place, sources with evidence. */
  function eventCard(ev, opts) {
    const counterparts = (ev.counterparts || []).filter((c) => !opts || c.id !== opts.exclude);
    return h("li", { class: "event", data: { eventId: ev.id } },
      h("div", { class: "event-head" },
        h("time", { datetime: ev.date || "", text: ev.date || "date unknown" }),
        h("span", { class: "kind", text: kindLabel(ev.kind) }),
        ev.place_id ? h("span", { class: "place" }, "in ", entityLink(ev.place_id, ev.place_name)) : null,
        h("button", { type: "button", class: "linkish small", onclick: () => selectNode(ev.id),
          "aria-label": "Show this event", text: "event ›" })),
      counterparts.length
        ? h("p", { class: "with" }, opts && opts.exclude ? "with " : "participants: ",
          ...counterparts.flatMap((c, i) => [i ? ", " : "", entityLink(c.id, c.name),
            c.role ? h("span", { class: "role", text: " (" + c.role + ")" }) : null]))
        : null,
      ev.topics && ev.topics.length
        ? h("div", { class: "topics" }, h("span", { text: "about " }), h("ul", { class: "chips" }, topicChips(ev.topics)))
        : null,
      h("ul", { class: "sources" }, (ev.sources || []).map((s) => h("li", { class: "source" },
        evidenceTexts(s).map((t) => evidenceBlock(t, s.lang)),
        h("p", { class: "cite" }, "— ", articleLink(s), s.lang ? h("span", { class: "lang", text: " [" + s.lang + "]" }) : null)))));
  }

  function remember(events, personId, personName) {
    for (const ev of events) {
      const prev = eventCache.get(ev.id);
      const withPerson = ev.counterparts.concat(personId ? [{ id: personId, name: personName, role: ev.role }] : []);
      const merged = prev ? prev : { ...ev, participants: [] };
      for (const p of withPerson) {
        if (p.id && !merged.participants.some((q) => q.id === p.id)) merged.participants.push(p);
      }
      eventCache.set(ev.id, merged);
    }
  }

  async function personPanel(id) {
    const [profile, rows] = await Promise.all([
      api("entities/" + encodeURIComponent(id)).catch(() => ({ id })),
      hasFilters() ? api("meetings", filterParams(id)).then(rowsOf)
        : api("people/" + encodeURIComponent(id) + "/timeline").then(rowsOf),
    ]);
    const name = profile.name || names.get(id) || id;
    names.set(id, name);
    const events = hasFilters() ? meetingsToEvents(rows, id) : rows.map(normaliseTimelineRow);
    remember(events, id, name);
    events.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || String(a.id).localeCompare(String(b.id)));
    if (hasFilters()) {
      matchingEvents = new Set(events.map((e) => e.id));
    } else {
      matchingEvents = null;
    }
    if (id === state.center) applyFilterDim();
    const filterText = describeFilters();
    return h("div", { class: "person" },
      panelHeader(id, "Person", name, aliasList(profile)),
      countsLine(profile),
      h("h3", { text: (hasFilters() ? "Meetings matching the filters" : "Timeline") +
        " (" + events.length + ")" }),
      filterText ? h("p", { class: "filters-note", text: filterText }) : null,
      events.length ? h("ol", { class: "timeline", data: { person: id } }, events.map((ev) => eventCard(ev, { exclude: id })))
        : h("p", { class: "none", text: "No event matches." }));
  }

  function describeFilters() {
    const parts = [];
    if (state.topic) parts.push("about " + (names.get(state.topic) || state.topic));
    if (state.kind) parts.push("kind " + kindLabel(state.kind));
    if (state.from) parts.push("from " + state.from);
    if (state.to) parts.push("to " + state.to);
    return parts.join(", ");
  }

  function aliasList(profile) {
    const aliases = (profile.aliases || []).filter((a) => a !== profile.name);
    if (!aliases.length) return null;
    return h("p", { class: "aliases" }, "also ", ...aliases.flatMap((a, i) => [i ? " · " : "",
      h("span", { dir: "auto", text: a })]));
  }

  function countsLine(profile) {
    const bits = [];
    for (const k of ["events", "counterparts", "articles"]) {
      const n = profile[k];
      if (typeof n === "number") bits.push(n + " " + (n === 1 ? k.slice(0, -1) : k));
    }
    return bits.length ? h("p", { class: "counts", text: bits.join(" · ") }) : null;
  }

  async function entityPanel(id, type) {
    const profile = await api("entities/" + encodeURIComponent(id));
    const name = profile.name || names.get(id) || id;
    const neighbours = cy ? cy.getElementById(id).neighborhood("node") : null;
    return h("div", { class: "entity" },
      panelHeader(id, type, name, aliasList(profile)),
      countsLine(profile),
      neighbours && neighbours.nonempty()
        ? h("div", {}, h("h3", { text: "Linked on screen (" + neighbours.length + ")" }),
          h("ul", { class: "neighbours" }, neighbours.map((n) => h("li", {},
            h("span", { class: "swatch", data: { type: n.data("type") } }), " ",
            entityLink(n.id(), n.data("name"))))))
        : null);
  }

  /** An event: participants, topics, place, date and every article that reported it. */
  async function eventPanel(id, node) {
    let ev = eventCache.get(id);
    if (!ev && node) {
      // Load the timeline of a participant on screen; it carries the event's details.
      const person = node.neighborhood("node[type = 'Person']").first();
      if (person.nonempty()) {
        const rows = rowsOf(await api("people/" + encodeURIComponent(person.id()) + "/timeline"));
        remember(rows.map(normaliseTimelineRow), person.id(), person.data("name"));
        ev = eventCache.get(id);
      }
    }
    const name = (node && node.data("name")) || id;
    if (!ev) {
      return h("div", { class: "event-panel" }, panelHeader(id, "Event", name),
        h("p", { class: "none", text: "No details found for this event." }));
    }
    const participants = ev.participants || ev.counterparts || [];
    const langs = [...new Set((ev.sources || []).map((s) => s.lang).filter(Boolean))];
    return h("div", { class: "event-panel" },
      panelHeader(id, "Event", kindLabel(ev.kind) + (ev.date ? " · " + ev.date : "")),
      h("dl", { class: "facts" },
        h("dt", { text: "Date" }), h("dd", {}, h("time", { datetime: ev.date || "", text: ev.date || "unknown" })),
        h("dt", { text: "Kind" }), h("dd", { text: kindLabel(ev.kind) }),
        h("dt", { text: "Place" }), h("dd", {}, ev.place_id ? entityLink(ev.place_id, ev.place_name) : "not stated"),
        h("dt", { text: "Participants" }), h("dd", {}, h("ul", { class: "plain" }, participants.map((p) =>
          h("li", {}, entityLink(p.id, p.name), p.role ? h("span", { class: "role", text: " (" + p.role + ")" }) : null)))),
        h("dt", { text: "Topics" }), h("dd", {}, h("ul", { class: "chips" }, topicChips(ev.topics)))),
      h("h3", { text: "Reported in " + (ev.sources || []).length + " article(s)" + (langs.length ? " — " + langs.join(", ") : "") }),
      h("ul", { class: "sources" }, (ev.sources || []).map((s) => h("li", { class: "source" },
        evidenceTexts(s).map((t) => evidenceBlock(t, s.lang)),
        h("p", { class: "cite" }, "— ", articleLink(s), s.lang ? h("span", { class: "lang", text: " [" + s.lang + "]" }) : null)))));
  }

  async function articlePanel(id) {
    const status = await api("articles/" + encodeURIComponent(id));
    const x = status.extraction || status; // GET /articles/{id}: {id, status, extraction}
    const art = x.article || { id, title: null };
    const byId = new Map((x.entities || []).map((e) => [e.id, e.name]));
    for (const [k, v] of byId) names.set(k, v);
    return h("div", { class: "article-panel" },
      panelHeader(id, "Article", art.title || "Article " + id.replace(/^article:/, "")),
      h("dl", { class: "facts" },
        h("dt", { text: "Language" }), h("dd", { text: art.lang || "?" }),
        h("dt", { text: "Date" }), h("dd", { text: art.date || "unknown" }),
        art.source ? h("dt", { text: "Source" }) : null, art.source ? h("dd", { dir: "auto", text: art.source }) : null),
      h("p", {}, h("a", { href: "articles/" + encodeURIComponent(id), target: "_blank", rel: "noopener",
        text: "Raw extraction (JSON)" })),
      h("h3", { text: "Events (" + (x.events || []).length + ")" }),
      h("ol", { class: "timeline" }, (x.events || []).map((ev) => eventCard({
        id: ev.id, kind: ev.kind, date: ev.date, place_id: ev.place, place_name: byId.get(ev.place),
        counterparts: (ev.participants || []).map((p) => ({ id: p.entity, name: byId.get(p.entity), role: p.role })),
        topics: (ev.topics || []).map((t) => ({ id: t, name: byId.get(t) || t })),
        sources: [{ article_id: id, title: art.title, lang: art.lang, evidence: ev.evidence }],
      }))));
  }

  // ---------------------------------------------------------------- actions
  function setCenter(id, name) {
    if (name) names.set(id, name);
    state.center = id;
    state.select = "";
    state.expand = [];
    if (name) $("search").value = name;
    const type = typeOf({ id, type: id.split(":")[0] });
    if (type === "Person") $("f-person").value = name || names.get(id) || "";
    writeState(true);
    loadGraph();
  }

  function syncForm() {
    $("depth").value = state.depth;
    $("f-kind").value = state.kind;
    $("f-from").value = state.from;
    $("f-to").value = state.to;
    $("f-topic").value = state.topic ? names.get(state.topic) || state.topic : "";
    const centerIsPerson = state.center && typeOf({ id: state.center }) === "Person";
    $("f-person").value = centerIsPerson ? names.get(state.center) || state.center : "";
  }

  async function resolveNames() {
    // Shared URLs carry ids; show their names in the inputs.
    const ids = [state.center, state.topic].filter(Boolean).filter((id) => !names.has(id));
    await Promise.all(ids.map((id) => api("entities/" + encodeURIComponent(id))
      .then((p) => { if (p && p.name) names.set(id, p.name); }).catch(() => {})));
    syncForm();
    if (state.center) $("search").value = names.get(state.center) || state.center;
  }

  function visibleGraph() {
    if (!cy) return { nodes: [], edges: [] };
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), type: n.data("type"), name: n.data("name") })),
      edges: cy.edges().map((e) => ({ source: e.data("source"), target: e.data("target"), type: e.data("type") })),
    };
  }

  function download(filename, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h("a", { href: url, download: filename });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function fileStem() {
    return "diplograph-" + (state.center || "graph").replace(/[^\w-]+/g, "_");
  }

  function renderLegend() {
    const drawn = Object.entries(TYPES).filter(([type]) => type !== "Article"); // never a node
    $("legend").replaceChildren(...drawn.map(([type, t]) =>
      h("li", {}, h("span", { class: "swatch", data: { type } }), t.label)));
  }

  function bind() {
    const search = searchEntities;
    const onError = (err) => setStatus("Search failed: " + err.message, true);
    combobox($("search"), $("search-list"), { search, onError,
      onPick: (item) => setCenter(item.id, item.name) });
    combobox($("f-person"), $("f-person-list"), { search, onError, types: ["Person"], onPick: (item) => {
      names.set(item.id, item.name);
      $("f-person").dataset.id = item.id;
    } });
    combobox($("f-topic"), $("f-topic-list"), {
      search, onError, types: ["Country", "Organisation", "Location", "Topic"],
      onPick: (item) => { names.set(item.id, item.name); $("f-topic").dataset.id = item.id; applyForm(); },
      onClear: () => { delete $("f-topic").dataset.id; },
    });
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); applyForm(); });
    for (const id of ["f-kind", "f-from", "f-to"]) $(id).addEventListener("change", applyForm);
    $("f-clear").addEventListener("click", () => {
      state.topic = state.kind = state.from = state.to = "";
      delete $("f-topic").dataset.id;
      syncForm();
      writeState(true);
      refreshFilters();
    });
    $("depth").addEventListener("change", () => {
      state.depth = $("depth").value;
      writeState(true);
      loadGraph();
    });
    $("relayout").addEventListener("click", () => { if (cy) runLayout(); });
    $("fit").addEventListener("click", () => { if (cy) cy.fit(undefined, 30); });
    $("dl-json").addEventListener("click", () => download(fileStem() + ".json", "application/json",
      JSON.stringify({ query: Object.fromEntries(new URLSearchParams(location.search)), ...visibleGraph() }, null, 2)));
    $("dl-graphml").addEventListener("click", () => download(fileStem() + ".graphml", "application/xml",
      toGraphML(visibleGraph())));
    window.addEventListener("popstate", () => {
      const before = state;
      state = readState();
      syncForm();
      if (before.center !== state.center || before.depth !== state.depth ||
          before.expand.join() !== state.expand.join()) loadGraph();
      else refreshFilters();
    });
  }

  /** Read the "who met X about Y" form into the state; the answer is GET /meetings. */
  function applyForm() {
    const personId = $("f-person").dataset.id;
    const topicInput = $("f-topic");
    state.topic = topicInput.value.trim() ? topicInput.dataset.id || state.topic : "";
    state.kind = $("f-kind").value;
    for (const [key, id] of [["from", "f-from"], ["to", "f-to"]]) {
      const input = $(id);
      if (!input.checkValidity()) { input.reportValidity(); return; }
      state[key] = input.value.trim();
    }
    if (personId && personId !== state.center) {
      delete $("f-person").dataset.id;
      setCenter(personId, names.get(personId));
      return;
    }
    writeState(true);
    refreshFilters();
  }

  function refreshFilters() {
    if (!hasFilters()) matchingEvents = null;
    applyFilterDim();
    renderPanel();
  }

  async function start() {
    window.__diplograph = { timings, get state() { return state; }, cy: null,
      toGraphML: () => toGraphML(visibleGraph()), visibleGraph };
    renderLegend();
    bind();
    syncForm();
    if (window.matchMedia("(max-width: 760px)").matches && !hasFilters()) $("filters-box").open = false;
    if (!state.center) {
      document.body.dataset.ready = "1";
      renderPanel();
      return;
    }
    await Promise.all([resolveNames(), loadGraph()]);
  }

  if (typeof cytoscape === "undefined") {
    setStatus("The graph library did not load.", true);
    return;
  }
  start();
})();
