"""Regressions of the render stage, each test named after what broke, on small
TEI and text the tests carry (the converter's list case, the article fixture)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from lxml import etree

from pipeline.convert import Options, convert
from pipeline.convert.lines import marker_of
from pipeline.render import transform as render
from pipeline.render.blocks import shows_marker
from pipeline.tei import TEI_NS
from pipeline.xmlio import parse_file

TESTS = Path(__file__).resolve().parent
LISTS = TESTS / "cases" / "lists.txt"
ARTICLE = TESTS / "render" / "article.xml"
WORD = re.compile(r"\w+")


def tei(body: str) -> etree._ElementTree:
    """A TEI document whose one division holds ``body``."""
    return etree.ElementTree(
        etree.fromstring(
            f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Case</title>'
            "</titleStmt><publicationStmt><p>Tests.</p></publicationStmt><sourceDesc><p>Tests."
            f"</p></sourceDesc></fileDesc></teiHeader><text><body><div>{body}</div></body></text></TEI>"
        )
    )


def page(tree: etree._ElementTree) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render.render(tree, "html"))


def squash(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


# ---- list markers --------------------------------------------------------


def test_list_markers_kept_in_the_items_text_are_not_shown_twice() -> None:
    source = LISTS.read_text("utf-8")
    tree = convert(source, Options(entities=False))
    # The converter keeps the source's marker in the text and numbers the item in @n.
    assert tree.xpath("//tei:item/@n", namespaces={"tei": TEI_NS})[:2] == ["1", "2"]
    expected = [
        "1. Shorter hours of labour.",
        "2. A minimum wage fixed by law.",
        "3. Free schooling for every child.",
        "- public baths in every ward,",
        "- cheap trains for workers.",
        "(a) The first point of the second part.",
        "(b) The second point of the second part.",
    ]
    for reading in (True, False):
        lines = render.render(tree, "text", reading=reading).splitlines()
        assert [line for line in lines if line in expected] == expected
    diplomatic = render.render(tree, "text", reading=False)
    assert WORD.findall(diplomatic) == WORD.findall(source)
    html = page(tree)
    assert [squash(li) for li in html.xpath("//article//li")] == expected
    assert not html.xpath("//article//*[@class='marker'] | //article//ol")


def test_list_item_numbers_that_the_text_does_not_show_are_shown() -> None:
    tree = tei(
        '<list type="ordered"><item n="3">third point;</item><item n="4">fourth point.</item></list>'
        '<list type="bulleted"><item>- dash in the text</item><item>no marker</item></list>'
    )
    assert render.render(tree, "text") == (
        "3 third point;\n4 fourth point.\n\n- dash in the text\n- no marker\n"
    )
    html = page(tree)
    assert html.xpath("//article//span[@class='marker']/text()") == ["3", "4"]
    assert [squash(li) for li in html.xpath("//article//li")] == [
        "3 third point;",
        "4 fourth point.",
        "- dash in the text",
        "no marker",
    ]


@pytest.mark.parametrize(
    "marker", ["1.", "12.", "(3)", "(a)", "(iv)", "a.", "iv.", "-", "–", "—", "•", "*", "·"]
)
def test_every_marker_the_converter_reads_is_seen_by_the_renderer(marker: str) -> None:
    line = f"{marker} An item."
    assert marker_of(line) is not None
    item = etree.fromstring(f'<item xmlns="{TEI_NS}">{line}</item>')
    assert shows_marker(item)


def test_words_opening_an_item_are_no_marker() -> None:
    for text in ("Mr. Smith", "The first", "1850 was a year", "-minus", "(and so on)"):
        assert not shows_marker(etree.fromstring(f'<item xmlns="{TEI_NS}">{text}</item>')), text
    # A note's or an inner list's words are not the item's.
    item = etree.fromstring(
        f'<item xmlns="{TEI_NS}"><note>1. A note.</note> <lb/><list><item>2. inner</item></list>'
        "A point</item>"
    )
    assert not shows_marker(item) and shows_marker(item[2][0])
    assert shows_marker(etree.fromstring(f'<item xmlns="{TEI_NS}"> <hi>(<lb/>b)</hi> b</item>'))


# ---- quotations' sources -------------------------------------------------


def test_a_source_that_opens_with_a_dash_gets_no_second_dash() -> None:
    tree = tei(
        "<cit><quote><p>Words.</p></quote><bibl>— Marx</bibl></cit>"
        "<cit><quote><p>More words.</p></quote><bibl>- Engels</bibl></cit>"
        "<cit><quote><p>Other words.</p></quote><bibl>Lenin, 1917</bibl></cit>"
    )
    text = render.render(tree, "text")
    assert "\n— Marx\n" in text and "\n- Engels\n" in text and "\n— Lenin, 1917\n" in text
    captions = [squash(c) for c in page(tree).xpath("//figcaption[@class='source']")]
    assert captions == ["— Marx", "- Engels", "— Lenin, 1917"]


# ---- the source's deletions and additions ---------------------------------


def test_plain_text_sets_deletions_and_additions_apart() -> None:
    tree = tei(
        "<p>was <del>very</del> <add>most</add> kind; <subst><del>t</del><add>T</add></subst>hey</p>"
    )
    assert render.render(tree, "text") == "was most kind; They\n"
    assert render.render(tree, "text", reading=False) == "was ⟦very⟧ \\most/ kind; ⟦t⟧\\T/hey\n"


# ---- cast lists ----------------------------------------------------------


def test_cast_list_descriptions_get_one_comma() -> None:
    tree = tei(
        "<castList>"
        "<castItem><role>Claudius</role><roleDesc>king of Denmark</roleDesc></castItem>"
        "<castItem><role>Hamlet</role><roleDesc>, son to the late king</roleDesc></castItem>"
        "<castItem><role>Horatio</role> friend <roleDesc>to Hamlet</roleDesc></castItem>"
        '<castItem type="list"><roleDesc>Lords,</roleDesc><roleDesc>Ladies,</roleDesc>'
        "<roleDesc>Messengers</roleDesc><roleDesc>and other Attendants</roleDesc></castItem>"
        "</castList>"
    )
    expected = [
        "Claudius, king of Denmark",
        "Hamlet, son to the late king",
        "Horatio friend to Hamlet",
        "Lords, Ladies, Messengers, and other Attendants",
    ]
    assert render.render(tree, "text").splitlines() == expected
    assert [squash(item) for item in page(tree).xpath("//div[@class='castItem']")] == expected


# ---- blocks inside paragraphs --------------------------------------------


def test_a_floating_text_inside_a_paragraph_makes_it_a_division() -> None:
    tree = tei(
        "<p>Here is <floatingText><body><div><p>a little floating text</p></div></body>"
        "</floatingText>.</p><p>A plain paragraph.</p>"
    )
    html = page(tree)
    section = html.xpath("//article//section")[0]
    assert [(el.tag, el.get("class")) for el in section] == [("div", "p"), ("p", None)]
    assert section[0].xpath(".//p/text()") == ["a little floating text"]


# ---- corrections inside links --------------------------------------------


def test_a_correction_inside_a_linked_name_links_to_its_entry_and_back() -> None:
    html = lxml.html.document_fromstring(render.render(parse_file(ARTICLE), "html"))
    for entry in html.xpath("//section[@id='corrections']/ol/li"):
        choice = html.get_element_by_id(entry.xpath("a[@class='lemma']/@href")[0][1:])
        assert choice.tag == "a" and choice.get("href") == "#" + entry.get("id")
    # "Central Committee" (corrected from "Dental"): the name is no link
    # around the correction's link; the words beside the correction link to
    # the index, and the index to the name.
    central = html.xpath("//article//span[contains(@class, 'orgName')][a[@class='choice']]")[0]
    assert squash(central) == "DentalCentral Committee"  # both readings; CSS shows one
    assert central.xpath("a[@class='part']/@href") == ["#ix-cc"]
    assert html.xpath(f"//section[@id='index']//a[@href='#{central.get('id')}']")


def test_index_anchors_keep_letters_without_a_latin_base() -> None:
    html = page(
        tei(
            "<p><persName>Плеханов</persName> in <placeName>Łódź</placeName> and"
            " <persName>Jaurès</persName> — <persName>Плеханов</persName>.</p>"
        )
    )
    ids = set(html.xpath("//section[@id='index']//@id"))
    assert {"ix-p-Плеханов", "ix-p-Łodz", "ix-p-Jaures"} <= ids
    targets = [unquote(h[1:]) for h in html.xpath("//article//a/@href") if h.startswith("#ix-")]
    assert targets == ["ix-p-Плеханов", "ix-p-Łodz", "ix-p-Jaures", "ix-p-Плеханов"]
