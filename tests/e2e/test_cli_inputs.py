"""Inputs end to end: `diplograph ingest URL…`, `diplograph watch FEED…`, saved pages and
refused formats, against pages and feeds served on loopback by a real HTTP server (files written
by the tests), on the real pipeline and a tmp LadybugDB.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.fetch import USER_AGENT, FetchConfig, fetch, read_url
from app.services import Services
from app.settings import Settings
from app.watch import seen_items
from ingest.errors import FetchFailed, UnreadableFeed
from ingest.feeds import parse_feed

SLOW_SECONDS = 3.0


class _Handler(SimpleHTTPRequestHandler):
    """Serves the test's folder; `/slow…` answers after SLOW_SECONDS; records User-Agents."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.server.agents.append(self.headers.get("User-Agent", ""))  # type: ignore[attr-defined]
        if self.path.startswith("/slow"):
            time.sleep(SLOW_SECONDS)
        try:
            super().do_GET()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass


class Site:
    """A real HTTP server on 127.0.0.1 serving the files of `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=root))
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.server.agents = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def write(self, path: str, content: str) -> str:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        return self.url(path)

    @property
    def agents(self) -> list[str]:
        return self.server.agents  # type: ignore[attr-defined,no-any-return]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def news_page(*, lang: str, title: str, site: str, published: str | None,
              paragraphs: list[str]) -> str:
    direction = ' dir="rtl"' if lang == "ar" else ""
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"{direction}><head><meta charset="utf-8">'
            f'<title>{title} - {site}</title><meta property="og:title" content="{title}">'
            f'<meta property="og:site_name" content="{site}">{date}</head><body>'
            '<header><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/eco">Éco</a>'
            f"</header><main><article><h1>{title}</h1>{body}</article></main>"
            "<footer><p>Tous droits réservés. Mentions légales. Newsletter.</p></footer>"
            "</body></html>")


FR = {
    "lang": "fr", "title": "Le chef de la diplomatie malienne reçu à Nouakchott",
    "site": "Le Courrier du Fleuve", "published": "2022-06-09T07:00:00Z", "paragraphs": [
        "Le ministre des Affaires étrangères Amadou Keïta a été reçu mercredi à Nouakchott par "
        "son homologue Mariem Ould Brahim.",
        "Les deux ministres ont parlé de la sécurité des frontières et du commerce du bétail "
        "entre leurs pays, a indiqué un communiqué."]}
AR = {
    "lang": "ar", "title": "وزيرة الخارجية تلتقي نظيرها في الرباط",
    "site": "جريدة المساء الجديد", "published": "2023-01-15", "paragraphs": [
        "التقت وزيرة الخارجية هدى السالمي يوم الأحد في الرباط نظيرها كريم بنعلي، وناقش "
        "الطرفان ملفات الطاقة والنقل البحري.",
        "وأكد الوزيران في ختام اللقاء على أهمية مواصلة التشاور بين البلدين."]}
EN = {
    "lang": "en", "title": "Nordic and Baltic ministers meet in Tallinn",
    "site": "The Morning Ledger", "published": "2021-11-23", "paragraphs": [
        "Foreign Minister Ingrid Solberg met her Estonian counterpart Kaarel Tamm in Tallinn on "
        "Tuesday to discuss undersea cables and energy security.",
        "The ministers agreed to hold further talks on regional defence in the new year, their "
        "offices said in a joint statement."]}


def rss(title: str, items: list[dict[str, str]]) -> str:
    entries = "".join(
        "<item>" + (f"<title>{i['title']}</title>" if "title" in i else "")
        + (f"<link>{i['link']}</link>" if "link" in i else "")
        + (f"<guid>{i['guid']}</guid>" if "guid" in i else "")
        + (f"<pubDate>{i['date']}</pubDate>" if "date" in i else "")
        + (f"<description><![CDATA[{i['content']}]]></description>" if "content" in i else "")
        + "</item>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://127.0.0.1/</link><description>test feed"
            f"</description>{entries}</channel></rss>")


def atom(title: str, entries: list[dict[str, str]]) -> str:
    body = "".join(
        f"<entry><id>{e['id']}</id><title>{e['title']}</title>"
        f'<link href="{e["link"]}"/><updated>{e["updated"]}</updated>'
        f'<content type="html"><![CDATA[{e.get("content", "")}]]></content></entry>'
        for e in entries)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>urn:test:feed</id><updated>2023-01-01T00:00:00Z</updated>"
            f"{body}</feed>")


def settings_for(data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]


def invoke(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(cli_app, args, env=env)


def article_meta(data_dir: Path, article_id: str) -> dict[str, Any] | None:
    services = Services(settings_for(data_dir), read_only=True)
    try:
        rows = services.store.run("article_meta", id=article_id)
        return rows[0] if rows else None
    finally:
        services.close()


def flat(output: str) -> str:
    """CLI output with rich's box borders and line wraps removed."""
    return " ".join(output.replace("│", " ").split())


