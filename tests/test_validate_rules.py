"""The project rules checked in Python report exactly what the same rules
report as a Schematron stylesheet (schema/tei-pipeline.sch through lxml):
same codes, severities, messages, lines and columns, on every broken file,
every valid fixture and mutations of them; and the codes of the .sch are
those of the table of codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import mutations
from lxml import etree

from pipeline.validation.codes import CODES
from pipeline.validation.document import Document
from pipeline.validation.rules import ProjectRules
from pipeline.validation.schematron import Rules
from pipeline.validation.validate import PROJECT_SCH
from pipeline.validation.values import iso_date, normalize_space, xpath_number
from pipeline.validation.wellformed import parse

HERE = Path(__file__).resolve().parent / "validate"
AUTHORITY = HERE / "valid" / "authority.xml"
FILES = sorted((HERE / "invalid").glob("*.xml")) + sorted((HERE / "valid").glob("*.xml"))


def _both(path: Path, authority: str | None) -> tuple[list, list]:
    document = parse(path.read_bytes(), str(path))
    if not isinstance(document, Document):
        return [], []
    python = ProjectRules(authority).check(document)
    stylesheet = Rules(PROJECT_SCH, authority).check(document)
    return python, stylesheet


@pytest.mark.parametrize("authority", [str(AUTHORITY), None], ids=["given", "beside"])
def test_python_rules_report_what_the_stylesheet_reports(authority: str | None) -> None:
    found = 0
    for path in FILES:
        python, stylesheet = _both(path, authority)
        assert python == stylesheet, path.name
        found += len(python)
    assert found >= 15


def test_same_reports_on_mutated_files(tmp_path: Path) -> None:
    sources = [HERE / "valid" / "seed-example.xml", HERE / "valid" / "editorial-markup.xml"]
    files = mutations(sources, tmp_path, 80, seed=5)
    (tmp_path / "authority.xml").write_bytes(AUTHORITY.read_bytes())
    codes = set()
    for path in files:
        python, stylesheet = _both(path, None)
        assert python == stylesheet, path.name
        codes |= {i.code for i in python}
    assert len(codes) >= 4


def test_tricky_values_agree(tmp_path: Path) -> None:
    """Dates, numbers and white space at the edges of what XPath 1.0 accepts."""
    values = [
        "1900-02-29",
        "2000-02-29",
        "2024-02-29",
        "2023-02-29",
        "0000",
        "1923-04-31",
        "1923-4-1",
        "１９２３",
        "1923-00",
        " 1923",
        "1923-12-31",
        "-1923",
    ]
    dates = "".join(f'<date when="{v}">d</date>' for v in values)
    ranges = "".join(
        f'<biblScope unit="page" from="{a}" to="{b}">x</biblScope>'
        for a, b in [
            ("3", "2"),
            (" 3 ", "2"),
            ("3.5", "3"),
            ("+3", "2"),
            ("1e2", "5"),
            ("-1", "-2"),
            (".5", "0"),
        ]
    )
    refs = '<persName ref="#x">a</persName><note resp="#ed " target="# a">n</note><p xml:id="x">t\u00a0</p><p>\u00a0</p><head>\u2003</head>'
    doc = tmp_path / "tricky.xml"
    doc.write_text(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{dates}{ranges}</p>{refs}'
        "<choice><sic>a</sic></choice><choice><orig>a</orig><reg>b</reg><reg>c</reg></choice>"
        "<corr>  a  b </corr></body></text></TEI>"
    )
    python, stylesheet = _both(doc, None)
    assert python == stylesheet
    assert len(python) >= 10


def test_helpers_follow_xpath() -> None:
    assert [iso_date(v) for v in ("1923", "1923-02-29", "1924-02-29", "1923-13", "1923-1-01")] == [
        True,
        False,
        True,
        False,
        False,
    ]
    assert xpath_number(" 3 ") == 3 and xpath_number("+3") != xpath_number("+3")  # NaN
    assert normalize_space(" a\u00a0 b\n") == "a\u00a0 b"
    texts = ("a", " a ", "a  b", "a\tb", "a\r\nb", "\n", "  ", "a \u2003 b", "")
    expected = ["a", "a", "a b", "a b", "a b", "", "", "a \u2003 b", ""]
    assert [normalize_space(t) for t in texts] == expected


def test_every_code_of_the_rules_is_in_the_table() -> None:
    sch = etree.parse(str(PROJECT_SCH))
    ids = {
        a.get("id")
        for a in sch.iter(
            "{http://purl.oclc.org/dsdl/schematron}assert",
            "{http://purl.oclc.org/dsdl/schematron}report",
        )
    }
    assert ids and ids <= set(CODES)
