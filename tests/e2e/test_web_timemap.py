"""When, where and from which article (issue 15): the time axis, the map and the sources panel.

In a real headless Chromium over the seeded app (fixtures of `test_web.py`): brushing the time
axis sets the date filter (the graph dims, the panel lists what GET /meetings answers for those
dates); a click on a country of the map sets the "held in" filter (same check); the article
panel shows each event's evidence highlighted in its paragraph, as GET /sources answers. The
person is chosen from the data (the one with the most dated events), not named here.
Screenshots at 1440×900 and 390×844 go to `tests/output/web/timemap-*.png`.

Also, without a browser: GET /sources and GET /places over the seeded app, and the paragraph
and link rules of `app/routes/sources.py` on texts written for the test.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
from test_web import (  # noqa: F401  (fixtures used by name)
    READY,
    Page,
    _in_browser,
    _wait_panel,
    browser,
    live_url,
)

from app.routes.sources import ELLIPSIS, MAX_PARAGRAPH, outlet_of, passage, title_of, url_of
from ingest.models import Article, Span

pytestmark = [pytest.mark.issue(15)]

# Scroll to a paragraph with text around its highlight (else the first highlight), for the shot.
SHOW_CONTEXT = """() => {
    const ps = [...document.querySelectorAll('#panel .paragraph')];
    const marked = (p) => [...p.querySelectorAll('mark')]
        .reduce((n, m) => n + m.textContent.length, 0);
    const p = ps.find((x) => x.textContent.length > marked(x) + 20) || ps[0];
    if (p) p.scrollIntoView({block: 'center'});
}"""
TIMEMAP_READY = "() => document.getElementById('timemap').dataset.ready === '1'"


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture
def desktop(browser: Any) -> Any:  # noqa: F811
    p = Page(browser, 1440, 900)
    yield p
    p.page.close()
    assert p.errors == [], p.errors


@pytest.fixture
def phone(browser: Any) -> Any:  # noqa: F811
    p = Page(browser, 390, 844)
    yield p
    p.page.close()
    assert p.errors == [], p.errors


@pytest.fixture(scope="module")
def busiest(live_url: str) -> dict[str, Any]:  # noqa: F811
    """The person with the most dated events (GET /events), and their timeline."""
    rows = httpx.get(f"{live_url}/events", params={"limit": 500}).json()["data"]
    dated = Counter(p["id"] for r in rows if r["date"] for p in r["participants"]
                    if p["id"].startswith("person:"))
    person = min(dated, key=lambda pid: (-dated[pid], pid))
    events = httpx.get(f"{live_url}/people/{person}/timeline").json()["data"]
    assert len({r["date"] for r in events if r["date"]}) >= 2, events
    return {"id": person, "events": events}


def _open(p: Page, url: str) -> Any:
    page = p.open(url)
    page.wait_for_function(TIMEMAP_READY, timeout=30_000)
    return page


def _panel_events(page: Any) -> set[str]:
    return set(page.evaluate(
        "() => [...document.querySelectorAll('#panel .event')].map(c => c.dataset.eventId)"))


def _lit_events(page: Any) -> set[str]:
    """Event nodes of the graph that are not dimmed."""
    return set(page.evaluate("() => window.__diplograph.cy.nodes('[type = \"Event\"]')"
                             ".filter(n => !n.hasClass('dim')).map(n => n.id())"))


def _meeting_events(live_url: str, params: dict[str, str]) -> set[str]:  # noqa: F811
    response = httpx.get(f"{live_url}/meetings", params=params)
    assert response.status_code == 200, response.text
    return {m["event_id"] for m in response.json()["data"]}


def _bounds(date: str, end: bool = False) -> str:
    """"2021-10" -> "2021-10-01" (or "2021-10-31" with `end`): string bounds of a partial date."""
    parts = date.split("-")
    if len(parts) == 3:
        return date
    if len(parts) == 2:
        return date + ("-31" if end else "-01")
    return date + ("-12-31" if end else "-01-01")


def _overlaps(date: str | None, lo: str, hi: str) -> bool:
    return bool(date) and _bounds(date) <= _bounds(hi, True) and _bounds(date, True) >= _bounds(lo)


def _settled(page: Any) -> None:
    page.wait_for_function(READY)
    page.wait_for_function(TIMEMAP_READY, timeout=15_000)
    _wait_panel(page)


# -- time axis -------------------------------------------------------------------------------
@_in_browser
def test_web_time_axis_brush_filters_graph_and_panel(desktop: Page, phone: Page, live_url: str,  # noqa: F811
                                                     busiest: dict[str, Any]) -> None:
    """Dragging across the first dates of the axis sets From/To (one history step); the panel
    lists exactly the person's meetings GET /meetings gives for those dates, the graph dims the
    other events, the axis fades them; Back removes the filter."""
    person = busiest["id"]
    page = _open(desktop, f"{live_url}/?center={person}")
    _wait_panel(page)
    desktop.shot("timemap-01-person-desktop")
    marks = page.evaluate("""() => [...document.querySelectorAll('#time-axis .tm-event')].map(g => {
        const b = g.getBoundingClientRect();
        return {id: g.dataset.eventId, date: g.dataset.date, x0: b.left, x1: b.right};
    })""")
    on_axis = {m["id"] for m in marks}
    on_screen = set(page.evaluate(
        "() => window.__diplograph.cy.nodes('[type = \"Event\"]').map(n => n.id())"))
    # the axis shows the dated events on screen: the person's, and their neighbours' at depth 2
    assert {e["event_id"] for e in busiest["events"] if e["date"]} <= on_axis <= on_screen, marks
    first_x = min(m["x0"] for m in marks)
    last_x = max(m["x1"] for m in marks)
    cut = first_x + (last_x - first_x) * 0.35  # from before the first event to a third of the way
    overlay = page.locator("#time-axis .tm-brush .overlay").bounding_box()
    y = overlay["y"] + 4  # above the marks: on the brush overlay
    length = page.evaluate("() => history.length")
    page.mouse.move(first_x - 6, y)
    page.mouse.down()
    page.mouse.move(cut, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => window.diplograph.state.from && window.diplograph.state.to")
    _settled(page)
    state = page.evaluate("() => window.diplograph.state")
    assert page.evaluate("() => history.length") == length + 1
    assert f"from={state['from']}" in page.url and f"to={state['to']}" in page.url
    assert page.input_value("#f-from") == state["from"]
    expected = _meeting_events(live_url, {"person": person, "from": state["from"],
                                          "to": state["to"]})
    assert expected and expected < on_axis, (state, expected)
    assert _panel_events(page) == expected  # the panel lists meetings (events with a counterpart)
    in_range = {m["id"] for m in marks if _overlaps(m["date"], state["from"], state["to"])}
    assert expected <= in_range < on_axis
    assert _lit_events(page) == in_range  # the graph keeps every event of those dates
    faded = set(page.evaluate("() => [...document.querySelectorAll('#time-axis .tm-event.out')]"
                              ".map(g => g.dataset.eventId)"))
    assert faded == on_axis - in_range
    desktop.shot("timemap-02-time-filter-desktop")

    page.go_back()
    page.wait_for_function("() => !window.diplograph.state.from && !window.diplograph.state.to")
    _settled(page)
    assert not page.locator("#time-axis .tm-event.out").count()

    ph = _open(phone, f"{live_url}/?center={person}&from={state['from']}&to={state['to']}")
    _wait_panel(ph)
    ph.locator("#timemap").scroll_into_view_if_needed()
    phone.shot("timemap-02-time-filter-phone")
    ph.evaluate("() => window.scrollTo(0, 0)")
    phone.shot("timemap-01-person-phone")


# -- map -------------------------------------------------------------------------------------
@_in_browser
def test_web_map_click_filters_by_country(desktop: Page, phone: Page, live_url: str,  # noqa: F811
                                          busiest: dict[str, Any]) -> None:
    """A click on the country with the most events sets "held in" to it: the panel lists what
    GET /meetings?place= gives, as many events as the map counted, the graph dims the rest; a
    second click clears the filter. A country in the list under the map filters the same way."""
    person = busiest["id"]
    page = _open(desktop, f"{live_url}/?center={person}")
    counts = page.evaluate("""() => [...document.querySelectorAll('#event-map .tm-country-btn')]
        .map(b => [b.dataset.countryId, +b.querySelector('.n').textContent])""")
    assert counts, "no country on the map"
    drawn = set(page.evaluate("() => [...document.querySelectorAll('#event-map path.tm-country')]"
                              ".map(p => p.dataset.countryId)"))
    country, count = min(((c, n) for c, n in counts if c in drawn), key=lambda cn: (-cn[1], cn[0]))
    page.locator(f"#event-map path.tm-country[data-country-id='{country}']").click()
    page.wait_for_function(f"() => window.diplograph.state.place === '{country}'")
    _settled(page)
    assert f"place={country.replace(':', '%3A')}" in page.url
    expected = _meeting_events(live_url, {"person": person, "place": country})
    assert _panel_events(page) == expected  # the panel lists meetings (events with a counterpart)
    places = {e["place"]["id"] for e in busiest["events"] if e["place"]}
    rows = httpx.get(f"{live_url}/places",
                     params=[("id", p) for p in sorted(places)]).json()["data"]
    there = {r["id"] for r in rows if r["country"] and r["country"]["id"] == country}
    held = {e["event_id"] for e in busiest["events"] if e["place"] and e["place"]["id"] in there}
    assert expected <= held and len(held) == count
    assert _lit_events(page) == held  # the graph keeps every event held there
    selected = f"#event-map path.tm-country.selected[data-country-id='{country}']"
    assert page.locator(selected).count() == 1
    desktop.shot("timemap-03-map-filter-desktop")

    page.locator(f"#event-map path.tm-country[data-country-id='{country}']").click()
    page.wait_for_function("() => !window.diplograph.state.place")
    _settled(page)
    assert _lit_events(page) == set(page.evaluate(
        "() => window.__diplograph.cy.nodes('[type = \"Event\"]').map(n => n.id())"))

    other = min((c for c, _ in counts if c != country), default=None)
    if other:
        page.locator(f"#event-map .tm-country-btn[data-country-id='{other}']").click()
        page.wait_for_function(f"() => window.diplograph.state.place === '{other}'")
        _settled(page)
        assert _panel_events(page) == _meeting_events(live_url, {"person": person, "place": other})

    ph = _open(phone, f"{live_url}/?center={person}&place={country}")
    _wait_panel(ph)
    ph.locator("#event-map").scroll_into_view_if_needed()
    phone.shot("timemap-03-map-filter-phone")


# -- sources ---------------------------------------------------------------------------------
def _marked(passages: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """GET /sources passages as the page shows them: each paragraph once (first-seen order),
    with the texts of its highlights, overlapping ones merged."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for p in passages:
        ranges.setdefault(p["paragraph"], []).append(
            (p["highlight"]["start"], p["highlight"]["end"]))
    out = []
    for text, spans in ranges.items():
        merged: list[list[int]] = []
        for lo, hi in sorted(spans):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        out.append((text, [text[lo:hi] for lo, hi in merged if hi > lo]))
    return out


