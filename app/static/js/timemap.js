/* The "when" and "where" strip under the graph: the time axis and the map of the events on
 * screen, wired to the page through the hooks of app.js (`window.diplograph`).
 *
 * - Data: the events on screen (`onViewChange` → eventIds), read with `eventRecords`.
 * - Time axis: every event on screen; those failing the filters are faded. Brushing sets the
 *   From/To filters (`applyDateFilter`: one history step; the graph dims, the panel follows).
 * - Map: the countries the events were held in (the place itself, or the country a place lies
 *   in, from GET /places), counting the events that pass every filter but "held in"; a click
 *   sets the "held in" filter to that country (`applyPlaceFilter`), a second click clears it.
 */
import { api, h } from "./common.js";
import { failedFilters } from "./filters.js";
import { createMap } from "./map.js";
import { createTimeAxis } from "./timeaxis.js";

const countries = new Map(); // place id -> { id, name } of its country, or null

/** The countries of these places (cached), from GET /places (a batch of ids per request). */
export async function learnPlaces(placeIds) {
  const todo = [...new Set(placeIds)].filter((p) => p && !countries.has(p)).sort();
  for (let i = 0; i < todo.length; i += 100) {
    const chunk = todo.slice(i, i + 100);
    const url = "places?" + chunk.map((id) => "id=" + encodeURIComponent(id)).join("&");
    const rows = await api(url).then((j) => j.data || []).catch(() => []);
    for (const id of chunk) countries.set(id, null);
    for (const r of rows) countries.set(r.id, r.country || null);
  }
}

export const countryOf = (placeId) => (countries.get(placeId) || null);

export function mountTimeMap(host) {
  const section = document.getElementById("timemap");
  if (!section || !host) return null;
  const clearDates = h("button", { type: "button", class: "linkish small", hidden: true,
    text: "all dates", onclick: () => host.applyDateFilter("", "") });
  const clearPlace = h("button", { type: "button", class: "linkish small", hidden: true,
    text: "all countries", onclick: () => host.applyPlaceFilter("") });
  const axisRoot = h("div", { class: "tm-body", id: "time-axis" });
  const mapRoot = h("div", { class: "tm-body", id: "event-map" });
  section.replaceChildren(
    h("div", { class: "tm-pane tm-time" },
      h("h2", { class: "tm-title" }, "When ", clearDates), axisRoot),
    h("div", { class: "tm-pane tm-place" },
      h("h2", { class: "tm-title" }, "Where ", clearPlace), mapRoot));
  const axis = createTimeAxis(axisRoot, {
    onRange: (from, to) => host.applyDateFilter(from, to),
    onPick: (id) => host.select(id),
  });
  const map = createMap(mapRoot, { onPick: (id) => host.applyPlaceFilter(id) });
  let token = 0;

  async function render(view) {
    const t = ++token;
    const state = view.state || host.state;
    section.hidden = !state.center;
    if (!state.center) return;
    const records = await host.eventRecords(view.eventIds || []);
    await learnPlaces(records.map((r) => r.place_id));
    if (t !== token) return;
    const matching = view.matching;
    const events = records.map((r) => ({ id: r.id, date: r.date, kind: r.kind,
      out: Boolean(matching && !matching.has(r.id)) }));
    clearDates.hidden = !(state.from || state.to);
    const placeCountry = state.place && (state.place.startsWith("country:") ? state.place
      : (countryOf(state.place) || {}).id || "");
    clearPlace.hidden = !state.place;
    const butPlace = { ...state, place: "" };
    const nameOf = (id) => id;
    const counts = new Map();
    for (const r of records) {
      const c = r.place_id && (r.place_id.startsWith("country:")
        ? { id: r.place_id, name: r.place_name || r.place_id } : countryOf(r.place_id));
      if (!c || failedFilters(r, butPlace, (p) => (countryOf(p) || {}).id || "", nameOf).length) continue;
      const entry = counts.get(c.id) || { id: c.id, name: c.name || c.id, count: 0 };
      entry.count += 1;
      counts.set(c.id, entry);
    }
    await Promise.all([
      axis.update(events, { from: state.from, to: state.to }),
      map.update([...counts.values()], placeCountry, state.place),
    ]);
    if (t === token) section.dataset.ready = "1";
  }

  const safeRender = (view) => {
    section.dataset.ready = "";
    render(view).catch((err) => {
      section.dataset.ready = "1";
      section.querySelectorAll(".tm-note").forEach((n) => { n.textContent = "Could not draw: " + err.message; });
    });
  };
  host.onViewChange(safeRender);
  if (document.body.dataset.ready === "1") { // the page drew before this module ran
    const cy = window.__diplograph && window.__diplograph.cy;
    const m = window.__diplograph && window.__diplograph.matching;
    safeRender({ state: host.state, eventIds: cy ? cy.nodes("[type = 'Event']").map((n) => n.id()) : [],
      matching: m ? new Set(m) : null });
  }
  return { render: safeRender };
}

if (window.diplograph) mountTimeMap(window.diplograph);
