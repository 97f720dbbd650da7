/* The time axis: the events of the view over time (SVG, d3), with a brush that picks dates.
 *
 * createTimeAxis(root, { onRange, onPick }) draws into `root` and returns { update, destroy }.
 * update(events, range): events are { id, date, kind } (date "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD"); range is { from, to } in the same forms ("" for none). A day is a dot; a month
 * or a year known only to that precision is a bar over that period. Brushing calls
 * onRange(from, to) with whole days ("YYYY-MM-DD"), a click outside the brush onRange("", "").
 * A click on an event calls onPick(id). Every text goes in through textContent.
 */
import { h, kindLabel } from "./common.js";
import { loadD3 } from "./vendor.js";

const DAY = 86400000;
export const KIND_COLORS = {
  meeting: "#2563eb", phone_call: "#0891b2", visit: "#16a34a", talks: "#9333ea",
  agreement: "#ea580c", conference: "#db2777", message: "#64748b",
};

/** "2021", "2021-10" or "2021-10-05" → { start, end (exclusive), precision }, UTC; else null. */
export function parsePartialDate(text) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(text || "").trim());
  if (!m) return null;
  const y = +m[1];
  if (m[3]) {
    const start = Date.UTC(y, +m[2] - 1, +m[3]);
    return { start, end: start + DAY, precision: "day" };
  }
  if (m[2]) return { start: Date.UTC(y, +m[2] - 1, 1), end: Date.UTC(y, +m[2], 1), precision: "month" };
  return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1), precision: "year" };
}

export const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Does a partial date overlap [from, to] (partial dates too; "" = open)? */
export function inRange(date, from, to) {
  if (!from && !to) return true;
  const d = parsePartialDate(date);
  if (!d) return false;
  const lo = from ? parsePartialDate(from) : null;
  const hi = to ? parsePartialDate(to) : null;
  return (!lo || d.end > lo.start) && (!hi || d.start < hi.end);
}

/** Greedy lanes: each mark goes in the lowest lane whose last mark ends before it starts. */
function assignLanes(marks, gap, maxLanes) {
  const ends = [];
  for (const m of marks) {
    let lane = ends.findIndex((end) => end + gap <= m.x0);
    if (lane === -1) lane = ends.length < maxLanes ? ends.length : ends.indexOf(Math.min(...ends));
    ends[lane] = Math.max(m.x1, ends[lane] === undefined ? -Infinity : ends[lane]);
    m.lane = lane;
  }
}

