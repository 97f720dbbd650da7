/* Pieces of the side panel: headers, links, evidence blocks and event cards (text only, h()).
 *
 * `nav` connects them to the page: {names (Map id -> name), select(id), center(id, name),
 * onScreen(id), centerId()}; links change the view through it (each change is a history step).
 */

import { TYPES, h, kindLabel } from "./common.js";
import { sourceItem } from "./sources.js";

export function makeCards(nav) {
  function panelHeader(id, type, name, extra) {
    const t = TYPES[type] || {};
    return h("header", { class: "panel-head" },
      h("span", { class: "badge", data: { type }, text: t.label || type }),
      h("h2", { dir: "auto", text: name || id }),
      extra || null,
      id !== nav.centerId() && TYPES[type] && !["Event", "Article"].includes(type)
        ? h("button", { type: "button", class: "linkish", onclick: () => nav.center(id, name),
          text: "Centre the graph here" })
        : null);
  }

  function entityLink(id, name) {
    return h("a", { href: "?center=" + encodeURIComponent(id), dir: "auto", class: "entity",
      data: { entityId: id }, onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        if (nav.onScreen(id)) nav.select(id); else nav.center(id, name);
      } }, name || nav.names.get(id) || id);
  }

  function articleLink(src) {
    const id = src.article_id || src.id;
    const label = src.title || "article " + String(id).replace(/^article:/, "").slice(0, 8);
    return h("a", { href: "articles/" + encodeURIComponent(id), dir: "auto", class: "article-link",
      target: "_blank", rel: "noopener", data: { articleId: id },
      onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        nav.select(id);
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

  /** The articles reporting event `eventId`: headline, outlet, date, link, evidence in context
   * (js/sources.js); `opts.expanded` opens each paragraph at once (the article panel). */
  function sourceList(sources, eventId, opts) {
    return h("ul", { class: "sources" }, (sources || []).map((s) => sourceItem(s,
      { eventId, expanded: Boolean(opts && opts.expanded), onOpen: nav.select })));
  }

  function topicChips(topics) {
    return (topics || []).map((t) => {
      const id = typeof t === "string" ? t : t.id;
      const name = typeof t === "string" ? nav.names.get(t) || t : t.name || nav.names.get(id) || id;
      return h("li", { class: "chip" }, entityLink(id, name));
    });
  }

  /** One event as a card: date, kind, counterparts, topics, place, sources with evidence. */
  function eventCard(ev, opts) {
    const counterparts = (ev.counterparts || []).filter((c) => !opts || c.id !== opts.exclude);
    const why = opts && opts.why && opts.why.length ? opts.why : null;
    return h("li", { class: "event" + (why ? " nomatch" : ""), data: { eventId: ev.id } },
      h("div", { class: "event-head" },
        h("time", { datetime: ev.date || "", text: ev.date || "date unknown" }),
        h("span", { class: "kind", text: kindLabel(ev.kind) }),
        ev.place_id ? h("span", { class: "place" }, "in ", entityLink(ev.place_id, ev.place_name)) : null,
        h("button", { type: "button", class: "linkish small", onclick: () => nav.select(ev.id),
          "aria-label": "Show this event", text: "event ›" })),
      why ? h("p", { class: "why", text: "Does not match the filters: " + why.join("; ") + "." }) : null,
      counterparts.length
        ? h("p", { class: "with" }, opts && opts.exclude ? "with " : "participants: ",
          ...counterparts.flatMap((c, i) => [i ? ", " : "", entityLink(c.id, c.name),
            c.role ? h("span", { class: "role", text: " (" + c.role + ")" }) : null]))
        : null,
      ev.topics && ev.topics.length
        ? h("div", { class: "topics" }, h("span", { text: "about " }), h("ul", { class: "chips" }, topicChips(ev.topics)))
        : null,
      sourceList(ev.sources, ev.id, opts));
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

  return { panelHeader, entityLink, articleLink, evidenceBlock, sourceList, topicChips, eventCard,
    aliasList, countsLine };
}
