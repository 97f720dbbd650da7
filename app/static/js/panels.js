/* The side panel's contents, one builder per view: person, other entity, event, article, link.
 * Each says what the active filters do there (match, no match and why, or why they cannot apply).
 *
 * `ctx`: {cards, names, store (filters.eventStore), state(), cy(), why(record) -> reasons the
 * record fails the filters ([] when it matches), filtersText(), filtering()}.
 */

import { api, h, kindLabel, rowsOf } from "./common.js";
import { edgeEvent, roleIn } from "./exporter.js";
import { articleHeading } from "./sources.js";
import { meetingsToEvents, normaliseArticleEvent, normaliseTimelineRow } from "./rows.js";

export const REL_LABELS = {
  PARTICIPATED_IN: "took part in", ABOUT: "was about", HELD_IN: "was held in",
  REPRESENTS: "represents", LOCATED_IN: "is located in", MENTIONS: "mentions", REPORTED_IN: "was reported in",
};

/** "Lamamra — took part in (host) → visit 2021-08-06": an edge in words. */
export function edgeText(edge, record) {
  const type = edge.data("type");
  const role = type === "PARTICIPATED_IN" && record ? roleIn(record, edge.data("source")) : "";
  return edge.source().data("name") + " — " + (REL_LABELS[type] || type) + (role ? " (as " + role + ")" : "") +
    " → " + edge.target().data("name");
}

