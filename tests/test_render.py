"""Rendering to HTML and plain text: behaviour on the fixtures in tests/render/,
the words invariant on the seed and development texts, and robustness on real
TEI written by others (../shared/corpus/tei-real)."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from conftest import PROJECT, SHARED, all_texts
from lxml import etree

from pipeline.render import transform as render
from pipeline.spans import local
from pipeline.tei import TEI_NS
from pipeline.xmlio import parse_file, safe_parser

FIXTURES = Path(__file__).resolve().parent / "render"
ARTICLE = FIXTURES / "article.xml"
OTHERS = FIXTURES / "others.xml"
HOSTILE = FIXTURES / "hostile.xml"
TEI_REAL = SHARED / "corpus" / "tei-real"
WORD = re.compile(r"\w+")


def html_of(path: Path, **kw: object) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render.render(parse_file(path), "html", **kw))  # type: ignore[arg-type]


def visible_text(page: lxml.html.HtmlElement, view: str = "reading") -> str:
    """The page's text as a reader sees it in one view (no CSS engine needed)."""
    hidden = "diplomatic-only" if view == "reading" else "reading-only"
    page = lxml.html.document_fromstring(lxml.html.tostring(page))
    for el in page.xpath(f"//*[contains(concat(' ', @class, ' '), ' {hidden} ')] | //style"):
        el.drop_tree()
    return " ".join(page.text_content().split())


# ---- plain text ----------------------------------------------------------


def test_text_restores_quote_marks_from_rend() -> None:
    text = render.render(parse_file(ARTICLE), "text")
    assert "the “moment” with joy" in text
    assert "said ‘never’, \"perhaps\", 'soon' and “always”." in text


def test_text_reading_applies_corrections_and_diplomatic_keeps_the_source() -> None:
    tree = parse_file(ARTICLE)
    reading = render.render(tree, "text")
    diplomatic = render.render(tree, "text", reading=False)
    assert "The State apparatus grew" in reading and "Slate" not in reading
    assert "The Slate apparatus grew" in diplomatic and "State apparatus" not in diplomatic
    assert "moved by the Dental Committee" in diplomatic


def test_text_layout_headings_paragraphs_lists_and_no_wrapping_by_default() -> None:
    text = render.render(parse_file(ARTICLE), "text")
    assert text.startswith(
        "Nikolai Bukharin\n\nOn the Congress of the Party\n============================\n\n"
    )
    assert "\n(2) Progress in Administration.\n-------------------------------\n\n" in text
    assert (
        "\n- First and foremost, the alliance of workers and peasants;\n"
        "- secondly, the leading political role of the party.[2]\n\n* * *\n\n"
    ) in text
    assert "\n\n[1] Figures of 1922. – J.B.\n\n[2] See the resolution.\n" in text
    assert "\n\n\n" not in text and text.endswith(".\n")
    paragraph = next(line for line in text.splitlines() if line.startswith("The bourgeoisie"))
    assert paragraph.endswith("and “always”.")


@pytest.mark.parametrize("width", [20, 40, 72])
def test_text_wraps_at_width_without_losing_or_splitting_words(width: int) -> None:
    tree = parse_file(ARTICLE)
    wrapped = render.render(tree, "text", width=width)
    flat = render.render(tree, "text")
    for line in wrapped.splitlines():
        assert len(line) <= width or " " not in line.strip(), line
    assert WORD.findall(wrapped) == WORD.findall(flat)
    assert "\n  workers and peasants;\n" in render.render(
        tree, "text", width=40
    )  # hangs under "- "


def test_text_nested_lists_glossary_tables_and_inline_notes() -> None:
    text = render.render(parse_file(OTHERS), "text")
    assert "\n- one\n  - nested item\n- two\n" in text
    assert "\nBlad leaf\nKvist twig\n" in text
    assert "\nNavn | Aar\nHans | 1850\n" in text
    assert "Der er ei Blad [Et blad af træet.], ei Blomst,\nei Fugl paa Kvist, som ikke\n" in text
    assert "Orddeling og sammen skrevet [...] med læsemaade [læsemaaden] og Herre og gøre." in text
    assert "Notes [first plain note] and [starred note with [nested note]]." in text
    diplomatic = render.render(parse_file(OTHERS), "text", reading=False)
    assert "og Hr. og giøre." in diplomatic