export function createTimeAxis(root, { onRange, onPick } = {}) {
  let d3 = null;
  let last = { events: [], range: { from: "", to: "" } };
  const note = h("p", { class: "tm-note" });
  const svgHost = h("div", { class: "tm-axis-svg" });
  root.replaceChildren(svgHost, note);
  let drawnWidth = 0;
  const resize = new ResizeObserver(() => { // redraw on a new width, after layout (no RO loop)
    requestAnimationFrame(() => { if (d3 && svgHost.clientWidth !== drawnWidth) draw(); });
  });
  resize.observe(svgHost);

  async function update(events, range) {
    last = { events: events || [], range: range || { from: "", to: "" } };
    d3 = d3 || await loadD3();
    draw();
  }

  function draw() {
    const { events, range } = last;
    const dated = [];
    let undated = 0;
    for (const ev of events) {
      const d = parsePartialDate(ev.date);
      if (d) dated.push({ ...ev, ...d }); else undated += 1;
    }
    dated.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start) ||
      String(a.id).localeCompare(String(b.id)));
    drawnWidth = svgHost.clientWidth;
    const width = Math.max(drawnWidth || 0, 240);
    const height = 92;
    const margin = { left: 12, right: 12, top: 6, bottom: 22 };
    const svg = d3.create("svg").attr("width", width).attr("height", height)
      .attr("role", "img").attr("class", "tm-axis")
      .attr("aria-label", "Events over time: " + dated.length + " dated event(s)" +
        (range.from || range.to ? ", dates " + (range.from || "…") + " to " + (range.to || "…") : ""));
    svgHost.replaceChildren(svg.node());
    const shown = inRangeCount(dated, range);
    note.textContent = describe(dated.length, shown, undated, range);
    if (!dated.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("class", "tm-empty").text("No dated event in this view");
      return;
    }
    let lo = d3.min(dated, (d) => d.start);
    let hi = d3.max(dated, (d) => d.end);
    const sel = [range.from && parsePartialDate(range.from), range.to && parsePartialDate(range.to)];
    if (sel[0]) lo = Math.min(lo, sel[0].start);
    if (sel[1]) hi = Math.max(hi, sel[1].end);
    const pad = Math.max((hi - lo) * 0.04, 15 * DAY);
    const x = d3.scaleUtc().domain([lo - pad, hi + pad]).range([margin.left, width - margin.right]);
    const plotBottom = height - margin.bottom;
    svg.append("g").attr("class", "tm-ticks").attr("transform", "translate(0," + plotBottom + ")")
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));

    const laneHeight = 11;
    const maxLanes = Math.max(1, Math.floor((plotBottom - margin.top) / laneHeight));
    const marks = dated.map((d) => {
      const x0 = x(d.start);
      const x1 = d.precision === "day" ? x0 : Math.max(x(d.end), x0 + 6);
      return { ...d, x0: d.precision === "day" ? x0 - 5 : x0, x1: d.precision === "day" ? x0 + 5 : x1 };
    });
    assignLanes(marks, 1, maxLanes);

    // The brush first, the marks over it: a drag on the background brushes, a click on a mark picks.
    const brush = d3.brushX().extent([[margin.left, margin.top - 4], [width - margin.right, plotBottom]])
      .on("end", (event) => {
        if (!event.sourceEvent) return; // moved by update(), not by the user
        if (!event.selection) { if (onRange) onRange("", ""); return; }
        const [a, b] = event.selection.map((px) => x.invert(px).getTime());
        const from = isoDay(Math.floor(a / DAY) * DAY);
        const to = isoDay(Math.max(Math.ceil(b / DAY) * DAY - DAY, Math.floor(a / DAY) * DAY));
        if (onRange) onRange(from, to);
      });
    const gBrush = svg.append("g").attr("class", "tm-brush").call(brush);
    gBrush.select(".overlay").attr("aria-hidden", "true");

    const y = (lane) => plotBottom - 7 - lane * laneHeight;
    const active = (d) => inRange(d.date, range.from, range.to);
    const gMarks = svg.append("g").attr("class", "tm-marks");
    const item = gMarks.selectAll("g").data(marks).join("g")
      .attr("class", (d) => "tm-event" + (d.out || !active(d) ? " out" : ""))
      .attr("data-event-id", (d) => d.id).attr("data-date", (d) => d.date)
      .on("click", (event, d) => { if (onPick) onPick(d.id); });
    item.append("title").text((d) => kindLabel(d.kind) + ", " + d.date);
    item.filter((d) => d.precision === "day").append("circle")
      .attr("cx", (d) => d.x0 + 5).attr("cy", (d) => y(d.lane)).attr("r", 4.5)
      .attr("fill", (d) => KIND_COLORS[d.kind] || "#475569");
    item.filter((d) => d.precision !== "day").append("rect")
      .attr("x", (d) => d.x0).attr("width", (d) => d.x1 - d.x0)
      .attr("y", (d) => y(d.lane) - 3.5).attr("height", 7).attr("rx", 3.5)
      .attr("fill", (d) => KIND_COLORS[d.kind] || "#475569").attr("fill-opacity", 0.55);

    if (sel[0] || sel[1]) {
      const a = sel[0] ? sel[0].start : x.domain()[0].getTime();
      const b = sel[1] ? sel[1].end : x.domain()[1].getTime();
      gBrush.call(brush.move, [Math.max(x(a), margin.left), Math.min(x(b), width - margin.right)]);
    }
  }

  function inRangeCount(dated, range) {
    return dated.filter((d) => inRange(d.date, range.from, range.to)).length;
  }

  function describe(total, shown, undated, range) {
    const bits = [];
    if (range.from || range.to) {
      bits.push(shown + " of " + total + " dated event(s) between " + (range.from || "the start") +
        " and " + (range.to || "today"));
    } else {
      bits.push(total + " dated event(s); drag across the axis to filter by date");
    }
    if (undated) bits.push(undated + " without a date (not on the axis)");
    return bits.join(" · ");
  }

  return {
    update,
    destroy() { resize.disconnect(); root.replaceChildren(); },
    get events() { return last.events; },
  };
}