def count(pattern: str, output: str) -> int:
    m = re.search(pattern + r"\W+(\d+)", output)
    assert m, output
    return int(m.group(1))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("site"))
    yield served
    served.close()


@pytest.fixture(scope="module")
def ingested_urls(site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`diplograph ingest` of a fr page, an ar page, a missing page and a PDF, once."""
    urls = {"fr": site.write("fr/courrier.html", news_page(**FR)),
            "ar": site.write("ar/massa.html", news_page(**AR)),
            "missing": site.url("nowhere.html"),
            "pdf": site.write("doc/report.pdf", "%PDF-1.4 not an article")}
    data = tmp_path_factory.mktemp("inputs") / "data"
    env = {"DIPLOGRAPH_DATA_DIR": str(data), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    result = invoke(["ingest", urls["fr"], urls["ar"], urls["missing"], urls["pdf"]], env)
    raws = {lang: read_url(urls[lang]) for lang in ("fr", "ar")}
    return {"urls": urls, "env": env, "data": data, "result": result, "raws": raws}


# -- ingest URL ------------------------------------------------------------------------------

def test_cli_ingest_url_reads_pages_and_lists_failures(ingested_urls: dict[str, Any]) -> None:
    result, urls = ingested_urls["result"], ingested_urls["urls"]
    assert result.exit_code == 1, result.output  # two addresses failed
    assert count("articles ingested", result.output) == 2
    assert count("failures", result.output) == 2
    assert f"failed: {urls['missing']}" in result.output
    assert "HTTP 404" in result.output
    assert f"failed: {urls['pdf']}" in result.output and "unsupported_format" in result.output
    assert count("events added", result.output) >= 1


@pytest.mark.parametrize(("lang", "spec", "date"), [("fr", FR, "2022-06-09"),
                                                    ("ar", AR, "2023-01-15")])
def test_cli_ingest_url_article_has_source_title_date_outlet(
        ingested_urls: dict[str, Any], lang: str, spec: dict[str, Any], date: str) -> None:
    raw = ingested_urls["raws"][lang]
    meta = article_meta(ingested_urls["data"], raw.id)
    assert meta is not None, f"{lang} article not in the store"
    assert meta["source"] == ingested_urls["urls"][lang]
    assert meta["title"] == spec["title"]
    assert meta["date"] == date
    assert meta["lang"] == lang
    assert meta["outlet"] == raw.outlet == spec["site"]
    assert "Mentions légales" not in raw.text and spec["paragraphs"][0] in raw.text


def test_cli_ingest_again_says_already_ingested(ingested_urls: dict[str, Any],
                                                tmp_path: Path) -> None:
    urls = ingested_urls["urls"]
    saved = tmp_path / "saved copy.html"  # the ar page saved from a browser: same text
    saved.write_text(news_page(**AR), encoding="utf-8")
    started = time.monotonic()
    result = invoke(["ingest", urls["fr"], str(saved)], ingested_urls["env"])
    assert result.exit_code == 0, result.output
    assert f"already ingested: {urls['fr']}" in result.output
    assert f"already ingested: {saved}" in result.output
    assert count("articles ingested", result.output) == 0
    assert count("already ingested", result.output) == 2
    assert time.monotonic() - started < 60  # nothing extracted


def test_cli_ingest_same_text_as_txt_is_already_ingested(ingested_urls: dict[str, Any],
                                                         tmp_path: Path) -> None:
    text = ingested_urls["raws"]["fr"].text
    copy = tmp_path / "copied.txt"  # the page's text pasted into a file, CRLF line ends
    copy.write_bytes(("\r\n".join(text.splitlines()) + "\r\n\r\n").encode("utf-8"))
    result = invoke(["ingest", str(copy)], ingested_urls["env"])
    assert result.exit_code == 0, result.output
    assert f"already ingested: {copy}" in flat(result.output)
    assert count("articles ingested", result.output) == 0


def test_cli_ingest_unchanged_file_is_skipped(tmp_path: Path) -> None:
    article = tmp_path / "brief.txt"
    article.write_text("date 2024-05-06\nLe ministre des Affaires étrangères Paul Girard a "
                       "rencontré lundi à Genève son homologue Anna Berg pour parler du climat.",
                       encoding="utf-8")
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    first = invoke(["ingest", str(article)], env)
    assert first.exit_code == 0, first.output
    assert count("articles ingested", first.output) == 1
    assert "already ingested:" not in first.output
    again = invoke(["ingest", str(tmp_path)], env)
    assert again.exit_code == 0, again.output
    assert f"already ingested: {article}" in flat(again.output)
    assert count("articles ingested", again.output) == 0
    forced = invoke(["ingest", "--force", str(article)], env)
    assert forced.exit_code == 0, forced.output
    assert count("articles ingested", forced.output) == 1
    assert count("events added", forced.output) == 0


def test_fetch_sends_a_user_agent_and_times_out_clearly(site: Site) -> None:
    site.write("slow/page.html", news_page(**EN))
    before = len(site.agents)
    with pytest.raises(FetchFailed, match=r"no answer within 0\.5 s") as info:
        fetch(site.url("slow/page.html"), FetchConfig(timeout=0.5))
    assert info.value.code == "fetch_failed" and "slow/page.html" in str(info.value)
    assert site.agents[before:] == [USER_AGENT]
    assert USER_AGENT.startswith("diplograph/")


def test_fetch_refused_connection_and_too_large(site: Site) -> None:
    with pytest.raises(FetchFailed, match="cannot connect"):
        fetch("http://127.0.0.1:9/article.html", FetchConfig(timeout=2))
    big = site.write("big.html", "<html><body>" + "<p>word</p>" * 2000 + "</body></html>")
    with pytest.raises(FetchFailed, match="larger than 1,000 bytes"):
        fetch(big, FetchConfig(max_bytes=1000))


def test_parse_feed_refuses_a_web_page(site: Site) -> None:
    url = site.write("notafeed.html", news_page(**EN))
    with pytest.raises(UnreadableFeed, match="not an RSS or Atom feed"):
        parse_feed(fetch(url))


def test_cli_ingest_refuses_docx_and_bad_scheme(tmp_path: Path) -> None:
    doc = tmp_path / "note.docx"
    doc.write_text("Le ministre a reçu son homologue à Alger mardi pour parler d'énergie.",
                   encoding="utf-8")
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    result = invoke(["ingest", str(doc)], env)
    assert result.exit_code == 1, result.output
    assert "unsupported_format" in result.output and "note.docx" in result.output
    assert count("articles ingested", result.output) == 0
    result = invoke(["ingest", "ftp://example.org/a.html"], env)
    assert result.exit_code == 2 and "only http:// and https://" in flat(result.output)


# -- watch -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def watched(site: Site, ingested_urls: dict[str, Any]) -> dict[str, Any]:
    """An RSS feed (a new en page, an item whose page is gone but which carries its text, the
    fr page ingested above) and an Atom feed (the ar page), watched --once twice."""
    urls = ingested_urls["urls"]
    fallback_text = ("<p>La présidente Lucie Marchand s'est entretenue jeudi au téléphone avec "
                     "le premier ministre Paulo Mendes.</p><p>Ils ont évoqué la pêche et les "
                     "liaisons aériennes entre leurs deux pays.</p>")
    en_url = site.write("en/ledger.html", news_page(**EN))
    rss_url = site.write("feeds/rss.xml", rss("Le Courrier du Fleuve", [
        {"title": EN["title"], "link": en_url, "guid": "urn:item:en",
         "date": "Tue, 23 Nov 2021 08:00:00 GMT", "content": "Short teaser."},
        {"title": "Entretien téléphonique", "link": site.url("gone/call.html"),
         "guid": "urn:item:call", "date": "Thu, 02 Mar 2023 10:00:00 GMT",
         "content": fallback_text},
        {"title": FR["title"], "link": urls["fr"], "guid": "urn:item:fr"}]))
    atom_url = site.write("feeds/atom.xml", atom("المساء", [
        {"id": "urn:item:ar", "title": AR["title"], "link": urls["ar"],
         "updated": "2023-01-15T09:00:00Z"}]))
    env = ingested_urls["env"]
    first = invoke(["watch", "--once", rss_url, atom_url], env)
    second = invoke(["watch", "--once", rss_url, atom_url], env)
    return {"first": first, "second": second, "rss": rss_url, "atom": atom_url, "en": en_url,
            "gone": site.url("gone/call.html"), "env": env, "data": ingested_urls["data"]}


def test_cli_watch_once_ingests_new_items(watched: dict[str, Any]) -> None:
    out = watched["first"].output
    assert watched["first"].exit_code == 0, out
    assert f"ingested: {watched['en']}" in out
    assert f"page failed, trying the feed's text: {watched['gone']}" in out and "HTTP 404" in out
    assert f"ingested: {watched['gone']}" in out
    assert "poll done: 2 feed(s), 4 new item(s), 2 ingested, 2 already ingested, 0 failed" in out
    en = read_url(watched["en"])
    meta = article_meta(watched["data"], en.id)
    assert meta is not None and meta["title"] == EN["title"] and meta["date"] == "2021-11-23"


def test_cli_watch_item_text_used_when_its_page_fails(watched: dict[str, Any]) -> None:
    seen = seen_items(settings_for(watched["data"]))
    try:
        assert seen.has(watched["rss"], "urn:item:call")
        assert seen.count() == 4
    finally:
        seen.close()


def test_cli_watch_second_poll_ingests_nothing(watched: dict[str, Any]) -> None:
    out = watched["second"].output
    assert watched["second"].exit_code == 0, out
    assert "0 new item(s), 0 ingested" in out
    assert "extracting" not in out


def test_cli_watch_failures_lose_nothing(site: Site, watched: dict[str, Any]) -> None:
    late = "late/brief.html"
    feed = site.write("feeds/late.xml", rss("Dépêches", [
        {"title": "Brève", "link": site.url(late), "guid": "urn:item:late"}]))
    missing_feed = site.url("feeds/none.xml")
    env = watched["env"]
    result = invoke(["watch", "--once", feed, missing_feed], env)
    assert result.exit_code == 1, result.output
    assert f"failed: {missing_feed}" in result.output and "HTTP 404" in result.output
    assert f"failed: {site.url(late)}" in result.output
    assert "the feed item carries no text" in result.output
    # the page appears: the next poll ingests the item it could not read before
    site.write(late, news_page(lang="en", title="Ministers talk trade in Lisbon",
                               site="The Morning Ledger", published="2024-04-02", paragraphs=[
                                   "Foreign Minister Sara Holm met her Portuguese counterpart "
                                   "Rui Alves in Lisbon on Tuesday to talk about trade.",
                                   "They also discussed port investments and ferry links."]))
    result = invoke(["watch", "--once", feed], env)
    assert result.exit_code == 0, result.output
    assert f"ingested: {site.url(late)}" in result.output
    assert "1 new item(s), 1 ingested" in result.output


def test_cli_watch_refuses_a_path() -> None:
    result = CliRunner().invoke(cli_app, ["watch", "--once", "feeds.txt"])
    assert result.exit_code == 2
    assert "not an http:// or https:// address" in flat(result.output)
