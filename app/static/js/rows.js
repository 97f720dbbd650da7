/* API rows to the page's event records (pure functions). */

export const placeId = (r) => r.place_id || (r.place && typeof r.place === "object" ? r.place.id : r.place) || "";

export const placeName = (r) => r.place_name || (r.place && typeof r.place === "object" ? r.place.name : "") || "";

export function normaliseTimelineRow(r) {
  return { id: r.event_id || r.id, kind: r.kind, date: r.date, place_id: placeId(r),
    place_name: placeName(r), role: r.role, counterparts: r.counterparts || r.participants || [],
    topics: r.topics || [], sources: r.sources || [] };
}

/** /meetings rows are one per (counterpart, event): group them into events. */
export function meetingsToEvents(rows, personId) {
  const byEvent = new Map();
  for (const r of rows) {
    const id = r.event_id;
    if (!byEvent.has(id)) {
      byEvent.set(id, { id, kind: r.kind, date: r.date, place_id: placeId(r), place_name: placeName(r),
        topics: r.topics || [], sources: r.sources || [], counterparts: [], role: r.counterpart_role });
    }
    // Each row is one counterpart: `person` {id, name} (or flat person_id/person_name) and its `role`.
    const who = r.person && typeof r.person === "object" ? r.person : { id: r.person_id, name: r.person_name };
    if (who.id && who.id !== personId) {
      byEvent.get(id).counterparts.push({ id: who.id, name: who.name, role: r.role });
    }
  }
  return [...byEvent.values()];
}

export function evidenceTexts(src) {
  const ev = src.evidence;
  if (!ev) return [];
  const list = Array.isArray(ev) ? ev : [ev];
  return list.map((x) => (typeof x === "string" ? x : x && x.text)).filter(Boolean);
}

/** GET /events/{id} (or one /events row) to the page's event record. */
export function normaliseEventDetail(r) {
  const participants = (r.participants || []).map((p) => ({ id: p.id, name: p.name, type: p.type, role: p.role }));
  return { id: r.event_id || r.id, kind: r.kind, date: r.date, place_id: placeId(r),
    place_name: placeName(r), participants, counterparts: participants,
    topics: r.topics || [], sources: r.sources || [] };
}

/** An article extraction's event (GET /articles/{id}) to the page's event record. */
export function normaliseArticleEvent(ev, article, nameOf) {
  const participants = (ev.participants || []).map((p) => ({ id: p.entity, name: nameOf(p.entity), role: p.role }));
  return { id: ev.id, kind: ev.kind, date: ev.date, place_id: ev.place || "", place_name: nameOf(ev.place),
    participants, counterparts: participants,
    topics: (ev.topics || []).map((t) => ({ id: t, name: nameOf(t) })),
    sources: [{ article_id: article.id, title: article.title, lang: article.lang, evidence: ev.evidence }] };
}