export function makePanels(ctx) {
  const { cards, names, store } = ctx;
  const filterNote = () => (ctx.filtering()
    ? h("p", { class: "filters-note", text: "Filters: " + ctx.filtersText() }) : null);

  /** Timeline entries of a person become event records (the person added as a participant). */
  function remember(events, personId, personName) {
    for (const ev of events) {
      const prev = store.records.get(ev.id);
      const merged = prev || { ...ev, participants: [] };
      const all = ev.counterparts.concat(personId ? [{ id: personId, name: personName, role: ev.role }] : []);
      for (const p of all) {
        if (p.id && !merged.participants.some((q) => q.id === p.id)) merged.participants.push(p);
      }
      store.put(merged);
    }
  }

  async function person(id) {
    const filtering = ctx.filtering();
    const s = ctx.state();
    const [profile, timeline, meetings] = await Promise.all([
      api("entities/" + encodeURIComponent(id)).catch(() => ({ id })),
      api("people/" + encodeURIComponent(id) + "/timeline").then(rowsOf),
      filtering ? api("meetings", { person: id, topic: s.topic, kind: s.kind, from: s.from, to: s.to,
        place: s.place }).then(rowsOf) : null,
    ]);
    const name = profile.name || names.get(id) || id;
    names.set(id, name);
    remember(timeline.map(normaliseTimelineRow), id, name);
    const events = filtering ? meetingsToEvents(meetings, id) : timeline.map(normaliseTimelineRow);
    events.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || String(a.id).localeCompare(String(b.id)));
    return h("div", { class: "person" },
      cards.panelHeader(id, "Person", name, cards.aliasList(profile)),
      cards.countsLine(profile),
      h("h3", { text: (filtering ? "Meetings matching the filters" : "Timeline") + " (" + events.length + ")" }),
      filterNote(),
      events.length ? h("ol", { class: "timeline", data: { person: id } }, events.map((ev) => cards.eventCard(ev, { exclude: id })))
        : h("p", { class: "none", text: filtering ? "No meeting of " + name + " matches the filters." : "No event." }));
  }

  /** Events on screen around a country, organisation, place or topic; with filters, those matching. */
  async function entity(id, type) {
    const profile = await api("entities/" + encodeURIComponent(id));
    const name = profile.name || names.get(id) || id;
    const cy = ctx.cy();
    const node = cy ? cy.getElementById(id) : null;
    const neighbours = node && node.nonempty() ? node.neighborhood("node") : null;
    const eventIds = neighbours ? neighbours.filter("[type = 'Event']").map((n) => n.id()) : [];
    const records = await store.many(eventIds);
    records.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || String(a.id).localeCompare(String(b.id)));
    const shown = ctx.filtering() ? records.filter((r) => !ctx.why(r).length) : records;
    return h("div", { class: "entity" },
      cards.panelHeader(id, type, name, cards.aliasList(profile)),
      cards.countsLine(profile),
      h("h3", { text: (ctx.filtering() ? "Events on screen matching the filters" : "Events on screen") +
        " (" + shown.length + (ctx.filtering() ? " of " + records.length : "") + ")" }),
      filterNote(),
      shown.length ? h("ol", { class: "timeline" }, shown.map((ev) => cards.eventCard(ev)))
        : h("p", { class: "none", text: records.length ? "No event linked to " + name + " on screen matches the filters."
          : "No event linked to " + name + " on screen." }),
      neighbours && neighbours.filter("[type != 'Event']").nonempty()
        ? h("div", {}, h("h3", { text: "Linked on screen" }),
          h("ul", { class: "neighbours" }, neighbours.filter("[type != 'Event']").map((n) => h("li", {},
            h("span", { class: "swatch", data: { type: n.data("type") } }), " ",
            cards.entityLink(n.id(), n.data("name"))))))
        : null);
  }

  /** An event: participants, topics, place, date and every article that reported it. */
  async function event(id, node) {
    const ev = await store.load(id);
    const name = (node && node.data("name")) || id;
    if (!ev) {
      return h("div", { class: "event-panel" }, cards.panelHeader(id, "Event", name),
        h("p", { class: "none", text: "No details found for this event." }));
    }
    const participants = ev.participants || [];
    const langs = [...new Set((ev.sources || []).map((s) => s.lang).filter(Boolean))];
    const why = ctx.filtering() ? ctx.why(ev) : [];
    return h("div", { class: "event-panel" },
      cards.panelHeader(id, "Event", kindLabel(ev.kind) + (ev.date ? " · " + ev.date : "")),
      ctx.filtering() ? h("p", { class: "filters-note " + (why.length ? "nomatch" : "match"),
        text: why.length ? "Does not match the filters (" + ctx.filtersText() + "): " + why.join("; ") + "."
          : "Matches the filters (" + ctx.filtersText() + ")." }) : null,
      h("dl", { class: "facts" },
        h("dt", { text: "Date" }), h("dd", {}, h("time", { datetime: ev.date || "", text: ev.date || "unknown" })),
        h("dt", { text: "Kind" }), h("dd", { text: kindLabel(ev.kind) }),
        h("dt", { text: "Place" }), h("dd", {}, ev.place_id ? cards.entityLink(ev.place_id, ev.place_name) : "not stated"),
        h("dt", { text: "Participants" }), h("dd", {}, h("ul", { class: "plain" }, participants.map((p) =>
          h("li", {}, cards.entityLink(p.id, p.name), p.role ? h("span", { class: "role", text: " (" + p.role + ")" }) : null)))),
        h("dt", { text: "Topics" }), h("dd", {}, h("ul", { class: "chips" }, cards.topicChips(ev.topics)))),
      h("h3", { text: "Reported in " + (ev.sources || []).length + " article(s)" + (langs.length ? " — " + langs.join(", ") : "") }),
      cards.sourceList(ev.sources, ev.id));
  }

  async function article(id) {
    const status = await api("articles/" + encodeURIComponent(id));
    const x = status.extraction || status; // GET /articles/{id}: {id, status, extraction}
    const art = x.article || { id, title: null };
    const byId = new Map((x.entities || []).map((e) => [e.id, e.name]));
    for (const [k, v] of byId) names.set(k, v);
    const nameOf = (e) => byId.get(e) || names.get(e) || e || "";
    const events = (x.events || []).map((ev) => normaliseArticleEvent(ev, { ...art, id }, nameOf));
    for (const ev of events) if (!store.records.has(ev.id)) store.put(ev);
    const filtering = ctx.filtering();
    const matching = events.filter((ev) => !ctx.why(ev).length).length;
    return h("div", { class: "article-panel" },
      cards.panelHeader(id, "Article", art.title || "Article " + id.replace(/^article:/, "")),
      articleHeading(id), // headline, outlet, date, language, link to the original (js/sources.js)
      h("p", {}, h("a", { href: "articles/" + encodeURIComponent(id), target: "_blank", rel: "noopener",
        text: "Raw extraction (JSON)" })),
      h("h3", { text: "Events (" + (filtering ? matching + " of " + events.length + " match the filters" : events.length) + ")" }),
      filterNote(),
      h("ol", { class: "timeline" }, events.map((ev) => cards.eventCard({ ...ev,
        counterparts: ev.participants, sources: ev.sources }, { why: filtering ? ctx.why(ev) : null,
        expanded: true }))));
  }

  /** A link of the graph: what it says, the role, and the evidence of its event. */
  async function link(edge) {
    const type = edge.data("type");
    const eventId = edgeEvent(edge);
    const ev = eventId ? await store.load(eventId) : null;
    const other = eventId && edge.data("source") === eventId ? edge.data("target") : edge.data("source");
    const role = type === "PARTICIPATED_IN" ? roleIn(ev, other) : "";
    const why = ev && ctx.filtering() ? ctx.why(ev) : [];
    return h("div", { class: "link-panel" },
      h("header", { class: "panel-head" }, h("span", { class: "badge", text: "Link" }),
        h("h2", { dir: "auto", text: edgeText(edge, ev) })),
      h("dl", { class: "facts" },
        h("dt", { text: "Relation" }), h("dd", { class: "rel", text: (REL_LABELS[type] || type) + " (" + type + ")" }),
        role ? h("dt", { text: "Role" }) : null, role ? h("dd", { class: "rel-role", text: role }) : null,
        h("dt", { text: "From" }), h("dd", {}, cards.entityLink(edge.data("source"), edge.source().data("name"))),
        h("dt", { text: "To" }), h("dd", {}, cards.entityLink(edge.data("target"), edge.target().data("name"))),
        ev ? h("dt", { text: "Event" }) : null,
        ev ? h("dd", {}, h("button", { type: "button", class: "linkish", onclick: () => ctx.select(ev.id),
          text: kindLabel(ev.kind) + (ev.date ? " · " + ev.date : "") })) : null),
      ctx.filtering() && ev ? h("p", { class: "filters-note", text: why.length
        ? "Its event does not match the filters: " + why.join("; ") + "." : "Its event matches the filters." }) : null,
      ev ? h("h3", { text: "Evidence (" + (ev.sources || []).length + " article(s))" }) : null,
      ev ? cards.sourceList(ev.sources, ev.id)
        : h("p", { class: "none", text: "The store keeps no sentence for a “" + (REL_LABELS[type] || type) +
          "” link: it is read from the articles that name both ends. Open either end to read them." }));
  }

  return { person, entity, event, article, link };
}
