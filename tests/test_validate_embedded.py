"""The Schematron rules a RelaxNG schema carries: extracted, compiled to
XSLT 3 and run by Saxon, with or without Java, each failure an issue at its
element's line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.validation import embedded, jing
from pipeline.validation.document import Document
from pipeline.validation.validate import iter_issues
from pipeline.validation.wellformed import parse

SHARED = Path(__file__).resolve().parents[2] / "shared"
TEI_ALL = SHARED / "reference" / "tei_all.rng"
SEED = Path(__file__).resolve().parent / "validate" / "valid" / "seed-example.xml"

RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron" ns="urn:x-test"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <sch:ns prefix="t" uri="urn:x-test"/>
  <start><element name="doc"><zeroOrMore><ref name="item"/></zeroOrMore></element></start>
  <define name="item">
    <element name="item">
      <optional><attribute name="low"><data type="integer"/></attribute></optional>
      <optional><attribute name="high"><data type="integer"/></attribute></optional>
      <optional><attribute name="next"/></optional>
      <optional><attribute name="id"/></optional>
      <text/>
    </element>
    <sch:pattern id="range">
      <sch:rule context="t:item[@low and @high]">
        <sch:let name="span" value="xs:integer(@high) - xs:integer(@low)"/>
        <sch:assert test="$span ge 0" role="warning">range of <sch:name/> runs backwards by <sch:value-of select="-$span"/></sch:assert>
      </sch:rule>
    </sch:pattern>
    <sch:pattern id="order">
      <sch:rule context="t:item[@next]">
        <sch:assert id="next-follows" test="//t:item[@id = current()/@next] &gt;&gt; .">@next="<sch:value-of select="@next"/>" must point forwards</sch:assert>
      </sch:rule>
    </sch:pattern>
    <sch:pattern id="files">
      <sch:rule context="t:item[@id = 'reader']">
        <sch:report test="doc-available('/etc/passwd') or unparsed-text-available('/etc/passwd')">read a file</sch:report>
      </sch:rule>
    </sch:pattern>
  </define>
</grammar>
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _doc(tmp_path: Path, body: str) -> Path:
    (tmp_path / "rules.rng").write_text(RNG)
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<doc xmlns="urn:x-test">\n{body}\n</doc>\n')
    return doc


def test_xpath2_rules_of_a_custom_schema(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        '<item low="5" high="3">a</item>\n  <item id="b">b</item><item next="b">c</item>\n'
        '<item id="reader">d</item>',
    )
    found = [
        (i.line, i.column, i.code, i.severity, i.message)
        for i in iter_issues(doc, schema=tmp_path / "rules.rng")
    ]
    assert found == [
        (2, 1, "range", "warning", "range of item runs backwards by 2"),
        (3, 24, "next-follows", "error", '@next="b" must point forwards'),
    ]  # and doc-available() read nothing: Saxon may open no file


def test_embedded_rules_can_be_skipped(tmp_path: Path) -> None:
    doc = _doc(tmp_path, '<item low="5" high="3">a</item>')
    assert list(iter_issues(doc, schema=tmp_path / "rules.rng", embedded=False)) == []


def test_compiled_rules_are_kept_on_disk(tmp_path: Path) -> None:
    _doc(tmp_path, "")
    from lxml import etree

    rng = etree.parse(str(tmp_path / "rules.rng"))
    embedded.EmbeddedRules(tmp_path / "rules.rng", rng, b"schema bytes")
    [kept] = (tmp_path / "cache").rglob("*.xsl")
    assert b"xsl:stylesheet" in kept.read_bytes()
    kept.write_bytes(kept.read_bytes())  # read back, not compiled again
    again = embedded.EmbeddedRules(tmp_path / "rules.rng", rng, b"schema bytes")
    assert again._stylesheet == kept.read_bytes()


def test_a_rule_that_fails_is_an_issue_of_that_file(tmp_path: Path) -> None:
    (tmp_path / "rules.rng").write_text(RNG.replace("$span ge 0", "xs:integer('x') ge 0"))
    doc = tmp_path / "doc.xml"
    doc.write_text('<doc xmlns="urn:x-test"><item low="1" high="2">a</item></doc>')
    [issue] = iter_issues(doc, schema=tmp_path / "rules.rng")
    assert (issue.code, issue.engine) == ("embedded-rules-failed", "embedded-rules")


def test_triggers_of_contexts() -> None:
    from pipeline.validation import triggers

    def groups(context: str) -> set[frozenset[str]]:
        return triggers.context_triggers(context)

    assert groups("tei:p") == {frozenset({"p"})}
    assert groups("tei:l//tei:p") == {frozenset({"l", "p"})}
    assert groups("tei:*[@when]") == {frozenset({"@when"})}
    assert groups("tei:*[not(self::tei:a)][@x and @y]") == {frozenset({"@x"})}
    assert groups("tei:*[@a or @b]") == set()  # unsure: always run
    assert groups("( tei:a | tei:b )[@c]") == {frozenset({"a"}), frozenset({"b"})}
    assert groups("( tei:a | tei:b )/tei:c") == {frozenset({"c"})}
    assert groups("/*[ count( //tei:x ) gt 1 ]") == {frozenset({"x"})}
    assert groups("/*[ count( //tei:x ) lt 1 ]") == set()
    assert groups("tei:rt/@target") == {frozenset({"rt", "@target"})}


def test_patterns_run_where_their_names_are_written() -> None:
    from pipeline.validation import triggers

    xsl = triggers._X[1:-1]
    stylesheet = etree.fromstring(
        f'<s xmlns:x="{xsl}" xmlns:t="{triggers.TRIGGERS[1:].partition("}")[0]}">'
        '<x:if t:triggers="rt+@target"><a mode="targets"/></x:if>'
        '<x:if t:triggers="@when"><a mode="dates"/></x:if>'
        '<x:if t:triggers="*"><a mode="always"/></x:if></s>'
    )

    def active(data: bytes) -> str:
        document = parse(b"<r>" + data + b"</r>", "t.xml")
        assert isinstance(document, Document)
        held = document.names | document.attribute_names
        return triggers.active_patterns(triggers.kept_triggers(stylesheet), held)

    assert active(b'<rt target="#a"/>') == "targets always"
    assert active(b'<rt target = "#a"/><d when\n="1920"/>') == "targets dates always"
    assert active(b'<rt x:target="#a" xmlns:x="urn:x"/>') == "targets always"
    assert active(b"<rt/><d>target when</d>") == "always"  # names in text only
    assert active(b'<p target="#a"/>') == "always"  # the attribute without its element
    assert triggers.serialized({frozenset({"@target", "rt"})}) == "rt+@target"


# ---- tei_all: the TEI's own constraints -------------------------------------


def _tei_all_case(tmp_path: Path) -> Path:
    text = SEED.read_text()
    text = text.replace(
        "<p>Engels in",
        '<p><date when="1920" notBefore="1919">1920</date> <anchor xml:id="back"/>'
        '<addSpan spanTo="#back"/>Engels in',
        1,
    )
    doc = tmp_path / "constraints.xml"
    doc.write_text(text)
    return doc


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/reference/tei_all.rng is absent")
@pytest.mark.parametrize("java", [True, False], ids=["jing", "no-java"])
def test_tei_all_constraints_are_caught(
    java: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if java and jing.command() is None:
        pytest.skip("needs Java")
    if not java:
        monkeypatch.setattr(jing, "command", lambda: None)
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(TEI_ALL))
    doc = _tei_all_case(tmp_path)
    line, text = next(
        (n, t) for n, t in enumerate(doc.read_text().splitlines(), 1) if "notBefore" in t
    )
    date, span = text.index("<date") + 1, text.index("<addSpan") + 1
    result = CliRunner().invoke(main, ["validate", "--schema", "tei-all", str(doc)])
    assert (
        f"{doc}:{line}:{date}: warning [tei_all-att.datable.w3c-att-datable-w3c-when"
        in result.output
    )
    assert (
        f"{doc}:{line}:{span}: error [tei_all-att.spanning-spanTo-spanTo-points-to-following"
        in result.output
    )
    assert result.exit_code == 1
    skipped = CliRunner().invoke(
        main, ["validate", "--schema", "tei-all", "--no-embedded-rules", str(doc)]
    )
    assert skipped.exit_code == 0, skipped.output


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/reference/tei_all.rng is absent")
def test_rules_run_by_lxml_report_what_saxon_reports(tmp_path: Path) -> None:
    """The patterns XPath 1.0 can run give, run by lxml, exactly Saxon's issues."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from conformance import adl_sources, mutations, p5_test_files

    from pipeline.validation.document import Document
    from pipeline.validation.grammar import load_schema
    from pipeline.validation.wellformed import parse

    rng = load_schema(TEI_ALL)
    hybrid = embedded.EmbeddedRules(TEI_ALL, rng, b"tei_all", use_xpath1=True)
    saxon = embedded.EmbeddedRules(TEI_ALL, rng, b"tei_all", use_xpath1=False)
    assert len(embedded.xpath1_patterns(rng)) >= 40
    files = [_tei_all_case(tmp_path), *p5_test_files()]
    if adl_sources():
        files += mutations(adl_sources()[:4], tmp_path / "mutants", 10)
    compared = found = 0
    for path in files:
        document = parse(path.read_bytes(), str(path))
        if not isinstance(document, Document):
            continue
        ours = hybrid.check(document)
        assert ours == saxon.check(document), path.name
        compared += 1
        found += len(ours)
    assert compared >= 10 and found >= 10
