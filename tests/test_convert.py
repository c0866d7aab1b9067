"""The converter: golden cases, invariants on every real text, the header
and structure it recovers, and editorial corrections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECT, SEED, all_texts
from lxml import etree

from pipeline.convert.corrections_file import parse_corrections
from pipeline.convert.passes import Options, check_words, convert, source_words, tei_words
from pipeline.convert.source import decode
from pipeline.edition.build import convert_file, load_corrections
from pipeline.errors import CorrectionError, InputError
from pipeline.render import render
from pipeline.tei import NSMAP, TEI_NS
from pipeline.xmlio import serialize

CASES = PROJECT / "tests" / "cases"
GOLDEN = sorted(CASES.glob("*.txt"))


def _convert(path: Path):
    return convert(
        decode(path.read_bytes(), str(path)),
        Options(source_name=path.name, corrections=load_corrections(path), entities=False),
    )


def _x(tree, path: str) -> list:
    return tree.xpath(path, namespaces=NSMAP)


@pytest.mark.parametrize("case", GOLDEN, ids=lambda p: p.stem)
def test_golden_case(case: Path) -> None:
    expected = case.with_suffix(".xml").read_bytes()
    assert serialize(_convert(case)) == expected


def test_golden_files_are_valid_tei(jing_tei_all) -> None:
    assert jing_tei_all([c.with_suffix(".xml") for c in GOLDEN]) == ""


def test_golden_files_are_valid_under_project_schema() -> None:
    from pipeline.validation.validate import iter_issues

    for case in GOLDEN:
        issues = [str(i) for i in iter_issues(case.with_suffix(".xml")) if i.severity == "error"]
        assert issues == [], case.name


@pytest.mark.parametrize("text", all_texts(), ids=lambda p: p.stem)
def test_words_equal_the_source(text: Path) -> None:
    source = decode(text.read_bytes(), str(text))
    tree = _convert(text)
    assert tei_words(tree) == source_words(source)
    assert len(source_words(source)) > 500


@pytest.mark.parametrize("text", all_texts(), ids=lambda p: p.stem)
def test_conversion_is_deterministic(text: Path) -> None:
    assert serialize(_convert(text)) == serialize(_convert(text))


def test_every_real_text_is_valid_tei(tmp_path: Path, jing_tei_all) -> None:
    outputs = []
    for text in all_texts():
        out = tmp_path / f"{text.stem}.xml"
        out.write_bytes(serialize(_convert(text)))
        outputs.append(out)
    assert jing_tei_all(outputs) == ""


def test_words_check_catches_a_lost_word() -> None:
    tree = _convert(SEED)
    p = _x(tree, "//tei:body//tei:p")[0]
    p.text = p.text.replace("Europe", "", 1)
    source = decode(SEED.read_bytes())
    assert tei_words(tree) != source_words(source)
    index = next(i for i, (a, b) in enumerate(zip(source_words(source), tei_words(tree))) if a != b)
    line = 1 + source.count("\n", 0, next(m.start() for m in re.finditer(r"\bEurope\b", source)))
    with pytest.raises(InputError) as caught:
        check_words(source, tree, "seed.txt")
    assert str(caught.value).startswith(
        f"seed.txt:{line}: conversion changed the words of the text at word {index + 1}:"
        " source has 'Europe', TEI has"
    )


def test_words_check_catches_an_invented_word_at_the_end() -> None:
    tree = _convert(SEED)
    source = decode(SEED.read_bytes())
    check_words(source, tree, "seed.txt")  # as converted: nothing to report
    last = _x(tree, "//tei:body//tei:p")[-1]
    last.append(etree.Element(f"{{{TEI_NS}}}hi"))
    last[-1].text = "invented"
    with pytest.raises(InputError, match=r"source has 'end of source', TEI has 'invented'"):
        check_words(source, tree, "seed.txt")


# -- header ------------------------------------------------------------------------


def test_seed_header() -> None:
    tree = _convert(SEED)
    assert (
        _x(tree, "string(//tei:titleStmt/tei:title)")
        == "The Twelfth Congress of the Russian Communist Party"
    )
    assert _x(tree, "string(//tei:titleStmt/tei:author/tei:persName)") == "Nikolai Bukharin"
    resp = [
        (_x(r, "string(tei:resp)"), _x(r, "string(tei:persName|tei:name)"))
        for r in _x(tree, "//tei:respStmt")
    ]
    assert ("Transcription", "Ted Crawford") in resp
    assert ("HTML Markup", "Brian Reid") in resp
    assert any(r == "TEI encoding" for r, _ in resp)
    measure = _x(tree, "//tei:extent/tei:measure")[0]
    assert (measure.get("unit"), measure.get("quantity")) == ("words", "3737")
    bibl = _x(tree, "//tei:sourceDesc/tei:bibl")[0]
    assert _x(bibl, "string(tei:title[@level='j'])") == "The Communist International"
    assert _x(bibl, "string(tei:date/@when)") == "1923"
    issue = _x(bibl, "tei:biblScope[@unit='issue']")[0]
    pages = _x(bibl, "tei:biblScope[@unit='page']")[0]
    assert (issue.get("from"), pages.get("from"), pages.get("to")) == ("25", "10", "17")
    assert _x(tree, "string(//tei:publicationStmt/tei:publisher)") == "Marxists Internet Archive"
    assert _x(tree, "string(//tei:publicationStmt/tei:date/@when)") == "2007"
    availability = _x(tree, "//tei:availability")[0]
    assert availability.get("status") == "free"
    assert "You may freely copy" in _x(availability, "string(tei:licence)")
    assert _x(tree, "//tei:encodingDesc/tei:editorialDecl/tei:correction")
    assert _x(tree, "//tei:langUsage/tei:language/@ident") == ["en", "la"]
    assert _x(tree, "string(//tei:front/tei:docAuthor)").strip() == "Nikolai Bukharin"


def test_xml_model_points_at_project_schema() -> None:
    data = serialize(_convert(SEED))
    assert b'<?xml-model href="../schema/tei-pipeline.rng"' in data
    assert b'<?xml-model href="../schema/tei-pipeline.sch"' in data
    assert (PROJECT / "schema" / "tei-pipeline.rng").exists()


def test_unknown_info_lines_are_kept() -> None:
    tree = _convert(CASES / "info-note.txt")
    assert _x(tree, "string(//tei:notesStmt/tei:note)") == (
        "A short editorial introduction sits in the info block without a label."
    )
    names = _x(tree, "//tei:respStmt[tei:resp='Translated']/tei:persName/text()")
    assert names == ["Ann Smith", "Bob Jones"]
    assert _x(tree, "//tei:respStmt[tei:resp='Proofread']/tei:persName/text()") == ["Ada Checker"]


def test_title_lines_subtitle_date_and_a_title_split_over_two_lines() -> None:
    tree = _convert(CASES / "title-lines.txt")
    assert _x(tree, "//tei:titleStmt/tei:title[@type='main']/text()") == [
        "The Workers' League and the Coming Elections"
    ]
    assert _x(tree, "//tei:titleStmt/tei:title[@type='sub']/text()") == ["A Reply to Our Critics"]
    assert _x(tree, "//tei:front/tei:docTitle/tei:titlePart/@type") == ["main", "sub"]
    date = _x(tree, "//tei:front/tei:docDate")[0]
    assert (date.text, date.get("when")) == ("(12 March 1911)", "1911-03-12")
    assert _x(tree, "string(//tei:profileDesc/tei:creation/tei:date/@when)") == "1911-03-12"
    body = _x(tree, "string(//tei:body)")
    assert "Reply to Our Critics" not in body and "March 1911" not in body


def test_prose_info_lines_go_to_their_header_elements() -> None:
    tree = _convert(CASES / "info-prose.txt")
    source, reprint = _x(tree, "//tei:sourceDesc/tei:bibl")
    assert (source.get("type"), reprint.get("type")) == ("source", "reprint")
    assert _x(source, "string(tei:title[@level='j'])") == "The Example Review"
    pages = _x(source, "tei:biblScope[@unit='page']")[0]
    assert (pages.get("from"), pages.get("to")) == ("294", "298")  # "pp. 294-98"
    assert _x(reprint, "string(tei:title[@level='m'])") == "The Collected Example"
    assert _x(reprint, "string(tei:publisher)") == "Example Press"
    assert _x(reprint, "string(tei:pubPlace)") == "London"
    resps = {
        _x(r, "normalize-space(tei:resp)"): (
            _x(r, "tei:persName/text()"),
            _x(r, "tei:orgName/text()"),
        )
        for r in _x(tree, "//tei:titleStmt/tei:respStmt[not(@xml:id)]")
    }
    assert resps == {
        "Transcribed in 1998": ([], ["The Example Reading Society"]),
        "Marked up": (["Jo Marker"], ["Example Internet Archive"]),
        "Proofread July 2009": (["Sam Reader"], []),
    }
    assert _x(tree, "//tei:respStmt/tei:resp/tei:date/@when") == ["1998", "2009-07"]
    assert _x(tree, "string(//tei:availability/tei:licence/@n)") == "copyleft"
    assert _x(tree, "string(//tei:publicationStmt/tei:publisher)") == "Example Archive"
    assert _x(tree, "//tei:notesStmt/tei:note/text()") == [
        "The notes of the reprint are not included."
    ]
    assert len(_x(tree, "//tei:front/tei:div[@type='source-info']/tei:p")) == 6


def test_a_page_range_written_short_is_written_out() -> None:
    from pipeline.convert.info import page_range

    assert page_range("294", "98") == ("294", "298")
    assert page_range("1099", "101") == ("1099", "1101")
    assert page_range("10", "17") == ("10", "17")
    assert page_range("5", None) == ("5", "5")


def test_source_author_is_not_its_title() -> None:
    tree = _convert(CASES / "notes-numbered.txt")
    bibl = _x(tree, "//tei:sourceDesc/tei:bibl")[0]
    assert _x(bibl, "string(tei:author)") == "Wilhelm Theorist"
    assert _x(bibl, "string(tei:title[@level='m'])") == "Selected Essays"
    assert _x(bibl, "string(tei:biblScope[@unit='page']/@to)") == "409"


# -- body structure ----------------------------------------------------------------


def test_seed_structure() -> None:
    tree = _convert(SEED)
    points = _x(tree, "//tei:div[@type='point']")
    assert [p.get("n") for p in points] == [str(i) for i in range(1, 8)]
    assert (
        _x(points[0], "string(tei:head)") == "(I) The International Consolidation of Soviet Russia."
    )
    assert len(_x(tree, "/tei:TEI/tei:text/tei:body/tei:div[@type='section']")) == 4
    items = _x(tree, "//tei:list/tei:item")
    assert len(items) == 7
    assert _x(items[1], "string(.)") == (
        "The improvement of the methods of bookkeeping and accountancy in business enterprises;"
        " the concentration of production. The improvement of the trading apparatus."
    )
    assert _x(tree, "//tei:foreign[@xml:lang='la']/text()") == [
        "de jure",
        "de facto",
        "conditio sine qua non",
    ]
    assert "1922" in _x(tree, "//tei:body//tei:date/@when")


def test_quotes_move_into_markup() -> None:
    tree = _convert(SEED)
    quotes = _x(tree, "//tei:q")
    assert len(quotes) == SEED.read_text("utf-8").count("“") == 18
    first = _x(tree, "//tei:body//tei:q")[0]
    assert (first.get("rend"), first.text) == ("double-curly", "moment")
    body_text = _x(tree, "string(//tei:body)")
    assert "“" not in body_text and "”" not in body_text


def _convert_paragraph(paragraph: str, corrections: str | None = None):
    source = f"Anna Author\n\nA Test\n\nSource: The Example, 1903.\n\n{paragraph}\n"
    return convert(
        decode(source.encode("utf-8")),
        Options(
            corrections=parse_corrections(corrections, "c.toml") if corrections else None,
            entities=False,
        ),
    )


def _quotes(tree) -> list[tuple[str, str, str]]:
    """(rend, enclosing q's rend or "", text) of each quotation."""
    return [
        (q.get("rend"), _x(q, "string(parent::tei:q/@rend)"), _x(q, "string(.)"))
        for q in _x(tree, "//tei:body//tei:q")
    ]


def test_apostrophes_are_not_paired_across_a_quotation() -> None:
    paragraph = (
        "He would exclaim, \"'Tis a great day for us!\" and the writers on Reynolds'"
        " Newspaper agreed. 'He said \"the workers' day\" was over,' she wrote."
    )
    tree = _convert_paragraph(paragraph)
    assert _quotes(tree) == [
        ("double-straight", "", "'Tis a great day for us!"),
        ("single-straight", "", "He said the workers' day was over,"),
        ("double-straight", "single-straight", "the workers' day"),
    ]
    assert "Reynolds' Newspaper" in _x(tree, "string(//tei:body)")
    assert paragraph in render(tree, "text", reading=False).splitlines()


@pytest.mark.parametrize(
    ("paragraph", "marked"),
    [
        ("He cried 'Stop'\"Now\" twice.", ["Now"]),
        ("x \"a\"'b' y", ["a"]),
        ('x "a""b" y', ["a"]),
    ],
)
def test_quotations_that_touch_keep_their_words_apart(paragraph: str, marked: list[str]) -> None:
    tree = _convert_paragraph(paragraph)  # converting checks that no words run together
    assert [text for _, _, text in _quotes(tree)] == marked
    assert paragraph in render(tree, "text", reading=False).splitlines()


def test_marks_inside_a_correction_stay_in_the_text() -> None:
    # The marks are in the sic and corr, where they cannot be taken off
    # both: a q around the choice would show them twice.
    paragraph = 'She cried "Tis tru" and left.'
    corrections = _corrections(
        '[[correction]]\nsic = "\\"Tis"\ncorr = "\\"\'Tis"\ncontext = "cried \\"Tis tru"\n'
        'reason = "x"\n\n[[correction]]\nsic = "tru\\""\ncorr = "true\\""\n'
        'context = "tru\\" and"\nreason = "x"\n'
    )
    tree = _convert_paragraph(paragraph, corrections)
    assert _quotes(tree) == []
    assert paragraph in render(tree, "text", reading=False).splitlines()


def test_notes_chapters_breaks_and_signature() -> None:
    tree = _convert(CASES / "chapter-notes.txt")
    chapter = _x(tree, "//tei:body/tei:div")[0]
    assert (chapter.get("type"), chapter.get("n")) == ("chapter", "4")
    ref = _x(tree, "//tei:ref[@type='noteAnchor']")[0]
    assert ref.get("target") == "#note-1"
    assert _x(tree, "//tei:back//tei:note/@xml:id") == ["note-1"]
    assert _x(tree, "//tei:milestone/@rend") == ["* * *"]
    assert _x(tree, "string(//tei:closer/tei:signed)") == "Anna Author"
    assert _x(tree, "string(//tei:docDate/@when)") == "1905"


def test_numbered_notes_with_whose_they_are() -> None:
    tree = _convert(CASES / "notes-numbered.txt")
    notes = _x(tree, "//tei:back/tei:div[@type='notes']/tei:note")
    assert [(n.get("n"), n.get("type"), n.get("resp")) for n in notes] == [
        ("1", "endnote", None),
        ("2", "editorial", "#notes-editor"),
        ("3", "editorial", "#notes-mia"),
    ]
    assert _x(notes[1], "string(tei:p)") == "The reply was reprinted twice."
    refs = _x(tree, "//tei:body//tei:ref[@type='noteAnchor']/@target")
    assert refs == ["#note-1", "#note-2", "#note-3"]
    assert _x(tree, "//tei:respStmt/@xml:id") == ["notes-editor", "notes-mia", "tei-pipeline"]


def test_notes_under_headings_that_say_whose_they_are() -> None:
    tree = _convert(CASES / "footnotes.txt")
    divs = _x(tree, "//tei:back/tei:div[@type='notes']")
    assert [_x(d, "string(tei:head)") for d in divs] == ["Footnote by MIA", "Translator's note"]
    assert _x(divs[0], "tei:note/@resp") == ["#notes-mia", "#notes-mia"]
    assert _x(divs[1], "tei:note/@type") == ["translator"]


def test_block_quotations_verse_and_epigraph() -> None:
    tree = _convert(CASES / "quotes-verse.txt")
    epigraph = _x(tree, "/tei:TEI/tei:text/tei:body/tei:epigraph")[0]
    assert len(_x(epigraph, "tei:cit/tei:quote/tei:lg/tei:l")) == 4
    assert _x(epigraph, "string(tei:cit/tei:bibl)") == "— An Example Poet"
    quote = _x(tree, "//tei:div/tei:quote")[0]
    assert len(_x(quote, "tei:p")) == 2
    cit = _x(tree, "//tei:div/tei:cit")[0]
    assert len(_x(cit, "tei:quote/tei:lg/tei:l")) == 3
    assert _x(cit, "string(tei:bibl)") == "(A Second Example, 1899)"
    assert _x(cit, "tei:quote/tei:lg/tei:l/@rend") == ["indent"]
    assert not _x(tree, "//tei:p//tei:quote | //tei:p//tei:lg")


def test_letter_opener_and_closer() -> None:
    tree = _convert(CASES / "letter.txt")
    opener = _x(tree, "//tei:opener")[0]
    assert _x(opener, "string(tei:dateline/tei:date/@when)") == "1908-04-12"
    assert _x(opener, "string(tei:salute)") == "Dear Comrades,"
    closer = _x(tree, "//tei:closer")[0]
    assert [(c.tag.split("}")[1], c.text) for c in closer] == [
        ("salute", "Yours fraternally,"),
        ("signed", "Hannah Writer"),
        ("dateline", "London."),
    ]


def test_lists_only_where_the_page_has_markers() -> None:
    tree = _convert(CASES / "lists.txt")
    lists = _x(tree, "//tei:list")
    assert [(lst.get("type"), len(lst)) for lst in lists] == [
        ("ordered", 3),
        ("bulleted", 2),
        ("ordered", 2),
    ]
    assert _x(lists[0], "tei:item/@n") == ["1", "2", "3"]
    assert _x(lists[2], "tei:item/@n") == ["1", "2"]
    paragraphs = _x(tree, "//tei:body//tei:p/text()")
    assert "These short lines were broken by hand and are not a list." in paragraphs
    assert "1) An enumeration typed into the text is a paragraph." in paragraphs


def test_headings_and_what_is_not_one() -> None:
    tree = _convert(CASES / "headings.txt")
    heads = _x(tree, "//tei:body//tei:head/text()")
    assert heads == [
        "I",
        "1. Its First Section",
        "No. 1.",
        "II. The Second Part",
        "Introduction to the Problem",
        "THE LAST SECTION",
    ]
    chapters = _x(tree, "/tei:TEI/tei:text/tei:body/tei:div[@type='chapter']/@n")
    assert chapters == ["1", "2"]
    for div in _x(tree, "//tei:body | //tei:div"):
        ns = _x(div, "tei:div/@n")
        assert len(ns) == len(set(ns)), "sibling divisions have unique @n"
    assert _x(tree, "string(//tei:seg[@type='run-in'])") == "Mixed forms."


def test_table_and_a_rule_of_underscores() -> None:
    tree = _convert(CASES / "table-rule.txt")
    rows = _x(tree, "//tei:table/tei:row")
    assert [[_x(c, "string(.)") for c in _x(r, "tei:cell")] for r in rows] == [
        ["Trade", "1900", "1905"],
        ["Dockers", "20s.", "22s."],
        ["Carters", "18s.", "19s."],
    ]
    assert _x(tree, "//tei:milestone/@rend") == ["_" * 32]
    assert len(_x(tree, "//tei:body/tei:div")) == 2


@pytest.mark.parametrize("case", [SEED, *GOLDEN], ids=lambda p: p.stem)
def test_windows_line_ends_and_byte_order_mark_convert_alike(case: Path) -> None:
    data = case.read_bytes()
    lf = serialize(convert(decode(data, case.name), Options(source_name=case.name)))
    for variant in (
        data.replace(b"\n", b"\r\n"),
        data.replace(b"\n", b"\r"),
        b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
    ):
        text = decode(variant, case.name)
        assert serialize(convert(text, Options(source_name=case.name))) == lf


# -- editorial corrections ------------------------------------------------------------


def test_seed_corrections_become_choice() -> None:
    tree = _convert(SEED)
    pairs = {
        (_x(c, "string(tei:sic)"), _x(c, "string(tei:corr)")) for c in _x(tree, "//tei:choice")
    }
    assert {
        ("Dental", "Central"),
        ("Slate", "State"),
        ("bourgoisie", "bourgeoisie"),
        ("find", "and"),
        ("lending", "leading"),
    } <= pairs
    assert set(_x(tree, "//tei:corr/@resp")) == {"#editor"}
    assert _x(tree, "//tei:respStmt[@xml:id='editor']")


def _corrections(body: str) -> str:
    return 'editor = "Ed"\n\n' + body


def test_correction_matching_nothing_names_its_line() -> None:
    corrections = parse_corrections(
        _corrections(
            '[[correction]]\nsic = "Dental"\ncorr = "Central"\ncontext = "the Dental Committee of the party"\n'
            'reason = "x"\n\n[[correction]]\nsic = "zzz"\ncorr = "y"\ncontext = "no zzz here"\nreason = "x"\n'
        ),
        "c.toml",
    )
    with pytest.raises(CorrectionError) as caught:
        convert(decode(SEED.read_bytes()), Options(corrections=corrections))
    assert (caught.value.file, caught.value.line) == ("c.toml", 12)  # its context
    assert "matches no place" in caught.value.message


def test_correction_matching_twice_is_an_error() -> None:
    corrections = parse_corrections(
        _corrections(
            '[[correction]]\nsic = "Central"\ncorr = "X"\ncontext = "the Central Committee"\nreason = "x"\n'
        ),
        "c.toml",
    )
    with pytest.raises(CorrectionError, match=r"matches [0-9]+ places") as caught:
        convert(decode(SEED.read_bytes()), Options(corrections=corrections))
    assert caught.value.line == 6  # its context


def test_correction_whose_sic_is_not_in_context() -> None:
    corrections = parse_corrections(
        _corrections(
            '[[correction]]\nsic = "Dentl"\ncorr = "X"\ncontext = "the Dental Committee"\nreason = "x"\n'
        ),
        "c.toml",
    )
    with pytest.raises(CorrectionError, match="occurs 0 times"):
        convert(decode(SEED.read_bytes()), Options(corrections=corrections))


def test_correction_file_with_missing_key() -> None:
    with pytest.raises(CorrectionError, match="lacks reason") as caught:
        parse_corrections(
            _corrections('[[correction]]\nsic = "a"\ncorr = "b"\ncontext = "a c"\n'), "c.toml"
        )
    assert caught.value.line == 3


def test_correction_file_with_bad_toml() -> None:
    with pytest.raises(CorrectionError, match="not valid TOML") as caught:
        parse_corrections('editor = "x\n', "c.toml")
    assert caught.value.line == 1


def test_convert_file_uses_the_corrections_next_to_the_source() -> None:
    _tree, data = convert_file(SEED, authority=None)
    assert data.count(b"<choice>") == len(load_corrections(SEED).items)


# -- regressions found by generated texts -------------------------------------------

REGRESSIONS = {
    "date-line-between-title-lines": "A Writer\n\nThe Title\n\n(1898)\n\nA Subtitle\n\nThe text.\n",
    "body-of-only-an-epigraph": "A Writer\n\nThe Title\n\n    A line of verse\n\n— A Poet\n",
    "two-signatures-in-a-row": "A Writer\n\nThe Title\n\nThe text.\n\nAnna Writer\n\nAnna Writer\n",
    "credit-naming-nobody": "A Writer\n\nThe Title\n\nTranscribed: from a copy kept here\n\nText.\n",
}


@pytest.mark.parametrize("text", REGRESSIONS.values(), ids=REGRESSIONS.keys())
def test_regression_converts_valid_and_whole(text: str) -> None:
    from pipeline.validation.validate import iter_issues

    tree = convert(text, Options(source_name="regression.txt"))
    assert tei_words(tree) == source_words(text)
    assert [str(i) for i in iter_issues(tree) if i.severity == "error"] == []
