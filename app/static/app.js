/* diplograph graph explorer: a single page over the JSON API (same origin, no build step).
 *
 * State lives in the query string (center, depth, select, topic, kind, from, to, place,
 * expand), so a URL is shareable, and every step (a search, a node, an edge, an event or an
 * article opened, a filter, an expansion) is its own history entry (pushState): Back and
 * Forward walk exactly the steps and restore the view. Every text that comes from the API is
 * put into the DOM through textContent / createTextNode (see h()), never through innerHTML.
 *
 * Hooks for other modules of the page (time axis, map, sources), on `window.diplograph`:
 *   applyDateFilter(from, to)   set the From/To filters ("YYYY[-MM[-DD]]" or "" to clear); one history step
 *   applyPlaceFilter(id)        set the "held in" filter to a country or place id ("" to clear)
 *   onViewChange(cb)            cb({state, eventIds, matching}) after each view change (graph
 *                               loaded, selection, filters): eventIds = events on screen,
 *                               matching = Set of those passing the filters, or null (no filter)
 *   eventRecords(ids)           Promise of event records {id, kind, date, place_id, place_name,
 *                               participants, topics, sources} (cached; GET /events/{id})
 *   select(id)                  open a node, edge, event or article in the panel (one history step)
 *   state                       a copy of the current state
 */
import { $, TYPES, api, h, setStatus, typeOf } from "./js/common.js";
import { makeCards } from "./js/cards.js";
import { combobox } from "./js/combobox.js";
import { download, shownElements, toGraphML, viewGraph } from "./js/exporter.js";
import { describeFilters, dimOutside, eventStore, failedFilters, filterMessage, hasFilters as anyFilter }
  from "./js/filters.js";
import { graphStyle, toElements } from "./js/elements.js";
import { relabel, showLabel } from "./js/labels.js";
import { fitPositions, radialPositions, stretchToViewport } from "./js/layout.js";
import { edgeText, makePanels } from "./js/panels.js";

