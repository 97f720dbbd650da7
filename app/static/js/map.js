/* The map: countries where the view's events were held (SVG, d3-geo + topojson-client).
 *
 * Shapes: world-atlas countries-110m (Natural Earth), served from static/vendor/; no tile
 * server, nothing fetched from elsewhere. The graph's country ids are ISO 3166-1 alpha-2
 * ("country:DZ"); world-atlas ids are ISO numeric ("012"): iso-codes.json joins them.
 *
 * createMap(root, { onPick }) returns { update(countries, selected) }; countries are
 * { id, name, count } (events held there), selected the country id drawn as selected ("" for
 * none), active the filter's value (default: selected). A click on a country with events (or
 * on its button in the list beside the map) calls onPick(id), or onPick("") when it is active. Countries too small for the 1:110m shapes stay in
 * the list.
 */
import { h } from "./common.js";
import { loadJSON, loadMapLibs } from "./vendor.js";

let world = null; // { features, numericOf: Map alpha2 -> numeric }

async function loadWorld() {
  if (world) return world;
  const [{ topojson }, topology, codes] = await Promise.all([loadMapLibs(),
    loadJSON("static/vendor/countries-110m.json"), loadJSON("static/vendor/iso-codes.json")]);
  const features = topojson.feature(topology, topology.objects.countries).features;
  world = { features, numericOf: new Map(codes.map(([a2, , num]) => [a2, num])) };
  return world;
}

/** "country:DZ" → "012" (ISO numeric, as in world-atlas), or "" when not an ISO alpha-2 id. */
export function numericId(countryId, numericOf) {
  const code = String(countryId || "").replace(/^country:/i, "").toUpperCase();
  return (/^[A-Z]{2}$/.test(code) && numericOf.get(code)) || "";
}

export function createMap(root, { onPick } = {}) {
  let d3 = null;
  let last = { countries: [], selected: "", active: "" };
  const svgHost = h("div", { class: "tm-map-svg" });
  const list = h("ul", { class: "tm-countries", "aria-label": "Countries where events were held" });
  const note = h("p", { class: "tm-note" });
  root.replaceChildren(h("div", { class: "tm-map-row" }, svgHost, list), note);
  let drawnWidth = 0;
  const resize = new ResizeObserver(() => {
    requestAnimationFrame(() => { if (d3 && world && svgHost.clientWidth !== drawnWidth) draw(); });
  });
  resize.observe(svgHost);

  async function update(countries, selected, active) {
    last = { countries: countries || [], selected: selected || "",
      active: active === undefined ? selected || "" : active || "" };
    if (!d3) d3 = (await loadMapLibs()).d3;
    await loadWorld();
    draw();
  }

  const pick = (id) => { if (onPick) onPick(id === last.active ? "" : id); };

  function draw() {
    const { countries, selected } = last;
    drawnWidth = svgHost.clientWidth;
    const width = Math.max(drawnWidth || 0, 240);
    const height = Math.round(Math.min(Math.max(width * 0.45, 120), root.clientWidth > 560 ? 260 : 170));
    const byNumeric = new Map();
    for (const c of countries) {
      const num = numericId(c.id, world.numericOf);
      if (num) byNumeric.set(num, c);
    }
    const withEvents = world.features.filter((f) => byNumeric.has(f.id));
    const projection = d3.geoNaturalEarth1();
    const everything = { type: "FeatureCollection", features: world.features };
    projection.fitExtent([[4, 4], [width - 4, height - 4]], everything);
    const maxScale = projection.scale() * 5; // never closer than a region
    if (withEvents.length) {
      const focus = { type: "FeatureCollection", features: withEvents };
      projection.fitExtent([[24, 16], [width - 24, height - 16]], focus);
      if (projection.scale() > maxScale) {
        projection.scale(maxScale).center(d3.geoCentroid(focus)).translate([width / 2, height / 2]);
      }
    }
    const path = d3.geoPath(projection);
    const max = d3.max(countries, (c) => c.count) || 1;
    const color = d3.scaleSequential([0, max], d3.interpolateRgb("#bfdbfe", "#1d4ed8"));
    const svg = d3.create("svg").attr("width", width).attr("height", height).attr("class", "tm-map")
      .attr("role", "group").attr("aria-label", "Map of the countries where the events were held");
    svg.append("rect").attr("class", "tm-sea").attr("width", width).attr("height", height);
    svg.append("path").attr("class", "tm-graticule").attr("d", path(d3.geoGraticule10()));
    svg.append("g").attr("class", "tm-land").selectAll("path")
      .data(world.features.filter((f) => !byNumeric.has(f.id))).join("path").attr("d", path);
    const hot = svg.append("g").attr("class", "tm-hot").selectAll("path")
      .data(withEvents.map((f) => ({ f, c: byNumeric.get(f.id) })))
      .join("path")
      .attr("d", (d) => path(d.f))
      .attr("fill", (d) => color(d.c.count))
      .attr("class", (d) => "tm-country" + (d.c.id === selected ? " selected" : ""))
      .attr("data-country-id", (d) => d.c.id)
      .attr("tabindex", 0).attr("role", "button")
      .attr("aria-pressed", (d) => String(d.c.id === selected))
      .attr("aria-label", (d) => d.c.name + ": " + d.c.count + " event(s)")
      .on("click", (event, d) => pick(d.c.id))
      .on("keydown", (event, d) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pick(d.c.id); }
      });
    hot.append("title").text((d) => d.c.name + ": " + d.c.count + " event(s)");
    hot.filter((d) => d.c.id === selected).raise();
    svg.append("g").attr("class", "tm-counts").selectAll("text")
      .data(withEvents.filter((f) => path.area(f) > 180).map((f) => ({ f, c: byNumeric.get(f.id) })))
      .join("text")
      .attr("transform", (d) => "translate(" + path.centroid(d.f) + ")")
      .attr("text-anchor", "middle").attr("dy", "0.35em").attr("aria-hidden", "true")
      .text((d) => d.c.count);
    svgHost.replaceChildren(svg.node());

    const ordered = [...countries].sort((a, b) => b.count - a.count ||
      String(a.name).localeCompare(String(b.name)) || String(a.id).localeCompare(String(b.id)));
    list.replaceChildren(...ordered.map((c) => h("li", {},
      h("button", { type: "button", class: "tm-country-btn" + (c.id === selected ? " selected" : ""),
        "aria-pressed": String(c.id === selected), data: { countryId: c.id },
        title: byNumeric.has(numericId(c.id, world.numericOf)) ? null : "Too small for this map's scale",
        onclick: () => pick(c.id) },
      h("span", { class: "tm-dot", style: "background:" + color(c.count) }),
      h("span", { dir: "auto", text: c.name }), " ", h("span", { class: "n", text: String(c.count) })))));
    const total = countries.reduce((n, c) => n + c.count, 0);
    note.textContent = countries.length
      ? total + " event(s) held in " + countries.length + " countr" + (countries.length === 1 ? "y" : "ies") +
        (selected ? "; click the selected country again to show all" : "; click a country to keep its events")
      : "No event in this view has a known place.";
  }

  return { update, destroy() { resize.disconnect(); root.replaceChildren(); } };
}