def test_layout_collapses_spaces_and_blank_lines_and_underlines() -> None:
    raw = "\n\n\r=  A   title \n\n\n\n\t- an   item\n\n\n"
    assert render.layout(raw) == "A title\n=======\n\n  - an item\n"
    assert render.layout("\r-Heading words here\n", 10) == "Heading\nwords here\n----------\n"


# ---- HTML ----------------------------------------------------------------


def test_html_is_a_standalone_page_with_landmarks_and_languages() -> None:
    source = render.render(parse_file(ARTICLE), "html")
    assert source.startswith('<!DOCTYPE html>\n<html lang="en">')
    page = lxml.html.document_fromstring(source)
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.xpath(f"//{landmark}")) == 1, landmark
    assert page.xpath("//meta[@name='viewport']")
    assert [el.text_content() for el in page.xpath("//*[@lang='la']")] == ["de jure", "de facto"]
    assert "@media print" in source and "@media (max-width" in source


def test_html_loads_no_external_resource() -> None:
    for path in (ARTICLE, OTHERS, HOSTILE):
        page = html_of(path)
        assert not page.xpath(
            "//script[@src] | //link[not(starts-with(@href, 'data:'))] | //img"
            " | //iframe | //object | //embed"
            " | //video | //audio | //source | //*[@srcset]"
        )
        style = "".join(page.xpath("//style/text()"))
        assert "url(" not in style and "@import" not in style


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_html_text_colours_meet_wcag_aa_contrast() -> None:
    css = "".join(html_of(ARTICLE).xpath("//style/text()"))
    assert css == render.css()
    colours = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", css))
    backgrounds = [colours[name] for name in ("paper", "corr", "sic")] + [
        "#ffffff",
        "#f1efe9",
        "#eef3f9",
    ]
    texts = [colours[name] for name in ("ink", "muted", "link", "person", "place", "org")]
    texts += re.findall(r"\.mention\.suggested \{[^}]*color: (#[0-9a-f]{6})", css)
    assert len(texts) == 7
    for text in texts:
        for background in backgrounds:
            assert contrast(text, background) >= 4.5, (text, background)


