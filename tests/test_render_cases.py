"""Golden pages for small TEI cases, one per feature of the reading edition
(tests/render/cases/NAME.xml -> NAME.html, NAME.txt; names also in the
editor's view). Every golden page is checked, not only compared: well-formed
HTML (no block inside a paragraph, no link inside a link), unique ids,
internal links that resolve, and what the feature must show; so are the pages
of the TEI test files of ../shared. Regenerate after a deliberate change with
``TEI_PIPELINE_UPDATE_GOLDEN=1 python -m pytest tests/test_render_cases.py``.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from conftest import SHARED

from pipeline.entities.authority import load_authority
from pipeline.render import transform as render
from pipeline.validation.validate import iter_issues
from pipeline.xmlio import parse_file

CASES_DIR = Path(__file__).resolve().parent / "render" / "cases"
AUTHORITY = CASES_DIR / "authority.xml"
CASES = sorted(p for p in CASES_DIR.glob("*.xml") if p != AUTHORITY)
# Encodings the project's schema does not allow yet (l/@rend, table, the
# corrections' reasons, unknown elements): rendered all the same.
NOT_YET_IN_SCHEMA = {"unknown"}
UPDATE = os.environ.get("TEI_PIPELINE_UPDATE_GOLDEN") == "1"
VOID = {"meta", "link", "br", "hr", "input", "img", "wbr", "col", "source", "area", "base"}
# Elements that end an open <p> (HTML's "p" end-tag omission rule).
BLOCKS = {
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
}  # fmt: skip
TEI_P5_TEST = sorted((SHARED / "corpus" / "tei-real" / "tei-p5-test").glob("*.xml"))


def outputs(case: Path) -> dict[str, str]:
    tree = parse_file(case)
    authority = load_authority(AUTHORITY)
    made = {
        ".html": render.render(tree, "html", authority=authority),
        ".txt": render.render(tree, "text"),
    }
    if case.stem == "names":
        made[".review.html"] = render.render(tree, "html", authority=authority, review=True)
    return made


class _Balance(HTMLParser):
    """Every element closed, in order (void elements aside); no block opened
    inside a paragraph (a browser would end the paragraph there) and no link
    inside a link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and "p" in self.stack:
            self.errors.append(f"<{tag}> inside <p> at {self.getpos()}")
        if tag == "a" and "a" in self.stack:
            self.errors.append(f"<a> inside <a> at {self.getpos()}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}> at {self.getpos()}")


def check_page(source: str) -> lxml.html.HtmlElement:
    balance = _Balance()
    balance.feed(source)
    balance.close()
    assert balance.errors == [] and balance.stack == [], balance.errors[:3]
    page = lxml.html.document_fromstring(source)
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"
    targets = {unquote(h[1:]) for h in page.xpath("//a/@href") if h.startswith("#")}
    assert targets - set(ids) == set(), "dead internal links"
    return page


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case_matches_its_golden_files(case: Path) -> None:
    for suffix, made in outputs(case).items():
        golden = case.with_suffix(suffix)
        if UPDATE:
            golden.write_text(made, "utf-8")
        assert golden.exists(), f"{golden.name} missing: run with TEI_PIPELINE_UPDATE_GOLDEN=1"
        assert made == golden.read_text("utf-8"), golden.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_golden_pages_are_valid(case: Path) -> None:
    for golden in sorted(CASES_DIR.glob(f"{case.stem}*.html")):
        check_page(golden.read_text("utf-8"))
    text = case.with_suffix(".txt").read_text("utf-8")
    assert text.endswith("\n") and "\n\n\n" not in text


def test_pages_of_tei_written_by_others_are_valid() -> None:
    if not TEI_P5_TEST:
        pytest.skip("shared/corpus/tei-real/tei-p5-test is absent (no shared folder)")
    problems = []
    for path in TEI_P5_TEST:
        try:
            check_page(render.render(parse_file(path), "html"))
        except AssertionError as exc:
            problems.append(f"{path.name}: {exc}")
    assert problems == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case_sources_are_valid_tei_where_the_schema_allows(case: Path) -> None:
    errors = [i for i in iter_issues(parse_file(case), file=str(case)) if i.severity == "error"]
    if case.stem in NOT_YET_IN_SCHEMA:
        assert errors, f"{case.name} is now valid: take it off NOT_YET_IN_SCHEMA"
    else:
        assert errors == []


