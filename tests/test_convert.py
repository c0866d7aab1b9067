"""The converter: golden cases, invariants on every real text, the header
and structure it recovers, and editorial corrections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECT, SEED, all_texts
from lxml import etree

from pipeline.convert.corrections import parse_corrections
from pipeline.convert.passes import Options, check_words, convert, source_words, tei_words
from pipeline.convert.source import decode
from pipeline.edition.build import convert_file, load_corrections
from pipeline.errors import CorrectionError, InputError
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
    names = _x(tree, "//tei:respStmt[tei:resp='Translation']/tei:persName/text()")
    assert names == ["Ann Smith", "Bob Jones"]
    assert _x(tree, "//tei:respStmt[tei:resp='Proofreading']/tei:persName/text()") == [
        "Ada Checker"
    ]


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
    assert (caught.value.file, caught.value.line) == ("c.toml", 9)
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
    assert caught.value.line == 3


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
