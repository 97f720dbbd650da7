"""HTML pages -> RawArticle (trafilatura), and the choice of reader by file format.

The pages are written for these tests (fr/ar/en), with menus and footers around the article
so that boilerplate removal is exercised.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import EmptyArticle, UnreadableArticle, UnsupportedFormat
from ingest.html import looks_like_html, raw_article_from_html, read_html_file, text_from_fragment
from ingest.inputs import read_input
from ingest.reader import RawArticle


def page(*, lang: str, title: str, paragraphs: list[str], site: str | None = None,
         published: str | None = None, canonical: str | None = None,
         headline: str | None = None) -> str:
    """A news page as outlets write them: meta tags, a menu, the article, a footer."""
    meta = [f'<meta property="og:site_name" content="{site}">' if site else "",
            f'<meta property="article:published_time" content="{published}">'
            if published else "",
            f'<link rel="canonical" href="{canonical}">' if canonical else ""]
    direction = ' dir="rtl"' if lang == "ar" else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"{direction}><head><meta charset="utf-8">'
            f"<title>{title}</title>{''.join(meta)}</head><body>"
            '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a>'
            f"</nav><article><h1>{headline or title}</h1>{body}</article>"
            "<footer><p>Subscribe to our newsletter. Contact. Legal notice.</p></footer>"
            "</body></html>")


PAGES = {
    "fr": {
        "title": "Rabat et Dakar signent un accord sur la pêche",
        "site": "La Gazette du Littoral", "published": "2022-10-18T08:15:00+00:00",
        "canonical": "https://gazette-littoral.example/monde/rabat-dakar-peche",
        "paragraphs": [
            "La ministre des Affaires étrangères Nadia Belkacem a signé lundi à Rabat un accord "
            "de coopération halieutique avec son homologue Ousmane Ndiaye.",
            "Les deux diplomates se sont ensuite entretenus de la sécurité maritime dans "
            "l'Atlantique et des échanges commerciaux entre leurs pays."]},
    "ar": {
        "title": "وزير الخارجية يستقبل نظيره في عمّان",
        "site": "صحيفة الأفق", "published": "2021-05-04T10:00:00+03:00",
        "canonical": "https://ufuq.example/news/amman-visit",
        "paragraphs": [
            "استقبل وزير الخارجية سمير الحداد يوم الثلاثاء في عمّان نظيرته ليلى منصور، وبحث "
            "الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين.",
            "وتناول اللقاء كذلك الأوضاع الإقليمية والجهود المبذولة لدعم الاستقرار في المنطقة."]},
    "en": {
        "title": "Foreign ministers discuss grain exports in Ankara",
        "site": "The Harbour Herald", "published": "2023-02-07",
        "canonical": "https://harbour-herald.example/world/ankara-grain",
        "paragraphs": [
            "Foreign Minister Elena Varga met her counterpart Mehmet Aksoy in Ankara on Tuesday "
            "to discuss grain exports through the Black Sea.",
            "The two ministers also spoke about energy links and agreed to meet again in the "
            "spring, according to a statement issued after the talks."]},
}
DATES = {"fr": "2022-10-18", "ar": "2021-05-04", "en": "2023-02-07"}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_html_article_text_title_date_outlet_source(lang: str) -> None:
    spec = PAGES[lang]
    raw = raw_article_from_html(page(lang=lang, **spec).encode(), source=f"/tmp/{lang}.html")
    assert isinstance(raw, RawArticle)
    assert raw.lang == lang
    assert raw.title == spec["title"]
    assert raw.date == DATES[lang]
    assert raw.outlet == spec["site"]
    assert raw.source == spec["canonical"]
    for paragraph in spec["paragraphs"]:
        assert paragraph in raw.text
    for boilerplate in ("Subscribe", "newsletter", "Sport", "Legal notice"):
        assert boilerplate not in raw.text


def test_html_without_metadata_keeps_the_path_and_no_date() -> None:
    spec = PAGES["en"]
    html = page(lang="en", title=spec["title"], paragraphs=spec["paragraphs"])
    raw = raw_article_from_html(html, source="saved/page.html")
    assert raw.source == "saved/page.html"
    assert raw.date is None  # never guessed from the text
    assert raw.outlet is None  # a file path has no host
    assert raw.title == spec["title"]


def test_html_url_gives_the_outlet_when_the_page_names_none() -> None:
    spec = PAGES["fr"]
    html = page(lang="fr", title=spec["title"], paragraphs=spec["paragraphs"])
    raw = raw_article_from_html(html, source="https://www.gazette.example/a/1",
                                url="https://www.gazette.example/a/1", date="2020-01-02")
    assert raw.source == "https://www.gazette.example/a/1"
    assert raw.outlet == "gazette.example"
    assert raw.date == "2020-01-02"  # the caller's date when the page gives none


def test_html_same_text_same_id_whatever_the_markup() -> None:
    spec = PAGES["en"]
    one = raw_article_from_html(page(lang="en", **spec), source="a.html")
    other = dict(spec, site="Another Site", canonical="https://elsewhere.example/x")
    two = raw_article_from_html(page(lang="en", **other), source="b.html")
    assert one.id == two.id
    changed = dict(spec, paragraphs=[*spec["paragraphs"][:1], "A different second paragraph "
                                     "about trade routes and ports on the northern coast."])
    assert raw_article_from_html(page(lang="en", **changed), source="c.html").id != one.id


def test_html_page_without_article_text_is_empty() -> None:
    html = ("<!DOCTYPE html><html><head><title>Menu</title></head><body><nav>"
            '<a href="/">Home</a></nav><script>var x = 1;</script></body></html>')
    with pytest.raises(EmptyArticle, match="no article text found") as info:
        raw_article_from_html(html, source="menu.html")
    assert "menu.html" in str(info.value)


@pytest.mark.parametrize(("head", "expected"), [
    (b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf  \n<html lang='fr'>", True),
    (b"<HEAD><title>x</title>", True), (b"<p>Un paragraphe.</p>", True),
    (b"date 2022-01-01\nLe ministre a", False), (b"PK\x03\x04\x14\x00\x06\x00", False),
    (b"{\"text\": \"<p>\"}", False), (b"Less <than> more", False)])
def test_looks_like_html(head: bytes, expected: bool) -> None:
    assert looks_like_html(head) is expected


def test_text_from_fragment_keeps_paragraphs() -> None:
    text = text_from_fragment("<p>First paragraph of the item.</p><p>Second <b>one</b>.</p>")
    assert "First paragraph of the item." in text and "Second one." in text
    assert "<" not in text
    assert text_from_fragment("plain summary") == "plain summary"


# -- the reader chosen by format -------------------------------------------------------------

def test_read_input_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(page(lang="ar", **PAGES["ar"]), encoding="utf-8")
    [raw] = read_input(path)
    assert isinstance(raw, RawArticle) and raw.lang == "ar" and raw.outlet == "صحيفة الأفق"
    assert read_html_file(path).id == raw.id


def test_read_input_sniffs_html_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(page(lang="fr", **PAGES["fr"]), encoding="utf-8")
    [raw] = read_input(path)
    assert isinstance(raw, RawArticle)
    assert "<p>" not in raw.text and raw.title == PAGES["fr"]["title"]


def test_read_input_plain_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2022-03-01\nThe minister received his counterpart in Oslo on Monday "
                    "to talk about fisheries.", encoding="utf-8")
    [raw] = read_input(path)
    assert isinstance(raw, RawArticle) and raw.date == "2022-03-01"


@pytest.mark.parametrize("name", ["notes.docx", "report.pdf", "article.odt", "README"])
def test_read_input_refuses_other_formats_even_when_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Le ministre a reçu son homologue à Alger pour parler d'énergie.",
                    encoding="utf-8")
    with pytest.raises(UnsupportedFormat, match="diplograph reads .txt, .json, .jsonl and .html")\
            as info:
        read_input(path)
    assert info.value.code == "unsupported_format" and name in str(info.value)


def test_read_input_reads_html_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.aspx"
    path.write_text(page(lang="en", **PAGES["en"]), encoding="utf-8")
    [raw] = read_input(path)
    assert isinstance(raw, RawArticle) and raw.lang == "en"


def test_read_input_refuses_a_real_docx_and_a_binary_html(tmp_path: Path) -> None:
    import zipfile

    docx = tmp_path / "brief.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document>Le ministre a reçu.</w:document>")
    with pytest.raises(UnsupportedFormat, match="'.docx' files are not read"):
        read_input(docx)
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableArticle, match="binary"):
        read_input(binary)