@_in_browser
def test_web_article_panel_highlights_evidence_in_paragraph(desktop: Page, phone: Page,  # noqa: F811
                                                            live_url: str,  # noqa: F811
                                                            busiest: dict[str, Any]) -> None:
    """The article panel: each event's evidence is a <mark> inside its paragraph, exactly where
    GET /sources/{article}?event= puts it; a local file gets no link; the time line's cards
    trim long evidence at a word boundary with "…" and open the paragraph on demand."""
    person = busiest["id"]
    article = min(s["article_id"] for e in busiest["events"] for s in e["sources"])
    page = _open(desktop, f"{live_url}/?center={person}&select={article}")
    _wait_panel(page)
    page.wait_for_selector("#panel .source mark.hl", timeout=15_000)
    page.wait_for_function("() => !document.querySelector('#panel .loading-inline')")
    items = page.evaluate("""() => [...document.querySelectorAll('#panel .source')].map(li => ({
        article: li.dataset.articleId, event: li.dataset.eventId,
        paragraphs: [...li.querySelectorAll('.paragraph')].map(p => ({text: p.textContent,
            marks: [...p.querySelectorAll('mark.hl')].map(m => m.textContent)})),
        original: li.querySelector('a.original') ? li.querySelector('a.original').href : null}))""")
    assert items and all(i["article"] == article for i in items), items
    for item in items:
        detail = httpx.get(f"{live_url}/sources/{article}", params={"event": item["event"]}).json()
        expected = _marked(detail["passages"])  # one paragraph per text, its evidence marked
        assert [(p["text"], p["marks"]) for p in item["paragraphs"]] == expected
        assert all(p["marks"] and all(m.strip() for m in p["marks"]) for p in item["paragraphs"])
        assert item["original"] == detail["url"]  # None: a local file has no link
    assert page.locator("#panel .source-heading").count() == 1
    page.evaluate(SHOW_CONTEXT)
    desktop.shot("timemap-04-article-evidence-desktop")

    ph = _open(phone, f"{live_url}/?center={person}&select={article}")
    ph.wait_for_selector("#panel .source mark.hl", timeout=15_000)
    ph.evaluate(SHOW_CONTEXT)
    phone.shot("timemap-04-article-evidence-phone")

    # The person's timeline: a card's source opens its paragraph with the evidence marked.
    page = _open(desktop, f"{live_url}/?center={person}")
    _wait_panel(page)
    toggle = page.locator("#panel .event .source button.in-context").first
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.wait_for_selector("#panel .event .source.open mark.hl", timeout=15_000)
    trimmed = page.evaluate("""async () => {
        const { trimWords } = await import('./static/js/sources.js');
        const text = 'The envoys compared notes on river basins, grain corridors and the ' +
            'calendar of the next ministerial round before parting ways.';
        return [text, trimWords(text, 60), trimWords('short enough', 60)];
    }""")
    text, cut, short = trimmed
    assert cut.endswith(ELLIPSIS) and len(cut) <= 61
    body = cut[:-1]
    assert text.startswith(body) and text[len(body)] == " "  # cut between two words
    assert short == "short enough"