def test_html_headings_do_not_skip_levels() -> None:
    for path in (ARTICLE, OTHERS):
        levels = [int(h.tag[1]) for h in html_of(path).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels


@pytest.mark.parametrize("path", [ARTICLE, OTHERS, HOSTILE], ids=lambda p: p.name)
def test_html_ids_are_unique_and_every_internal_link_resolves(path: Path) -> None:
    page = html_of(path)
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    targets = [unquote(h[1:]) for h in page.xpath("//a/@href") if h.startswith("#")]
    assert targets
    assert sorted(set(targets) - set(ids)) == []


def test_html_title_block_and_table_of_contents() -> None:
    page = html_of(ARTICLE)
    header = page.xpath("//header")[0]
    assert header.xpath("string(.//h1)") == "On the Congress of the Party"
    meta = dict(
        zip(
            (" ".join(dt.text_content().split()) for dt in header.iter("dt")),
            (" ".join(dd.text_content().split()) for dd in header.iter("dd")),
        )
    )
    assert meta["Source"] == "The Communist International, 1923, No. 25, pp. 10-17"
    assert meta["Transcription"] == "Ted Crawford"
    assert meta["Licence"] == "Public Domain: Marxists Internet Archive (2007)."
    toc = [(a.text_content(), a.get("href")) for a in page.xpath("//nav//a")]
    # Untitled divisions are not listed under made-up titles; the list is not
    # numbered by the browser on top of the headings' own numbers.
    assert [text for text, _ in toc] == [
        "(I) The International Consolidation of Soviet Russia.",
        "(2) Progress in Administration.",
        "Notes",
        "Corrections",
        "Editorial practice",
        "Index of names",
    ]
    assert not page.xpath("//nav//ol") and not page.xpath("//*[contains(@class, 'generated')]")
    for _, href in toc:
        assert page.get_element_by_id(href[1:]) is not None


def test_html_title_block_drops_the_headers_indentation() -> None:
    # A publisher written on lines of its own is not "Archive , 2007".
    page = html_of(PROJECT / "tei" / "bukharin-1923-twelfth-congress.xml")
    published = page.xpath("//header//dt[. = 'Published by']/following-sibling::dd[1]")[0]
    assert published.text_content() == "Marxists Internet Archive, 2007"


def test_html_quotations_and_corrections_in_both_views() -> None:
    page = html_of(ARTICLE)
    text = page.xpath("//article")[0]
    reading, diplomatic = visible_text(text, "reading"), visible_text(text, "diplomatic")
    assert "said ‘never’, \"perhaps\", 'soon' and “always”." in reading
    assert "The State apparatus grew" in reading and "Slate" not in reading
    assert "The Slate apparatus grew" in diplomatic and "State apparatus" not in diplomatic
    corr = page.xpath("//span[contains(@class, 'corr')]")[0]
    assert corr.get("title") == "as transcribed: Slate"
    switch = page.xpath("//input[@id='view-diplomatic']")[0]
    assert switch.get("checked") is None
    assert page.xpath("//label[@for='view-diplomatic']")
    assert html_of(ARTICLE, reading=False).xpath("//input[@id='view-diplomatic']/@checked")


def test_html_index_describes_entries_gives_contexts_and_links_back() -> None:
    page = html_of(ARTICLE)
    entries = {li.get("id"): li for li in page.xpath("//section[@id='index']//li[@id]")}
    europe = entries["ix-europe"]
    contexts = europe.xpath(".//ul[@class='mentions']/li/a")
    assert len(contexts) == 2
    assert " ".join(contexts[0].text_content().split()) == (
        "…The bourgeoisie of Europe looked forward to the moment with joy, and…"
    )
    for link in contexts:
        mention = page.get_element_by_id(link.get("href")[1:])
        assert mention.get("href") == "#ix-europe" and mention.text_content() == "Europe"
    # Named by the reading of its fullest mention, corrections applied.
    assert entries["ix-cc"].xpath("string(.//span[@class='entry-name'])") == "Central Committee"
    # Machine suggestions are not in the published page's index, nor marked in the text.
    assert "ix-p-Tikhon" not in entries and not page.xpath("//*[contains(@class, 'suggested')]")
    assert "Automatic name recognition" not in page.text_content()
    groups = page.xpath("//section[@id='index']/h3/text()")
    assert groups == ["Persons", "Places", "Organisations", "Named in the credits"]
    credits = page.xpath("//ul[contains(@class, 'credits')]/li")
    assert [" ".join(li.text_content().split()) for li in credits] == [
        "Bukharin, Nikolai — Author",
        "Crawford, Ted — Transcription",
        "Marxists Internet Archive — Published by",
    ]
    assert "ix-crawford" not in entries or not entries["ix-crawford"].xpath(".//ul")


def test_html_review_view_marks_and_indexes_suggestions() -> None:
    page = html_of(ARTICLE, review=True)
    tikhon = page.xpath("//a[contains(@class, 'mention')][.='Tikhon']")[0]
    assert tikhon.get("class") == "mention persName suggested"
    assert tikhon.get("title") == "machine suggestion, not reviewed"
    entry = page.get_element_by_id(tikhon.get("href")[1:])
    assert "suggested" in entry.get("class")
    assert "Automatic name recognition" in page.text_content()
    assert page.xpath("//p[@class='review-note']")


def test_html_note_anchors_link_both_ways() -> None:
    page = html_of(ARTICLE)
    anchor = page.get_element_by_id("ref-note-1")
    assert anchor.get("href") == "#note-1" and anchor.get("role") == "doc-noteref"
    note = page.get_element_by_id("note-1")
    assert note.xpath(".//a[@class='backlink']/@href") == ["#ref-note-1"]


def test_html_inline_notes_become_footnotes_with_backlinks() -> None:
    page = html_of(OTHERS)
    markers = page.xpath("//a[@class='noteref']")
    assert [m.text_content() for m in markers] == ["a", "2", "*", "4"]
    notes = page.xpath("//section[@id='footnotes']/ol/li")
    assert len(notes) == 4
    for marker, note in zip(markers, notes):
        assert marker.get("href") == "#" + note.get("id")
        assert note.xpath(".//a[@class='backlink']/@href")[0] == "#" + marker.get("id")


def test_html_states_the_editorial_practice_for_readers() -> None:
    section = html_of(ARTICLE).get_element_by_id("editorial-practice")
    text = " ".join(section.text_content().split())
    assert "Evident errors of the transcription have been corrected." in text
    # The header's technical statement is for editors only.
    assert "Evident transcription errors are corrected" not in text and not section.xpath("h3")
    review = html_of(ARTICLE, review=True).get_element_by_id("editorial-practice")
    assert "Evident transcription errors are corrected" in review.text_content()
    # In the text's language (others.xml is Danish).
    danish = html_of(OTHERS).get_element_by_id("editorial-practice").text_content()
    assert "Udgivelsesprincipper" in danish and "Åbenlyse fejl i afskriften er rettet" in danish


def test_unknown_elements_fall_through_to_their_content() -> None:
    page = visible_text(html_of(OTHERS))
    assert "unknown element text" in page and "alien namespace text" in page


def test_references_are_never_fetched_or_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("CLASSIFIED")
    source = HOSTILE.read_text("utf-8").replace("/etc/hostname", str(secret))
    source = source.replace("file:///tmp/tei-pipeline-missing.dtd", secret.as_uri())
    tree = etree.ElementTree(etree.fromstring(source.encode(), safe_parser()))
    for fmt in ("html", "text"):
        out = render.render(tree, fmt)
        assert "Before the include." in out and "After the include." in out
        assert "CLASSIFIED" not in out


def test_stylesheets_may_not_read_or_write_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text("<secret>CLASSIFIED</secret>")
    reader = etree.XSLT(
        etree.XML(
            '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            f'<xsl:template match="/"><out><xsl:copy-of select="document(\'{secret.as_uri()}\')"/></out>'
            "</xsl:template></xsl:stylesheet>"
        ),
        access_control=render.ACCESS_CONTROL,
    )
    with pytest.raises(etree.XSLTApplyError):
        reader(etree.XML("<x/>"))


def test_render_index_lists_the_texts() -> None:
    page = render.render_index(
        [("b.html", "Second <title>", "Ann Zed"), ("a.html", "First", "Zoe Adams")]
    )
    doc = lxml.html.document_fromstring(page)
    # By surname: Adams before Zed, though Ann comes before Zoe.
    assert [(a.get("href"), a.text) for a in doc.xpath("//main//a")] == [
        ("a.html", "First"),
        ("b.html", "Second <title>"),
    ]
    assert page.startswith("<!DOCTYPE html>") and 'lang="en"' in page


def test_unknown_format_and_bad_width_are_refused() -> None:
    tree = parse_file(ARTICLE)
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render.render(tree, "pdf")
    with pytest.raises(ValueError, match="width must be positive"):
        render.render(tree, "text", width=0)


def test_stylesheets_are_loaded_once() -> None:
    assert render.stylesheet("html") is render.stylesheet("html")


# ---- the words invariant on the project's own texts -----------------------


def _converted(source: Path) -> etree._ElementTree:
    from pipeline.edition.build import convert_file, load_authority

    return convert_file(source, authority=load_authority(PROJECT / "tei" / "authority.xml"))[0]


@pytest.mark.parametrize("source", all_texts(), ids=lambda p: p.stem)
def test_diplomatic_text_words_equal_source_words(source: Path) -> None:
    tree = _converted(source)
    text = render.render(tree, "text", reading=False)
    assert WORD.findall(text) == WORD.findall(source.read_text("utf-8"))


@pytest.mark.parametrize("source", all_texts(), ids=lambda p: p.stem)
def test_project_texts_give_pages_whose_links_all_resolve(source: Path) -> None:
    page = lxml.html.document_fromstring(render.render(_converted(source), "html"))
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert {unquote(h[1:]) for h in page.xpath("//a/@href") if h.startswith("#")} <= set(ids)
    assert page.xpath("//section[@id='index']//li")


def test_committed_tei_files_render_with_their_source_words() -> None:
    pairs = [
        (p, PROJECT / "seeds" / (p.stem + ".txt")) for p in sorted((PROJECT / "tei").glob("*.xml"))
    ]
    pairs = [(tei, txt) for tei, txt in pairs if txt.exists()]
    if not pairs:
        pytest.skip("no tei/*.xml generated yet (run `tei-pipeline build`)")
    for tei, txt in pairs:
        tree = parse_file(tei)
        assert WORD.findall(render.render(tree, "text", reading=False)) == WORD.findall(
            txt.read_text("utf-8")
        )
        render.render(tree, "html")


# ---- robustness on TEI written by others -----------------------------------


def text_tokens(tree: etree._ElementTree, reading: bool) -> list[str]:
    """The words of every text node in <text> (teiHeader excluded), in order;
    of a choice only the branch the view shows, and no deletion in the reading."""
    wanted = ("corr", "reg", "expan") if reading else ("sic", "orig", "abbr")
    tokens: list[str] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or local(el) == "teiHeader":
            return
        if reading and local(el) == "del":
            return
        if local(el) == "choice":
            kids = [c for c in el if isinstance(c.tag, str)]
            for kid in ([c for c in kids if local(c) in wanted] or kids)[:1]:
                walk(kid)
            return
        tokens.extend(WORD.findall(el.text or ""))
        for child in el:
            walk(child)
            tokens.extend(WORD.findall(child.tail or ""))

    root = tree.getroot()
    texts = [
        t
        for t in root.iter(f"{{{TEI_NS}}}text")
        if not any(local(a) == "text" for a in t.iterancestors())
    ]
    for text in texts or [root]:
        walk(text)
    return tokens


def first_missing(tokens: list[str], output: str) -> str | None:
    """The first token not found in ``output`` after the previous one, if any.
    (Substring search: ``<hi>W</hi>ord`` gives the tokens "W", "ord" and the
    output the one word "Word".)"""
    position = 0
    for token in tokens:
        found = output.find(token, position)
        if found < 0:
            return f"{token!r} (after {output[max(0, position - 40) : position]!r})"
        position = found + len(token)
    return None


def test_no_text_is_lost_from_the_fixtures() -> None:
    for path in (ARTICLE, OTHERS, HOSTILE):
        tree = parse_file(path)
        for reading in (True, False):
            assert (
                first_missing(
                    text_tokens(tree, reading), render.render(tree, "text", reading=reading)
                )
                is None
            )


@pytest.mark.parametrize("folder", ["adl", "tei-p5-test"])
def test_real_tei_renders_to_html_and_text_without_losing_text(folder: str) -> None:
    files = sorted((TEI_REAL / folder).glob("*.xml"))
    if not files:
        pytest.skip(f"{TEI_REAL / folder} is absent (no shared folder)")
    problems = []
    languages: Counter[str] = Counter()
    for path in files:
        tree = parse_file(path)
        page = render.render(tree, "html")
        doc = lxml.html.document_fromstring(page)
        languages[f"{doc.get('lang')}: {doc.xpath('string(//nav/h2)')}"] += 1
        ids = doc.xpath("//@id")
        links = {unquote(h[1:]) for h in doc.xpath("//a/@href") if h.startswith("#")}
        if not page.startswith("<!DOCTYPE html>") or len(ids) != len(set(ids)) or links - set(ids):
            problems.append(
                f"{path.name}: not a page, duplicate ids or dead links {sorted(links - set(ids))[:3]}"
            )
        for reading in (True, False):
            missing = first_missing(
                text_tokens(tree, reading), render.render(tree, "text", reading=reading)
            )
            if missing:
                problems.append(
                    f"{path.name} ({'reading' if reading else 'diplomatic'}): lost {missing}"
                )
    assert problems == []
    if folder == "adl":
        # ADL declares no language: the Danish texts get Danish labels; the
        # others are English texts (poems, a translation) or volumes of page
        # breaks without words.
        assert languages["da: Indhold"] >= 260 and set(languages) <= {
            "da: Indhold",
            "en: Contents",
            "de: Inhalt",
        }, languages


def test_render_leaves_its_input_unchanged() -> None:
    for path in (ARTICLE, OTHERS):
        tree = parse_file(path)
        before = etree.tostring(tree)
        for fmt in ("html", "text"):
            render.render(tree, fmt)
        assert etree.tostring(tree) == before
