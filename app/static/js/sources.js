/* Sources: where a fact comes from. Headline, outlet, publication date, a link to the original
 * (http(s) only, never a local path), and the evidence highlighted in its paragraph.
 *
 * sourceItem(src, { eventId, expanded, onOpen }) builds one <li class="source"> from an API
 * source ({ article_id, title, lang, date, evidence }): the evidence, trimmed at a word
 * boundary with "…", and its citation; then, once the item scrolls into view, fills in
 * headline, outlet and link from GET /sources/{article_id} (cached per article). "In context" (or `expanded`, the article panel) shows the
 * paragraph from GET /sources/{article_id}?event= with the evidence in a <mark>.
 * articleHeading(articleId) is the article panel's citation block (it also puts the headline in
 * the panel's <h2>). Text goes in through
 * textContent only.
 */
import { api, h } from "./common.js";

export const EVIDENCE_CHARS = 280;
const meta = new Map(); // article id -> Promise of GET /sources/{id}
const passages = new Map(); // "article|event" -> Promise of GET /sources/{id}?event=

/** `text` cut to at most `max` characters at a word boundary, with "…" where it was cut. */
export function trimWords(text, max = EVIDENCE_CHARS) {
  const s = String(text || "").replace(/\s+/g, " ").trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max + 1);
  const space = cut.search(/\s\S*$/); // the last space within the limit
  const body = (space > max * 0.5 ? cut.slice(0, space) : s.slice(0, max)).replace(/[\s,;:–—-]+$/u, "");
  return body + "…";
}

/** A paragraph as text with each evidence range (`highlights`: [{start, end}], or one) in a
 * <mark class="hl">; overlapping ranges are merged. */
export function highlightedParagraph(paragraph, highlights, lang) {
  const text = String(paragraph || "");
  const list = (Array.isArray(highlights) ? highlights : [highlights || { start: 0, end: text.length }])
    .map((r) => [Math.max(0, Math.min(text.length, r.start)), Math.max(0, Math.min(text.length, r.end))])
    .filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged = [];
  for (const [a, b] of list) {
    if (merged.length && a <= merged[merged.length - 1][1]) {
      merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], b);
    } else merged.push([a, b]);
  }
  const parts = [];
  let at = 0;
  for (const [a, b] of merged) {
    parts.push(text.slice(at, a), h("mark", { class: "hl", text: text.slice(a, b) }));
    at = b;
  }
  parts.push(text.slice(at));
  return h("p", { class: "paragraph", dir: "auto", lang: lang || null }, parts.filter((x) => x !== ""));
}

/** Passages that share a paragraph become one paragraph with several highlights (text order). */
export function groupPassages(passages) {
  const byText = new Map();
  for (const p of passages) {
    if (!byText.has(p.paragraph)) byText.set(p.paragraph, []);
    if (p.highlight) byText.get(p.paragraph).push(p.highlight);
  }
  return [...byText].map(([paragraph, highlights]) => ({ paragraph, highlights }));
}

export function sourceMeta(articleId) {
  if (!meta.has(articleId)) {
    meta.set(articleId, api("sources/" + encodeURIComponent(articleId))
      .catch((err) => { meta.delete(articleId); throw err; }));
  }
  return meta.get(articleId);
}

export function sourcePassages(articleId, eventId) {
  const key = articleId + "|" + eventId;
  if (!passages.has(key)) {
    passages.set(key, api("sources/" + encodeURIComponent(articleId), { event: eventId })
      .catch((err) => { passages.delete(key); throw err; }));
  }
  return passages.get(key);
}

const shortId = (id) => "article " + String(id).replace(/^article:/, "").slice(0, 8);

function evidenceOf(src) {
  const ev = src.evidence;
  const list = Array.isArray(ev) ? ev : ev ? [ev] : [];
  return list.map((x) => (typeof x === "string" ? x : x && x.text)).filter(Boolean);
}

/** "outlet · 2021-10-05 · fr" from whatever is known. */
function metaLine(m, src) {
  const bits = [];
  if (m.outlet) bits.push(h("span", { class: "outlet", dir: "auto", text: m.outlet }));
  const date = m.date || src.date;
  if (date) bits.push(h("time", { datetime: date, text: date }));
  const lang = m.lang || src.lang;
  if (lang) bits.push(h("span", { class: "lang", text: lang }));
  return bits.flatMap((b, i) => (i ? [" · ", b] : [b]));
}