# -- the API behind them -----------------------------------------------------------------------
def test_api_sources_and_places(client: Any, seed_extractions: list[Any]) -> None:
    """GET /sources gives the headline/outlet/date of an article and, for an event it reports,
    its evidence in a paragraph; GET /places gives each event place's country."""
    ext = next(x for x in seed_extractions if x.events and x.events[0].evidence)
    event = ext.events[0]
    response = client.get(f"/sources/{ext.article.id}", params={"event": event.id})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["date"] == ext.article.date and body["lang"] == ext.article.lang
    assert len(body["passages"]) == len(event.evidence)
    for shown, span in zip(body["passages"], sorted(event.evidence, key=lambda s: s.start),
                           strict=True):
        lo, hi = shown["highlight"]["start"], shown["highlight"]["end"]
        assert " ".join(span.text.split()) in " ".join(shown["paragraph"][lo:hi].split())
    unknown = client.get(f"/sources/{ext.article.id}", params={"event": "event:0000"})
    assert unknown.status_code == 404
    assert client.get("/sources/article:0000ffff").status_code == 404

    places = sorted({e.place for x in seed_extractions for e in x.events if e.place})
    assert any(p.startswith("location:") for p in places), places
    response = client.get("/places", params=[("id", p) for p in places] + [("id", "location:none")])
    assert response.status_code == 200, response.text
    rows = {r["id"]: r for r in response.json()["data"]}
    assert set(rows) == set(places)
    for x in seed_extractions:
        for ent in x.entities:
            if ent.id in rows and ent.type == "Location" and ent.country:
                assert rows[ent.id]["country"]["id"] == ent.country
            if ent.id in rows and ent.type == "Country":
                assert rows[ent.id]["country"]["id"] == ent.id


