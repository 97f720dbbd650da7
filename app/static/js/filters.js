/* The page's filters, applied on the client to the events of any view (person, country,
 * organisation, place, event, article): the same rules as GET /meetings (graph/queries.py
 * `_who_met_rows`): kind equal; the event's date range overlaps [from, to] (undated events
 * never match a date filter); `topic` among what the event is about; `place` the place it was
 * held in or that place's country. Event records come from the API once and are cached.
 */

import { kindLabel } from "./common.js";
import { normaliseEventDetail } from "./rows.js";

export const FILTER_KEYS = ["topic", "kind", "from", "to", "place"];

export const hasFilters = (state) => FILTER_KEYS.some((k) => Boolean(state[k]));

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "2021" -> ["2021-01-01", "2021-12-31"], "2021-02" -> ["2021-02-01", "2021-02-29"] (strings compare). */
export function dateBounds(date) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(date || ""));
  if (!m) return null;
  const [, y, mo, d] = m;
  if (d) return [`${y}-${mo}-${d}`, `${y}-${mo}-${d}`];
  if (mo) return [`${y}-${mo}-01`, `${y}-${mo}-${String(DAYS[Number(mo) - 1] || 31).padStart(2, "0")}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/**
 * Why `ev` fails the filters `f` ([] when it matches). `countryOf(placeId)` gives the country
 * of a place (or "" when unknown); `nameOf(id)` a display name.
 */
export function failedFilters(ev, f, countryOf, nameOf) {
  const why = [];
  if (f.kind && ev.kind !== f.kind) why.push("it is a " + kindLabel(ev.kind) + ", not a " + kindLabel(f.kind));
  if (f.from || f.to) {
    const b = dateBounds(ev.date);
    const lo = f.from ? dateBounds(f.from)[0] : "0000";
    const hi = f.to ? dateBounds(f.to)[1] : "9999";
    if (!b) why.push("its date is unknown");
    else if (b[1] < lo) why.push("it is before " + f.from);
    else if (b[0] > hi) why.push("it is after " + f.to);
  }
  if (f.topic && !(ev.topics || []).some((t) => (t.id || t) === f.topic)) {
    why.push("it is not about " + nameOf(f.topic));
  }
  if (f.place) {
    const place = ev.place_id || "";
    if (!place || (place !== f.place && countryOf(place) !== f.place)) {
      why.push(place ? "it was not held in " + nameOf(f.place) : "its place is unknown");
    }
  }
  return why;
}

/** Dim the events on screen outside `matching` (a Set; null: dim nothing), the nodes that
 * touch only dimmed events (never `centerId`), and every link to a dimmed node. */
export function dimOutside(cy, matching, centerId) {
  cy.batch(() => {
    cy.elements(".dim").removeClass("dim"); // only those: restyling 4,000 elements is not free
    if (!matching) return;
    const dimEvents = cy.nodes("[type = 'Event']").filter((n) => !matching.has(n.id()));
    dimEvents.addClass("dim");
    cy.nodes("[type != 'Event']").forEach((n) => {
      if (n.id() === centerId) return;
      const events = n.neighborhood("node[type = 'Event']");
      if (events.nonempty() && events.every((e) => e.hasClass("dim"))) n.addClass("dim");
    });
    cy.nodes(".dim").connectedEdges().addClass("dim"); // no link to a dimmed node stays lit
  });
}

/** What the filters do in this view, in words, or why they cannot do anything. `matching`:
 * the Set of matching events with `total` (events on screen) and `unread` counts. */
export function filterMessage(state, matching, nameOf) {
  const text = describeFilters(state, nameOf);
  if (!state.center) return "Filters (" + text + ") apply to a graph: search a name first.";
  if (!matching || !matching.total) return "Filters (" + text + "): no event on screen to filter.";
  let msg = "Filters (" + text + "): " + matching.size + " of " + matching.total + " events on screen match" +
    (matching.size ? "; the others are dimmed." : " — nothing matches here; everything is dimmed.");
  if (matching.unread) msg += " " + matching.unread + " event(s) could not be read.";
  return msg;
}

/** One line describing the active filters ("kind phone call, from 2021, held in Libya"). */
export function describeFilters(f, nameOf) {
  const parts = [];
  if (f.topic) parts.push("about " + nameOf(f.topic));
  if (f.kind) parts.push("kind " + kindLabel(f.kind));
  if (f.from) parts.push("from " + f.from);
  if (f.to) parts.push("to " + f.to);
  if (f.place) parts.push("held in " + nameOf(f.place));
  return parts.join(", ");
}

/**
 * Event records ({id, kind, date, place_id, participants, topics, sources}) by id: those the
 * page already read (timelines, meetings, articles) and the others from GET /events/{id}, a few
 * requests at a time; `countryOf(place)` once `learnCountries` read it (GET /places).
 */
export function eventStore(api) {
  const records = new Map(); // id -> record read in full (participants, topics, place, sources)
  const loading = new Map(); // id -> promise
  const countries = new Map(); // place id -> country id ("" when none)

  function put(record) {
    if (record && record.id) records.set(record.id, record);
  }

  function load(id) {
    if (records.has(id)) return Promise.resolve(records.get(id));
    if (!loading.has(id)) {
      loading.set(id, api("events/" + encodeURIComponent(id))
        .then((r) => { const rec = normaliseEventDetail(r); put(rec); return rec; })
        .catch(() => null)
        .finally(() => loading.delete(id)));
    }
    return loading.get(id);
  }

  /** Records of `ids` (missing ones fetched, 6 at a time); unknown ids are left out. */
  async function many(ids) {
    const todo = ids.filter((id) => !records.has(id));
    let next = 0;
    const worker = async () => { while (next < todo.length) await load(todo[next++]); };
    await Promise.all(Array.from({ length: Math.min(6, todo.length) }, worker));
    return ids.map((id) => records.get(id)).filter(Boolean);
  }

  function countryOf(placeId) {
    if (!placeId) return "";
    if (placeId.startsWith("country:")) return placeId;
    return countries.get(placeId) || "";
  }

  /** Learn the countries of these places: from `known` LOCATED_IN edges, else GET /places. */
  async function learnCountries(placeIds, known) {
    for (const e of known || []) {
      if (e.type === "LOCATED_IN") countries.set(e.source, e.target);
    }
    const todo = [...new Set(placeIds)].filter((p) => p && !p.startsWith("country:") && !countries.has(p)).sort();
    for (let i = 0; i < todo.length; i += 100) {
      const chunk = todo.slice(i, i + 100);
      const rows = await api("places?" + chunk.map((id) => "id=" + encodeURIComponent(id)).join("&"))
        .then((j) => j.data || []).catch(() => []);
      for (const id of chunk) countries.set(id, "");
      for (const r of rows) countries.set(r.id, (r.country && r.country.id) || "");
    }
  }

  return { records, put, load, many, countryOf, learnCountries };
}