function originalLink(url) {
  return url ? h("a", { class: "original", href: url, target: "_blank", rel: "noopener noreferrer",
    title: url, text: "original ↗" }) : null;
}

/** One source of an event: trimmed evidence, citation, and the evidence in its paragraph. */
export function sourceItem(src, { eventId, expanded, onOpen } = {}) {
  const id = src.article_id || src.id;
  const quotes = evidenceOf(src).map((t) => h("blockquote", { class: "evidence", dir: "auto",
    lang: src.lang || null, title: t.length > EVIDENCE_CHARS ? "Shortened; see it in context" : null,
    text: trimWords(t) }));
  const title = h("a", { href: "articles/" + encodeURIComponent(id), class: "article-link",
    dir: "auto", data: { articleId: id }, text: src.title || shortId(id),
    onclick: (e) => {
      if (!onOpen || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      onOpen(id);
    } });
  const metaSpan = h("span", { class: "meta" }, metaLine({}, src));
  const linkSlot = h("span", { class: "link-slot" });
  const context = h("div", { class: "context", hidden: true });
  const toggle = eventId ? h("button", { type: "button", class: "linkish small in-context",
    "aria-expanded": "false", text: "in context", onclick: () => setOpen(context.hidden) }) : null;
  const item = h("li", { class: "source", data: { articleId: id, eventId: eventId || "" } },
    h("div", { class: "quotes" }, quotes),
    context,
    h("p", { class: "cite" }, "— ", title, " ", metaSpan, " ", linkSlot, " ", toggle));

  async function setOpen(open) {
    if (!toggle) return;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "hide context" : "in context";
    context.hidden = !open;
    item.classList.toggle("open", open);
    if (!open || context.dataset.loaded) return;
    context.replaceChildren(h("p", { class: "loading-inline", text: "Loading the paragraph…" }));
    try {
      const detail = await sourcePassages(id, eventId);
      const list = detail.passages && detail.passages.length ? groupPassages(detail.passages)
        : [{ paragraph: evidenceOf(src).join(" "), highlights: null }];
      context.replaceChildren(...list.map((p) => highlightedParagraph(p.paragraph, p.highlights, detail.lang)));
      context.dataset.loaded = "1";
    } catch (err) {
      context.replaceChildren(h("p", { class: "error", text: "Could not load the paragraph: " + err.message }));
    }
  }

  whenVisible(item, () => sourceMeta(id).then((m) => {
    if (m.title) title.textContent = m.title;
    metaSpan.replaceChildren(...metaLine(m, src));
    linkSlot.replaceChildren(...[originalLink(m.url)].filter(Boolean));
  }).catch(() => { /* the citation keeps what the event row gave */ }));
  if (expanded) setOpen(true);
  return item;
}

/* A long timeline has hundreds of sources: each asks for its citation once it scrolls into
 * view (one request per article, cached), not all at once. */
const pending = new WeakMap(); // element -> callback
let observer = null;

function whenVisible(el, callback) {
  if (typeof IntersectionObserver === "undefined") { callback(); return; }
  observer = observer || new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const cb = pending.get(entry.target);
      pending.delete(entry.target);
      if (cb) cb();
    }
  }, { rootMargin: "200px 0px" });
  pending.set(el, callback);
  observer.observe(el);
}

/** The article panel's citation: headline, outlet · date · language, link to the original. */
export function articleHeading(articleId) {
  const box = h("div", { class: "source-heading", data: { articleId } },
    h("p", { class: "loading-inline", text: "Loading the source…" }));
  sourceMeta(articleId).then((m) => {
    const heading = box.closest(".article-panel") && box.closest(".article-panel").querySelector(".panel-head h2");
    if (heading && m.title) heading.textContent = m.title; // the headline, else the first line
    box.replaceChildren(
      h("p", { class: "meta" }, metaLine(m, {}), m.url ? " · " : null, originalLink(m.url)),
      !m.url && m.source ? h("p", { class: "local-source", dir: "auto", title: "A local file (no link)",
        text: "file: " + m.source }) : null);
  }).catch((err) => {
    box.replaceChildren(h("p", { class: "error", text: "Could not load the source: " + err.message }));
  });
  return box;
}