(function () {
  "use strict";

  const STATE_KEYS = ["center", "depth", "select", "topic", "kind", "from", "to", "place", "expand"];
  const BIG_GRAPH = 250; // above this many nodes: radial layout only, lighter rendering
  const NARROW = window.matchMedia("(max-width: 760px)"); // phone: the panel stacks under the graph

  const timings = { firstRender: null, lastLayoutMs: null, lastRenderMs: null };
  const names = new Map(); // entity id -> display name (for chips, titles)
  const store = eventStore(api);
  const viewListeners = [];
  let cy = null;
  let state = readState();
  let loadToken = 0;
  let matching = null; // Set of event ids on screen that pass the filters (null: no filter)

  const nameOf = (id) => names.get(id) || id;
  const filtering = () => anyFilter(state);
  const why = (record) => failedFilters(record, state, store.countryOf, nameOf);

  // ---------------------------------------------------------------- state & URL
  function readState() {
    const p = new URLSearchParams(location.search);
    const s = {};
    for (const k of STATE_KEYS) s[k] = p.get(k) || "";
    s.depth = s.depth === "1" ? "1" : "2";
    s.expand = s.expand ? s.expand.split(",").filter(Boolean) : [];
    return s;
  }

  /** Record the state in the URL: a new history entry (each step of the user is one). */
  function writeState() {
    const p = new URLSearchParams();
    for (const k of STATE_KEYS) {
      const v = k === "expand" ? state.expand.join(",") : state[k];
      if (v && !(k === "depth" && v === "2")) p.set(k, v);
    }
    const qs = p.toString();
    const url = location.pathname + (qs ? "?" + qs : "");
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
  }

  // ---------------------------------------------------------------- graph
  const useRadial = () => cy.nodes().length > BIG_GRAPH;

  /** Lay out what is on screen again; resolves when the result is painted. */
  function runLayout() {
    const t0 = performance.now();
    if (useRadial()) {
      const positions = radialPositions(cy.nodes().map((n) => n.id()),
        cy.edges().map((e) => ({ source: e.data("source"), target: e.data("target") })), state.center);
      cy.batch(() => cy.nodes().positions((n) => positions[n.id()]));
      painting = true;
      fitPositions(cy, Object.values(positions).map((position) => ({ position })));
      cy.scratch("autoFit", true);
      timings.lastLayoutMs = performance.now() - t0;
      return afterRender(t0).then((ms) => { painting = false; labelAfterPaint(); return ms; });
    } else {
      if (cy.nodes().every((n) => n.position("x") === 0 && n.position("y") === 0)) {
        cy.nodes().positions((n, i) => ({ x: 50 * Math.cos(i), y: 50 * Math.sin(i) }));
      }
      cy.layout({ name: "cose", animate: false, padding: 30, randomize: false,
        nodeRepulsion: () => 20000, idealEdgeLength: () => 80, numIter: 600, componentSpacing: 60,
        gravity: 0.4, nodeDimensionsIncludeLabels: false, fit: false }).run();
      stretchToViewport(cy);
      fitSmall();
    }
    cy.scratch("autoFit", true);
    labelNow();
    timings.lastLayoutMs = performance.now() - t0;
    return afterRender(t0);
  }

  /** Fit the graph to the screen, without blowing a handful of nodes up. */
  function fitSmall() {
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.5) {
      cy.zoom(1.5);
      cy.center();
    }
  }

  /** The graph's box changed size (a strip opened under it, the window turned): follow it,
   * and fit again unless the user has zoomed or panned since the last layout. */
  function onResize() {
    const box = $("graph");
    if (!cy || (box.clientWidth === cy.width() && box.clientHeight === cy.height())) return;
    cy.resize();
    if (cy.scratch("autoFit") && cy.nodes().nonempty()) {
      if (useRadial()) fitPositions(cy, cy.nodes().map((n) => ({ position: n.position() })));
      else fitSmall();
    }
    labelNow();
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

  let labelTimer = null;
  function labelNow() {
    clearTimeout(labelTimer);
    if (!cy) return;
    const t0 = performance.now();
    const box = $("graph").getBoundingClientRect();
    const obstacles = ["legend", "status", "filter-state"].map((id) => $(id)).filter((el) => !el.hidden)
      .map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0)
      .map((r) => ({ x1: r.left - box.left, x2: r.right - box.left, y1: r.top - box.top, y2: r.bottom - box.top }));
    cy.scratch("labelled", relabel(cy, cy.nodes(".center").union(cy.elements(":selected").connectedNodes())
      .union(cy.nodes(":selected")), obstacles));
    timings.lastLabelMs = performance.now() - t0;
  }
  let painting = false; // a big graph's first paint is on its way: labels wait for it
  const labelSoon = () => { clearTimeout(labelTimer); if (!painting) labelTimer = setTimeout(labelNow, 90); };
  /** Labels of a big graph just after its paint (in a task of their own, not in the frame). */
  const labelAfterPaint = () => new Promise((resolve) => setTimeout(() => { labelNow(); resolve(); }, 0));

  /** A new cytoscape holding `elements` (given to the constructor, listeners bound after:
   * adding 4,000 elements to a graph with listeners costs an event check per element). */
  function newCy(big, elements) {
    if (cy) cy.destroy();
    cy = cytoscape({
      container: $("graph"), style: graphStyle(big), elements,
      minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto",
      motionBlur: false,
    });
    cy.scratch("big", big);
    cy.on("tap", "node", (evt) => onNodeTap(evt.target));
    cy.on("tap", "edge", (evt) => { const id = evt.target.id(); select(id).then(() => revealPanel(id)); });
    cy.on("tap", (evt) => { if (evt.target === cy) select(""); });
    cy.on("mouseover", "node", (evt) => showLabel(cy, evt.target, true));
    cy.on("mouseout", "node", (evt) => showLabel(cy, evt.target, false));
    cy.on("mouseover", "edge", (evt) => edgeTip(evt.target, evt.renderedPosition));
    cy.on("mouseout", "edge", (evt) => edgeTip(null, null, evt.target));
    cy.on("viewport", labelSoon);
    cy.on("scrollzoom pinchzoom dragpan", () => { cy.scratch("autoFit", false); });
    window.__diplograph.cy = cy;
    return cy;
  }

  /** A tooltip over a hovered edge: its relation, role and a hint that a click shows the evidence. */
  function edgeTip(edge, pos, left) {
    const tip = $("edge-tip");
    if (left) left.removeClass("hover");
    if (!edge) { tip.hidden = true; return; }
    edge.addClass("hover");
    const eventEnd = [edge.source(), edge.target()].find((n) => n.data("type") === "Event");
    tip.replaceChildren(h("span", { dir: "auto", text: edgeText(edge, eventEnd ? store.records.get(eventEnd.id()) : null) }),
      h("small", { text: eventEnd ? "click: the evidence" : "click: details" }));
    tip.style.left = Math.round(pos.x + 12) + "px";
    tip.style.top = Math.round(pos.y + 12) + "px";
    tip.hidden = false;
  }

  async function loadGraph() {
    const token = ++loadToken;
    $("empty").hidden = Boolean(state.center);
    if (!state.center) {
      if (cy) cy.elements().remove();
      matching = null;
      showFilterState();
      await renderPanel();
      document.body.dataset.ready = "1";
      notify();
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
    const elements = toElements(graph, names);
    const nodeCount = elements.filter((e) => e.group === "nodes").length;
    const tAdd = performance.now();
    timings.graphAt = tAdd; // the graph's data is in (and turned into elements)
    const big = nodeCount > BIG_GRAPH;
    // Radial positions from the data: the final layout of big graphs (no layout pass), the
    // deterministic starting point of cose for small ones.
    const nodes = elements.filter((e) => e.group === "nodes");
    const positions = radialPositions(nodes.map((e) => e.data.id),
      elements.filter((e) => e.group === "edges").map((e) => e.data), state.center);
    for (const e of nodes) {
      e.position = positions[e.data.id];
      if (e.data.id === state.center) e.classes = "center";
    }
    newCy(big, elements);
    timings.addMs = performance.now() - tAdd;
    if (big) {
      const tFit = performance.now();
      painting = true;
      fitPositions(cy, elements);
      cy.scratch("autoFit", true);
      timings.fitMs = performance.now() - tFit;
      await afterRender(tAdd);
      painting = false;
      labelAfterPaint();
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
    syncSelection();
    await Promise.all([renderPanel(), applyFilters()]);
    if (token !== loadToken) return;
    document.body.dataset.ready = "1";
    notify();
  }

  function mergeInto(graph, more) {
    graph.nodes = (graph.nodes || []).concat(more.nodes || []);
    graph.edges = (graph.edges || []).concat(more.edges || []);
  }

  /** Click a node: select it (side panel) and expand its neighbours into the view: one step. */
  async function onNodeTap(node) {
    const id = node.id();
    const expandable = !["Event", "Article"].includes(node.data("type")); // /graph centres on entities
    const expand = expandable && !state.expand.includes(id) && id !== state.center;
    state.select = id;
    if (expand) state.expand.push(id);
    writeState();
    syncSelection();
    const panel = renderPanel().then(() => revealPanel(id));
    if (expand) await expandNode(node);
    await panel;
    notify();
  }

  async function expandNode(node) {
    let more;
    cy.scratch("moving", true); // until the new ring is in view (tests wait on it)
    try {
      more = await api("graph", { center: node.id(), depth: 1 });
    } catch (err) {
      cy.scratch("moving", false);
      setStatus("Could not expand " + node.data("name") + ": " + err.message, true);
      return;
    }
    more = more.nodes ? more : more.data || {};
    const existing = new Set(cy.nodes().map((n) => n.id()));
    const all = toElements({ nodes: (more.nodes || []).concat(cy.nodes().map((n) => ({
      id: n.id(), type: n.data("type"), name: n.data("name") }))), edges: more.edges || [] }, names);
    const add = all.filter((e) => (e.group === "nodes" ? !existing.has(e.data.id)
      : cy.getElementById(e.data.id).empty()));
    if (!add.length) { keepInView(node.closedNeighborhood().nodes()); return; }
    const fresh = add.filter((e) => e.group === "nodes");
    const p = node.position();
    const r = 60 + 6 * fresh.length;
    fresh.forEach((e, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, fresh.length);
      e.position = { x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) };
    });
    cy.add(add);
    await applyFilters();
    keepInView(node.closedNeighborhood().nodes());
    setStatus(cy.nodes().length + " nodes after expanding " + node.data("name"));
  }

  /** Bring these nodes (a node and its new ring) into view, animated; labels follow. */
  function keepInView(nodes) {
    const bb = nodes.boundingBox({ includeLabels: false });
    const pad = 40;
    const zoom = Math.min(1.5, cy.zoom(), (cy.width() - 2 * pad) / Math.max(1, bb.w),
      (cy.height() - 2 * pad) / Math.max(1, bb.h));
    const pan = { x: cy.width() / 2 - zoom * (bb.x1 + bb.w / 2), y: cy.height() / 2 - zoom * (bb.y1 + bb.h / 2) };
    cy.scratch("moving", true);
    cy.animate({ zoom, pan }, { duration: 250, complete: () => { cy.scratch("moving", false); labelNow(); } });
  }

  /** Open a node, edge, event or article in the panel: one history step. */
  function select(id) {
    if ((id || "") === state.select) return Promise.resolve();
    state.select = id || "";
    writeState();
    syncSelection();
    return renderPanel().then(notify);
  }

  /** On a narrow screen the panel is under the graph, below the fold: after a tap on the graph,
   * scroll its heading to the top of the screen (Back, or its "↑ graph" button, goes up again). */
  function revealPanel(id) {
    const head = $("panel").querySelector(".panel-head");
    if (!NARROW.matches || state.select !== id || !head) return;
    head.scrollIntoView({ block: "start", behavior: scrollBehavior() });
  }
  const scrollBehavior = () => (window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");

  /** The panel header's way back up to the graph (shown on narrow screens only, see app.css). */
  const toGraphButton = () => h("button", { type: "button", class: "to-graph", title: "Back up to the graph",
    onclick: () => document.querySelector(".graph-wrap").scrollIntoView({ block: "start", behavior: scrollBehavior() }) },
  "↑ graph");

  function syncSelection() {
    if (!cy) return;
    cy.elements(":selected").unselect();
    if (state.select && cy.getElementById(state.select).nonempty()) cy.getElementById(state.select).select();
    labelNow();
  }

  // ---------------------------------------------------------------- filters
  let filterToken = 0;

  /** Which events on screen pass the filters (records read once), then dim the others. */
  async function applyFilters() {
    const token = ++filterToken;
    if (!cy || !filtering()) {
      matching = null;
    } else {
      const ids = cy.nodes("[type = 'Event']").map((n) => n.id());
      $("filter-state").textContent = "Filtering " + ids.length + " events…";
      const records = await store.many(ids);
      if (state.place) {
        await store.learnCountries(records.map((r) => r.place_id),
          cy.edges("[type = 'LOCATED_IN']").map((e) => e.data()));
      }
      if (token !== filterToken) return;
      matching = new Set(records.filter((r) => !why(r).length).map((r) => r.id));
      matching.unread = ids.length - records.length;
      matching.total = ids.length;
    }
    dimOutside(cy, matching, state.center);
    showFilterState();
    labelNow();
  }

  /** Say on the graph what the filters do in this view (or why they cannot do anything). */
  function showFilterState() {
    const el = $("filter-state");
    el.textContent = filtering() ? filterMessage(state, matching, nameOf) : "";
    el.hidden = !filtering();
  }

  // ---------------------------------------------------------------- side panel
  const cards = makeCards({ names, select, center: setCenter, onScreen: (id) => Boolean(cy && cy.getElementById(id).nonempty()),
    centerId: () => state.center });
  const panels = makePanels({ cards, names, store, state: () => state, cy: () => cy, why, select,
    filtering, filtersText: () => describeFilters(state, nameOf) });
  let panelToken = 0;

  async function renderPanel() {
    const token = ++panelToken;
    const panel = $("panel");
    const id = state.select || state.center;
    if (!id) {
      panel.replaceChildren(h("div", { class: "hint" },
        h("h2", { text: "Explore the graph" }),
        h("p", { text: "People, countries, organisations, places and events are drawn with " +
          "distinct shapes and colours (see the legend). Click a node to see its details and " +
          "to expand its neighbours; click a link to read the sentence that proves it." })));
      return;
    }
    const el = cy && cy.getElementById(id).nonempty() ? cy.getElementById(id) : null;
    const type = el && el.isNode() ? el.data("type") : typeOf({ id });
    panel.replaceChildren(h("p", { class: "loading", text: "Loading…" }));
    let content;
    try {
      if (el && el.isEdge()) content = await panels.link(el);
      else if (id.includes("|")) content = h("p", { class: "none", text: "This link is not on screen any more." });
      else if (type === "Event") content = await panels.event(id, el);
      else if (type === "Person") content = await panels.person(id);
      else if (id.startsWith("article:")) content = await panels.article(id);
      else content = await panels.entity(id, type);
    } catch (err) {
      content = h("p", { class: "error", text: "Could not load the details: " + err.message });
    }
    if (token !== panelToken) return;
    const head = content.querySelector && content.querySelector(".panel-head");
    if (head) head.prepend(toGraphButton());
    panel.replaceChildren(content);
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
    writeState();
    loadGraph();
  }

  function syncForm() {
    $("depth").value = state.depth;
    $("f-kind").value = state.kind;
    $("f-from").value = state.from;
    $("f-to").value = state.to;
    $("f-topic").value = state.topic ? names.get(state.topic) || state.topic : "";
    $("f-place").value = state.place ? names.get(state.place) || state.place : "";
    $("search").value = state.center ? nameOf(state.center) : "";
    const centerIsPerson = state.center && typeOf({ id: state.center }) === "Person";
    $("f-person").value = centerIsPerson ? names.get(state.center) || state.center : "";
  }

  async function resolveNames() {
    // Shared URLs carry ids; show their names in the inputs.
    const ids = [state.center, state.topic, state.place].filter(Boolean).filter((id) => !names.has(id));
    await Promise.all(ids.map((id) => api("entities/" + encodeURIComponent(id))
      .then((p) => { if (p && p.name) names.set(id, p.name); }).catch(() => {})));
    syncForm();
    if (state.center) $("search").value = names.get(state.center) || state.center;
  }

  /** What is on screen: with filters, only what matches (event records read first). */
  async function shownGraph() {
    if (!cy) return { nodes: [], edges: [] };
    const eles = shownElements(cy, matching);
    await store.many(eles.nodes("[type = 'Event']").map((n) => n.id()));
    return viewGraph(eles, store.records);
  }

  const fileStem = () => "diplograph-" + (state.center || "graph").replace(/[^\w-]+/g, "_");

  function renderLegend() {
    const drawn = Object.entries(TYPES).filter(([type]) => type !== "Article"); // never a node
    $("legend").replaceChildren(...drawn.map(([type, t]) =>
      h("li", {}, h("span", { class: "swatch", data: { type } }), t.label)));
  }

  function bind() {
    const search = (q, type) => api("entities", { q, type, limit: 12 }).then((j) => j.data || []);
    const onError = (err) => setStatus("Search failed: " + err.message, true);
    combobox($("search"), $("search-list"), { search, onError,
      onPick: (item) => setCenter(item.id, item.name) });
    combobox($("f-person"), $("f-person-list"), { search, onError, types: ["Person"], onPick: (item) => {
      names.set(item.id, item.name);
      $("f-person").dataset.id = item.id;
    } });
    for (const [key, types] of [["topic", ["Country", "Organisation", "Location", "Topic"]],
      ["place", ["Country", "Location"]]]) {
      const input = $("f-" + key);
      combobox(input, $("f-" + key + "-list"), { search, onError, types,
        onPick: (item) => { names.set(item.id, item.name); input.dataset.id = item.id; applyForm(); },
        onClear: () => { delete input.dataset.id; } });
    }
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); applyForm(); });
    for (const id of ["f-kind", "f-from", "f-to"]) $(id).addEventListener("change", applyForm);
    $("f-clear").addEventListener("click", () => {
      state.topic = state.kind = state.from = state.to = state.place = "";
      delete $("f-topic").dataset.id;
      delete $("f-place").dataset.id;
      syncForm();
      writeState();
      refreshFilters();
    });
    $("depth").addEventListener("change", () => {
      state.depth = $("depth").value;
      writeState();
      loadGraph();
    });
    $("relayout").addEventListener("click", () => { if (cy) runLayout(); });
    $("fit").addEventListener("click", () => {
      if (cy) { cy.fit(undefined, 30); cy.scratch("autoFit", true); labelNow(); }
    });
    $("dl-json").addEventListener("click", async () => {
      const g = await shownGraph();
      download(fileStem() + ".json", "application/json", JSON.stringify({
        query: Object.fromEntries(new URLSearchParams(location.search)),
        filters: filtering() ? describeFilters(state, nameOf) : "", ...g }, null, 2));
    });
    $("dl-graphml").addEventListener("click", async () => download(fileStem() + ".graphml",
      "application/xml", toGraphML(await shownGraph())));
    window.addEventListener("popstate", () => {
      const before = state;
      state = readState();
      syncForm();
      if (before.center !== state.center || before.depth !== state.depth ||
          before.expand.join() !== state.expand.join()) {
        loadGraph();
      } else {
        syncSelection();
        refreshFilters();
      }
    });
  }

  /** Read the "who met X about Y" form into the state; the answer is GET /meetings. */
  function applyForm() {
    const personId = $("f-person").dataset.id;
    for (const key of ["topic", "place"]) {
      const input = $("f-" + key);
      state[key] = input.value.trim() ? input.dataset.id || state[key] : "";
    }
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
    writeState();
    refreshFilters();
  }

  async function refreshFilters() {
    await Promise.all([applyFilters(), renderPanel()]);
    notify();
  }

  function notify() {
    const payload = { state: { ...state, expand: [...state.expand] },
      eventIds: cy ? cy.nodes("[type = 'Event']").map((n) => n.id()) : [],
      matching: matching ? new Set(matching) : null };
    for (const cb of viewListeners) {
      try { cb(payload); } catch (err) { console.warn("diplograph view listener failed", err); }
    }
  }

  function hooks() {
    const setFilters = (values) => {
      Object.assign(state, values);
      syncForm();
      writeState();
      return refreshFilters();
    };
    return {
      applyDateFilter: (from, to) => setFilters({ from: from || "", to: to || "" }),
      applyPlaceFilter: (id) => setFilters({ place: id || "" }),
      onViewChange: (cb) => { viewListeners.push(cb); },
      eventRecords: (ids) => store.many(ids),
      select,
      get state() { return { ...state, expand: [...state.expand] }; },
    };
  }

  async function start() {
    timings.startAt = performance.now(); // the modules are loaded and run
    window.__diplograph = { timings, get state() { return state; }, cy: null, store,
      get matching() { return matching; }, shownGraph, toGraphML: async () => toGraphML(await shownGraph()) };
    window.diplograph = hooks();
    renderLegend();
    bind();
    if (window.ResizeObserver) new ResizeObserver(() => requestAnimationFrame(onResize)).observe($("graph"));
    syncForm();
    if (NARROW.matches && !filtering()) $("filters-box").open = false;
    if (!state.center) {
      showFilterState();
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