def page_of(name: str, suffix: str = ".html") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring((CASES_DIR / f"{name}{suffix}").read_text("utf-8"))


def squash(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def test_quotations_are_blocks_with_their_sources() -> None:
    text = (CASES_DIR / "quotations.txt").read_text("utf-8")
    assert "\n  A block quotation standing" in text
    assert "\n— Rosa Luxemburg, The Mass Strike, 1906\n" in text
    assert "And inline: short words (p. 4) in a sentence." in text
    page = page_of("quotations")
    assert page.xpath("//div[@class='epigraph']/figure[@class='cit']/blockquote")
    cites = page.xpath("//article//figure[@class='cit']")
    assert squash(cites[1].xpath("figcaption")[0]) == "— Rosa Luxemburg, The Mass Strike, 1906"
    assert page.xpath("//article//blockquote/p")
    assert squash(page.xpath("//p[span[@class='cit']]")[0]) == (
        "And inline: short words (p. 4) in a sentence."
    )


def test_verse_keeps_lines_and_indentation() -> None:
    lines = page_of("verse").xpath("//div[@class='lg'][1]/div")
    assert [line.get("class") for line in lines] == ["l", "l indent-1", "l indent-2", "l"]
    text = (CASES_DIR / "verse.txt").read_text("utf-8")
    assert (
        "The first line of the stanza,\n  an indented second line,\n    a line indented twice,"
        in text
    )


def test_letters_have_opener_and_closer() -> None:
    page = page_of("letter")
    assert squash(page.xpath("//div[@class='opener']/div[@class='dateline']")[0]) == (
        "London, March 1, 1895"
    )
    assert squash(page.xpath("//div[@class='closer']/div[@class='signed']")[0]) == "F. E."
    assert page.xpath("//div[@class='closer']/div[@class='salute']")


def test_title_block_has_subtitle_date_and_source() -> None:
    page = page_of("title-page")
    header = page.xpath("//header")[0]
    assert [squash(p) for p in header.xpath("p")] == [
        "Anna Example",
        "A Subtitle in the Header",
        "May 1898",
    ]
    plain = parse_file(CASES_DIR / "title-page.xml")
    plain.getroot()[0][0][0].remove(plain.getroot()[0][0][0][1])  # the header's subtitle
    page = lxml.html.document_fromstring(render.render(plain, "html"))
    header = page.xpath("//header")[0]
    assert [squash(p) for p in header.xpath("p")] == [
        "Anna Example",
        "A Subtitle in the Header",
        "May 1898",
    ]
    assert "The Review, 1898, No. 3" in squash(header)
    # The front's title parts are shown once, by the title block.
    assert "A Subtitle" not in squash(page.xpath("//article")[0])


def test_tables_and_numbered_lists() -> None:
    page = page_of("tables-lists")
    table = page.xpath("//table")[0]
    assert squash(table.xpath("caption")[0]) == "Wages in 1900"
    assert [squash(th) for th in table.xpath(".//th")] == ["Trade", "Wage"]
    assert table.xpath(".//td[@colspan='2']")
    items = page.xpath("//ul[contains(@class, 'numbered')]/li")
    assert [squash(li) for li in items] == [
        "1. First demand;",
        "2. second demand.",
        "(a) an item whose text shows its marker,",
        "(b) numbered in @n as the converter does.",
    ]
    assert not page.xpath("//ol")  # the source's markers, not the browser's as well
    text = (CASES_DIR / "tables-lists.txt").read_text("utf-8")
    assert "\n1. First demand;\n" in text and "\n(a) an item whose text" in text


def test_notes_link_both_ways() -> None:
    page = page_of("notes")
    for anchor in page.xpath("//article//a[@class='noteref']"):
        note = page.get_element_by_id(anchor.get("href")[1:])
        back = note.xpath(".//a[@class='backlink']/@href")
        assert back == ["#" + anchor.get("id")]
    assert [squash(a) for a in page.xpath("//article//a[@class='noteref']")] == ["1", "2", "1", "*"]
    assert len(page.xpath("//section[@id='footnotes']/ol/li")) == 2


def test_corrections_list_reading_transcription_and_reason() -> None:
    page = page_of("corrections")
    entries = page.xpath("//section[@id='corrections']/ol/li")
    assert [squash(li) for li in entries] == [
        "Central] as transcribed: Dental The committee of the motion is the Central Committee:"
        " a misreading of the print.",
        "State] as transcribed: Slate",
    ]
    for entry in entries:
        choice = page.get_element_by_id(entry.xpath("a[@class='lemma']/@href")[0][1:])
        assert choice.get("href") == "#" + entry.get("id")
    # The reasons are not repeated in the text itself.
    assert "misreading" not in squash(page.xpath("//article")[0])


def test_index_from_the_authority_list() -> None:
    page = page_of("names")
    entries = page.xpath("//section[@id='index']//li[@class='entry']")
    assert [squash(e.xpath("span[@class='entry-name']")[0]) for e in entries] == [
        "De Leon, Daniel",
        "Marx, Karl",
        "London",
        "Socialist Labor Party",
    ]
    marx = page.get_element_by_id("ix-marx")
    assert squash(marx).startswith(
        "Marx, Karl (1818–1883). German philosopher and economist; author of Capital."
    )
    assert marx.xpath(".//a[@class='idno']/@href") == ["https://www.wikidata.org/wiki/Q9061"]
    contexts = [squash(a) for a in marx.xpath(".//ul[@class='mentions']//a")]
    assert contexts[0].startswith("…When Marx came to London he wrote")
    # Credits apart from the text; no machine suggestion in the published page.
    credits = [squash(li) for li in page.xpath("//ul[contains(@class, 'credits')]/li")]
    assert credits == [
        "De Leon, Daniel (1852–1914). American socialist editor. — Author",
        "Typist, Bob. Volunteer transcriber. — Transcription",
    ]
    assert not page.xpath("//*[@id='ix-p-Hermann-Schluter'] | //*[contains(@class, 'suggested')]")
    assert "Named-entity suggestions" not in squash(page)
    review = page_of("names", ".review.html")
    assert review.get_element_by_id("ix-p-Hermann-Schluter") is not None
    assert "Named-entity suggestions" in squash(review)


def test_labels_follow_the_language() -> None:
    danish = page_of("danish")
    assert danish.get("lang") == "da"
    assert danish.xpath("string(//nav[@class='toc']/h2)") == "Indhold"
    assert squash(danish.xpath("//section[@id='footnotes']/h2")[0]) == "Noter"
    german = page_of("german")
    assert german.get("lang") == "de"
    assert [squash(a) for a in german.xpath("//nav[@class='toc']//a")] == [
        "Erster Teil",
        "Anmerkungen",
        "Korrekturen",
        "Editorische Grundsätze",
        "Namensregister",
    ]
    # A bibl without separators does not run its parts together.
    assert "Eksempel, Anna, Digte, Gyldendal, København, 1901" in squash(danish)


def test_untitled_divisions_get_no_made_up_titles() -> None:
    page = page_of("untitled-divisions")
    toc = page.xpath("//nav[@class='toc']/ul")[0]
    assert [squash(a) for a in toc.xpath("li/a")] == [
        "(1) The First Point",
        "(2) The Second Point",
        "Editorial practice",
    ]
    headings = [squash(h) for h in page.xpath("//article//h2 | //article//h3")]
    assert headings == ["(1) The First Point1", "(2) The Second Point"]
    assert "Section" not in squash(page) and "Part" not in squash(page.xpath("//article")[0])


def test_unknown_elements_keep_their_text() -> None:
    page = squash(page_of("unknown"))
    text = (CASES_DIR / "unknown.txt").read_text("utf-8")
    for words in (
        "text of an element no template knows",
        "text in another namespace",
        "A floating",
    ):
        assert words in page and words in text


def test_paragraphs_holding_blocks_are_divisions() -> None:
    page = page_of("blocks")
    paragraphs = page.xpath("//section[@id='div-1']/*")
    assert [(p.tag, p.get("class")) for p in paragraphs] == [
        ("div", "p"),
        ("div", "p"),
        ("div", "p"),
        ("p", None),
        ("p", None),
    ]
    assert [squash(li) for li in paragraphs[0].xpath("ul/li")] == [
        "shorter hours,",
        "higher wages,",
    ]
    # A milestone in running text is its mark, if it has one, and no rule.
    assert not page.xpath("//article//hr")
    assert squash(paragraphs[3]) == "A milestone in running text, and one with a mark* * *."
    # The footnote's own paragraph holds a list: a division, under the text.
    assert page.xpath("//section[@id='footnotes']//div[@class='p']/ul")
