"""The shortcuts validation takes on the common case give what the long way
gives: start-tag positions from one split of the text, the project rules'
pointer check from attribute values, the embedded rules' one query per rule,
the text report made in the workers without the paths it does not show."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest
from conftest import TEI_ALL
from lxml import etree

from pipeline.errors import Issue
from pipeline.results import FileResult, Outcome
from pipeline.validation import xpath1
from pipeline.validation.batch import check_files
from pipeline.validation.document import Document
from pipeline.validation.locate import Positions
from pipeline.validation.report import Brief, as_text, brief, counts, render_report
from pipeline.validation.rules import ProjectRules
from pipeline.validation.wellformed import read_document

HERE = Path(__file__).parent / "validate"
CASES = sorted((HERE / "invalid").glob("*.xml")) + sorted((HERE / "valid").glob("*.xml"))


def _documents(paths: list[Path]) -> list[Document]:
    found = [read_document(str(p)) for p in paths]
    return [d for d in found if isinstance(d, Document)]


@pytest.mark.parametrize(
    ("doctype", "hidden"),
    [
        ('<!DOCTYPE TEI [<!ENTITY x "y">]>', "<!-- <p>not one</p> -->"),
        ("", "<!-- <p>not one</p> -->"),  # no DTD: every "<" counted first
        ("", "<!-- </p> -->"),  # nothing hidden that looks like a start tag
    ],
)
def test_start_tags_are_found_past_comments_cdata_and_prefixes(doctype: str, hidden: str) -> None:
    entity = "&x;" if doctype else "&amp;"
    text = (
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        f"{hidden}<text><![CDATA[<p>nor this</p>]]><?pi <p>?>\n"
        f'  <body><p>a</p><xi:include href="b.xml"/><p>{entity}</p></body></text></TEI>'
    )
    data = text.encode()
    tree = etree.ElementTree(etree.fromstring(data))
    positions = Positions(data, tree)
    tags = [m.start() for m in re.finditer(r"<(?:TEI|text|body|p|xi:include)[\s>/]", text)]
    tags = [t for t in tags if not any(a < t < b for a, b in _skipped(text))]
    found = [positions.place(el) for el in tree.iter(etree.Element)]
    expected = [(text.count("\n", 0, t) + 1, t - text.rfind("\n", 0, t)) for t in tags]
    assert found == expected


def test_every_fixture_places_each_element_at_its_start_tag() -> None:
    documents = _documents(CASES)
    assert sum("<!DOCTYPE" not in d.positions.text for d in documents) > 30
    for document in documents:
        text = document.positions.text
        skipped = _skipped(text)
        tags = [m.start() for m in re.finditer("<[^/!?]", text)]
        tags = [t for t in tags if not any(a < t < b for a, b in skipped)]
        elements = list(document.tree.iter(etree.Element))
        assert len(tags) == len(elements), document.file
        found = [document.positions.place(el) for el in elements]
        expected = [(text.count("\n", 0, t) + 1, t - text.rfind("\n", 0, t)) for t in tags]
        assert found == expected, document.file


def _skipped(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", text)]


def test_an_entity_that_adds_elements_places_each_on_its_line() -> None:
    text = b'<!DOCTYPE r [<!ENTITY e "<b>x</b>">]>\n<r>\n  <a>&e;</a>\n  <c/></r>'
    parser = etree.XMLParser(resolve_entities=True, load_dtd=False, no_network=True)
    tree = etree.ElementTree(etree.fromstring(text, parser))
    positions = Positions(text, tree)
    places = {str(el.tag): positions.place(el) for el in tree.iter(etree.Element)}
    assert places["a"] == (3, 3) and places["c"] == (4, 3)


def test_project_rules_agree_with_the_element_by_element_check() -> None:
    documents = _documents(CASES)
    assert len(documents) > 30
    quick = [ProjectRules().check(d) for d in documents]
    with mock.patch.object(ProjectRules, "_pointers_hold", lambda self, document: False):
        slow = [ProjectRules().check(d) for d in _documents(CASES)]
    assert quick == slow
    assert any(i.code == "id-unique" for issues in quick for i in issues)
    assert any(i.code == "date-iso" for issues in quick for i in issues)


def test_pointer_and_date_faults_are_never_skipped(tmp_path: Path) -> None:
    seed = (HERE / "valid" / "seed-example.xml").read_text()
    faults = {
        "resp-resolves": seed.replace("<p>", '<p><hi resp="#nobody">x</hi>', 1),
        "date-iso": seed.replace("<p>", '<p><date when="1917-02-30">x</date>', 1),
        "ref-form": seed.replace("<p>", '<p><persName ref="lenin">x</persName>', 1),
    }
    for code, text in faults.items():
        path = tmp_path / f"{code}.xml"
        path.write_text(text)
        (tmp_path / "authority.xml").write_bytes((HERE / "valid" / "authority.xml").read_bytes())
        document = read_document(str(path))
        assert isinstance(document, Document)
        assert code in {i.code for i in ProjectRules().check(document)}


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="needs ../shared/reference/tei_all.rng")
def test_embedded_rules_find_the_same_with_and_without_their_queries() -> None:
    from pipeline.validation.embedded import xpath1_patterns
    from pipeline.validation.grammar import load_schema

    patterns = xpath1_patterns(load_schema(TEI_ALL))
    assert any(r.failing is not None for rs in patterns.values() for r in rs)
    test_files = sorted((TEI_ALL.parent.parent / "corpus" / "tei-real").rglob("*.xml"))[:120]
    documents = _documents(test_files + CASES)
    found = 0
    for document in documents:
        for rs in patterns.values():
            quick = list(xpath1.run(rs, document.tree))
            slow = list(xpath1.run([_without_query(r) for r in rs], document.tree))
            assert [(e, c.code, m) for e, c, m in quick] == [(e, c.code, m) for e, c, m in slow]
            found += len(quick)
    assert found > 0


def _without_query(rule: xpath1.Rule) -> xpath1.Rule:
    return xpath1.Rule(rule.context, rule.body, None)


@pytest.mark.parametrize("jobs", [1, 2])
def test_brief_results_make_the_same_text_report(jobs: int) -> None:
    files = [str(p) for p in CASES]
    authority = HERE / "valid" / "authority.xml"
    full = check_files(files, authority=authority, jobs=jobs)
    briefs = check_files(files, authority=authority, jobs=jobs, then=brief)
    assert all(isinstance(r, Brief) and not r.issues for r in briefs)
    assert [r.outcome for r in briefs] == [r.outcome for r in full]
    for fail_on in ("error", "warning"):
        assert counts(briefs, fail_on) == counts(full, fail_on)
        assert as_text(briefs, fail_on) == as_text(full, fail_on)
    assert counts(full)["warnings"] and counts(full)["unreadable"]


def test_without_paths_issues_are_the_same_but_for_the_paths_of_elements(tmp_path: Path) -> None:
    # an entity that adds elements: two of them at one position, told apart
    # by their paths alone
    entity = (HERE / "valid" / "seed-example.xml").read_text(encoding="utf-8")
    entity = entity.replace("<TEI ", '<!DOCTYPE TEI [<!ENTITY bad "<foo/><bar/>">]>\n<TEI ', 1)
    entity = re.sub("<p>", "<p>&bad;", entity, count=2)
    (tmp_path / "entity.xml").write_text(entity, encoding="utf-8")
    files = [str(p) for p in CASES] + [str(tmp_path / "entity.xml")]
    authority = HERE / "valid" / "authority.xml"
    full = check_files(files, authority=authority)
    bare = check_files(files, authority=authority, paths=False)
    kept = 0
    for with_paths, without in zip(full, bare, strict=True):
        expected = [
            i if "/@" in i.xpath or i.engine == "relaxng" else replace(i, xpath="")
            for i in with_paths.issues
        ]
        assert without.issues == expected, with_paths.source
        kept += sum(bool(i.xpath) for i in without.issues)
    assert kept > 10 and any(not i.xpath for r in bare for i in r.issues)
    assert any(i.code == "wrong-namespace" for r in bare for i in r.issues)
    assert sum(i.code == "rng-element-not-allowed" for i in bare[-1].issues) == 2
    assert len({(i.line, i.column) for i in bare[-1].issues if i.engine == "relaxng"}) == 1


def test_brief_results_make_only_the_text_report() -> None:
    results = check_files([str(HERE / "invalid" / "empty-p.xml")], then=brief)
    assert "p-empty" in render_report(results, "text")
    with pytest.raises(ValueError, match="no issues"):
        render_report(results, "json")


def test_a_brief_result_keeps_all_but_the_issues() -> None:
    issue = Issue("a.xml", 3, 4, "/TEI", "schematron", "p-empty", "error", "empty paragraph")
    result = FileResult("a.xml", Outcome.INVALID, message="m", warning="w", issues=[issue] * 2)
    short = brief(result)
    assert isinstance(short, Brief) and short.issues == [] and short.tally == {"error": 2}
    assert replace(short, issues=result.issues) == Brief(
        **vars(result), block=short.block, tally={"error": 2}
    )
    assert short.block == "\n".join(["a.xml:3:4: error [p-empty] empty paragraph"] * 2)


def test_a_root_in_a_namespace_the_schema_does_not_expect_skips_the_rules(tmp_path: Path) -> None:
    (tmp_path / "other.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x">'
        '<start><element name="doc"><text/></element></start></grammar>'
    )
    (tmp_path / "rules.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt"><pattern>'
        '<rule context="/*"><report test="true()" id="always">root seen</report></rule>'
        "</pattern></schema>"
    )
    (tmp_path / "doc.xml").write_text('<doc xmlns="http://www.tei-c.org/ns/1.0">a</doc>')
    for paths in (True, False):
        (result,) = check_files(
            [str(tmp_path / "doc.xml")],
            schema=tmp_path / "other.rng",
            schematron=tmp_path / "rules.sch",
            paths=paths,
        )
        assert [i.code for i in result.issues] == ["wrong-namespace"]