TEXT = ("Trade envoys gather in the port city\n"
        "\n"
        "The morning session opened late. The two delegations reviewed the customs "
        "protocol line by line, and the host minister welcomed his counterpart at the harbour "
        "office. Both sides asked their experts for a draft within a month.\n"
        "\n"
        "A closing dinner followed.")


def _span(needle: str, shift: int = 0) -> Span:
    """The span of `needle` in TEXT, its start moved `shift` characters right (mid-word)."""
    at = TEXT.index(needle)
    return Span(text=TEXT[at + shift:at + len(needle)], start=at + shift, end=at + len(needle))


def test_sources_passage_paragraph_and_whole_words() -> None:
    """The paragraph around the evidence, the highlight widened to whole words; a span that
    does not match the text falls back to the evidence alone."""
    span = _span("host minister welcomed his counterpart", shift=3)  # starts mid-word: "t minister"
    got = passage(TEXT, span)
    assert got.paragraph.startswith("The morning session") and got.paragraph.endswith("a month.")
    assert got.paragraph[got.highlight.start:got.highlight.end] == \
        "host minister welcomed his counterpart"
    stale = Span(text="not in the text", start=5, end=20)
    assert passage(TEXT, stale).paragraph == "not in the text"
    assert passage(None, span).paragraph == span.text


def test_sources_passage_long_paragraph_cut_at_words() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    text = words + " the envoys signed the accord " + words
    start = text.index("the envoys")
    span = Span(text="the envoys signed the accord", start=start, end=start + 28)
    got = passage(text, span)
    assert len(got.paragraph) <= MAX_PARAGRAPH + 2
    assert got.paragraph.startswith(ELLIPSIS + "word") and got.paragraph.endswith(ELLIPSIS)
    inner = got.paragraph[1:-1]
    assert inner.split(" ")[0] in words.split(" ") and inner.split(" ")[-1] in words.split(" ")
    assert got.paragraph[got.highlight.start:got.highlight.end] == "the envoys signed the accord"


def test_sources_link_outlet_and_title_rules() -> None:
    web = Article(id="article:00ff", lang="en", source="https://www.example.org/news/1")
    local = Article(id="article:00fe", lang="en", source="/data/in/news-1.txt", text=TEXT)
    assert url_of(web.source) == "https://www.example.org/news/1"
    assert url_of(local.source) is None and url_of("file:///etc/passwd") is None
    assert url_of("javascript:alert(1)") is None
    assert outlet_of(web) == "example.org" and outlet_of(local) is None
    assert title_of(local) == "Trade envoys gather in the port city"
    long = Article(id="article:00fd", lang="en", title="word " * 60)
    title = title_of(long)
    assert title is not None and title.endswith(ELLIPSIS) and "wor…" not in title
