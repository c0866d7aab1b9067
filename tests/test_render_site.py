"""The site of texts (``render_site``): every page of a site built from the
render cases, and from the MIA layout corpus converted by this branch's
converter where the shared folder is present, is valid, and every link
between pages resolves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from conftest import PROJECT, SHARED
from lxml import etree
from test_render_cases import check_page

from pipeline.entities.authority import load_authority
from pipeline.render.labels import table
from pipeline.render.site import render_site
from pipeline.xmlio import parse_file

CASES = Path(__file__).resolve().parent / "render" / "cases"
LAYOUTS = SHARED / "corpus" / "mia-layouts" / "texts"


def case_site() -> dict[str, str]:
    texts = [(p.stem, parse_file(p)) for p in sorted(CASES.glob("*.xml")) if p.stem != "authority"]
    return render_site(texts, load_authority(CASES / "authority.xml"))


def check_site(files: dict[str, str]) -> None:
    pages = {name: check_page(text) for name, text in files.items() if name.endswith(".html")}
    ids = {name: set(page.xpath("//@id")) for name, page in pages.items()}
    dead = []
    for name, page in pages.items():
        for href in page.xpath("//a/@href"):
            if href.startswith(("http://", "https://")):
                continue
            target, _, fragment = href.partition("#")
            target = unquote(target) or name
            if target not in files or (fragment and unquote(fragment) not in ids[target]):
                dead.append(f"{name}: {href}")
    assert dead == []


def test_case_site_pages_and_links() -> None:
    files = case_site()
    check_site(files)
    index = lxml.html.document_fromstring(files["index.html"])
    authors = [a.text_content() for a in index.xpath("//ul[@class='texts']//span[@class='author']")]
    assert authors == sorted(authors, key=lambda a: a.casefold())
    assert "— Beispiel, Anna" in authors and "— De Leon, Daniel" in authors
    names = lxml.html.document_fromstring(files["names.html"])
    marx = names.get_element_by_id("ix-marx")
    assert marx.xpath(".//li[@class='in-text']/cite/text()") == ["Names"]
    # A text called "names" does not overwrite the site's names.html.
    assert marx.xpath(".//ul[@class='mentions']//a/@href") == [
        "names-text.html#m-1",
        "names-text.html#m-4",
    ]


def test_search_data_lists_every_word_of_each_text() -> None:
    files = case_site()
    data = json.loads(re.sub(r"^window.SEARCH_INDEX = |;\n$", "", files["search-index.js"]))
    texts = [href for href, _, _ in data["texts"]]
    assert [texts[i] for i in data["words"]["stanza"]] == ["verse.html"]
    # Accents and case folded as search.js folds them; both readings of a correction.
    assert "schluter" in data["words"] and "Schlüter" not in data["words"]
    assert {"central", "dental"} <= set(data["words"])


def _search_data(files: dict[str, str]) -> dict:
    return json.loads(re.sub(r"^window.SEARCH_INDEX = |;\n$", "", files["search-index.js"]))


def test_names_that_are_not_uri_safe_link_to_their_pages() -> None:
    # Regression: "a#b?c.html" and "50%.html" linked to a fragment, a query
    # and a broken escape instead of the page.
    names = ["a#b?c", "50%", "my tëxt", "x:y"]
    texts = [(name, parse_file(CASES / "names.xml")) for name in names]
    files = render_site(texts, load_authority(CASES / "authority.xml"))
    check_site(files)
    expected = {"a%23b%3Fc.html", "50%25.html", "my%20t%C3%ABxt.html", "x%3Ay.html"}
    index = lxml.html.document_fromstring(files["index.html"])
    assert set(index.xpath("//ul[@class='texts']//a/@href")) == expected
    names_page = lxml.html.document_fromstring(files["names.html"])
    pages = {h.partition("#")[0] for h in names_page.xpath("//ul[@class='mentions']//a/@href")}
    assert pages == expected
    assert {href for href, _, _ in _search_data(files)["texts"]} == expected


def test_search_reads_words_that_inline_markup_divides() -> None:
    # Regression: text nodes were joined with a space, so "<hi>R</hi>evolution"
    # was indexed as "r" and "evolution".
    source = (CASES / "verse.xml").read_text("utf-8")
    source = source.replace(
        "<body>",
        '<body><p><hi rend="initial">R</hi>evolution by Mc<hi>Donald</hi> for the work<lb break="no"/>ers'
        "<lb/>of<pb/>all <choice><sic>lands</sic><corr>hands</corr></choice></p><p>one</p><p>two</p>",
        1,
    )
    tree = etree.ElementTree(etree.fromstring(source.encode()))
    words = _search_data(render_site([("joined", tree)], pages=False))["words"]
    assert {"revolution", "mcdonald", "workers", "of", "all", "lands", "hands"} <= set(words)
    assert {"one", "two"} <= set(words)
    assert not {"evolution", "donald", "work", "ers", "ofall", "landshands", "onetwo"} & set(words)


def test_site_pages_speak_the_site_language() -> None:
    texts = [(p.stem, parse_file(p)) for p in sorted(CASES.glob("d*.xml"))]
    files = render_site(texts, None, pages=False, lang="da")
    assert set(files) == {"index.html", "names.html", "search-index.js"}
    assert f"<h1>{table()['da']['texts']}</h1>" in files["index.html"]


def test_layout_corpus_builds_a_valid_site() -> None:
    sources = sorted(LAYOUTS.glob("*.txt"))
    if not sources:
        pytest.skip(f"{LAYOUTS} is absent (no shared folder)")
    from pipeline.edition.build import convert_file
    from pipeline.edition.build import load_authority as authority_of

    authority = authority_of(PROJECT / "tei" / "authority.xml")
    texts = [(s.stem, convert_file(s, authority=authority)[0]) for s in sources]
    files = render_site(texts, authority)
    check_site(files)
    assert len([n for n in files if n.endswith(".html")]) == len(sources) + 2


def test_hostile_values_stay_text_in_the_site(tmp_path: Path) -> None:
    authority = (CASES / "authority.xml").read_text("utf-8")
    authority = authority.replace(
        '<idno type="wikidata">Q9061</idno>',
        '<idno type="wikidata">javascript:alert(1)</idno><idno type="url">javascript:x()</idno>',
    ).replace("Volunteer transcriber.", "<![CDATA[<script>alert('note')</script>]]>")
    hostile = tmp_path / "authority.xml"
    hostile.write_text(authority, "utf-8")
    source = (CASES / "names.xml").read_text("utf-8")
    source = source.replace(
        '<title type="main">Names</title>',
        '<title type="main">&lt;script&gt;alert(1)&lt;/script&gt;</title>',
    )
    source = source.replace("reading room", "&lt;img src=x onerror=alert(1)&gt; room")
    tree = etree.ElementTree(etree.fromstring(source.encode()))
    files = render_site([("hostile", tree)], load_authority(hostile))
    for name, text in files.items():
        if name.endswith(".html"):
            page = lxml.html.document_fromstring(text)
            assert not page.xpath("//img | //*[@onerror]"), name
            assert [s.text_content()[:30] for s in page.xpath("//script")] in (
                [],
                ["/* Search across the site's te"],
            ), name
            assert not [h for h in page.xpath("//@href") if "javascript" in h.lower()], name
    assert "<script>alert" not in files["search-index.js"]
