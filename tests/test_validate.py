"""Validation of documents: the broken-file set (each fixture states the exact
code, line and column it must produce), the valid fixtures, and the Python API."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.errors import Issue
from pipeline.results import Outcome
from pipeline.validation.batch import check_files, expand_paths
from pipeline.validation.document import Document
from pipeline.validation.validate import (
    InvalidDocument,
    assert_valid,
    is_valid,
    iter_issues,
)
from pipeline.validation.wellformed import parse


def document(path: Path) -> Document | None:
    parsed = parse(path.read_bytes(), str(path))
    return parsed if isinstance(parsed, Document) else None


HERE = Path(__file__).resolve().parent / "validate"
VALID = sorted((HERE / "valid").glob("*.xml"))
INVALID = sorted((HERE / "invalid").glob("*.xml"))
AUTHORITY = HERE / "valid" / "authority.xml"
_EXPECT = re.compile(
    r"expect: (?P<list>[^>]*?)(?:;\s*authority: (?P<authority>\w+))?\s*(?:-->|\)|$)", re.MULTILINE
)


def expectation(path: Path) -> tuple[list[tuple[str, int, int]], str | None]:
    """(code, line, column) triples stated by a fixture, in its header comment
    (or, for files that cannot hold one, in NAME.xml.expect), and its authority mode."""
    sidecar = path.with_name(path.name + ".expect")
    text = (
        sidecar.read_text()
        if sidecar.exists()
        else path.read_bytes()[:600].decode("utf-8", "replace")
    )
    m = _EXPECT.search(text)
    assert m, f"{path.name} states no expectation"
    triples = []
    for item in m["list"].split(";"):
        code, position = item.split()
        line, column = position.split(":")
        triples.append((code, int(line), int(column)))
    return triples, m["authority"]


def test_enough_broken_files() -> None:
    assert len(INVALID) >= 30


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_file_reports_exact_code_line_column(path: Path) -> None:
    expected, mode = expectation(path)
    authority = None if mode == "beside" else AUTHORITY
    found = [(i.code, i.line, i.column) for i in iter_issues(path, authority=authority)]
    assert found == expected


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_issue(path: Path) -> None:
    assert list(iter_issues(path)) == []


def test_every_issue_is_a_full_record() -> None:
    issues = [i for p in INVALID for i in iter_issues(p, authority=AUTHORITY)]
    engines = {i.engine for i in issues}
    assert engines == {"well-formedness", "relaxng", "schematron"}
    for issue in issues:
        assert issue.file and issue.line >= 1 and issue.column >= 1 and issue.message
        assert issue.severity in ("error", "warning")
        if issue.engine != "well-formedness":
            assert issue.xpath.startswith("/"), issue
        if issue.engine == "relaxng" and issue.code.startswith("rng-"):
            assert re.search(r"allowed|must|holds", issue.hint), issue


def test_relaxng_hint_lists_what_was_allowed() -> None:
    [issue] = iter_issues(HERE / "invalid" / "value-div-type.xml", authority=AUTHORITY)
    assert issue.xpath == "/TEI/text/body/div/@type"
    assert issue.message == '@type="sectoin" is not allowed on <div>'
    assert issue.hint.startswith(
        '@type of <div> must be "section", "subsection", "point", "chapter"'
    )


def test_schematron_issue_is_located_in_the_source() -> None:
    [issue] = iter_issues(HERE / "invalid" / "ref-dangling.xml", authority=AUTHORITY)
    assert (issue.engine, issue.severity, issue.xpath) == (
        "schematron",
        "error",
        "/TEI/text/body/div/p[1]/persName/@ref",
    )
    assert 'xml:id="nobody"' in issue.message and "Add the entry" in issue.message


def test_warnings_do_not_make_a_document_invalid() -> None:
    path = HERE / "invalid" / "entity-unreviewed.xml"
    [issue] = iter_issues(path, authority=AUTHORITY)
    assert issue.severity == "warning"
    assert is_valid(path, authority=AUTHORITY)


def test_str_of_issue_is_greppable() -> None:
    [issue] = iter_issues(HERE / "invalid" / "empty-p.xml", authority=AUTHORITY)
    assert str(issue) == (
        f"{HERE / 'invalid' / 'empty-p.xml'}:28:9: error [p-empty] empty paragraph: delete the p element or give it text."
    )


def test_is_valid_and_assert_valid_are_views_of_iter_issues() -> None:
    good, bad = HERE / "valid" / "seed-example.xml", HERE / "invalid" / "corr-without-resp.xml"
    assert is_valid(good) and not is_valid(bad, authority=AUTHORITY)
    assert_valid(good)
    with pytest.raises(InvalidDocument) as caught:
        assert_valid(bad, authority=AUTHORITY)
    assert [i.code for i in caught.value.issues] == ["corr-resp"]
    assert "[corr-resp]" in str(caught.value)


def test_in_memory_tree_is_validated_as_written() -> None:
    tree = etree.parse(str(HERE / "valid" / "seed-example.xml"))
    assert list(iter_issues(tree, file="tei/seed.xml", authority=AUTHORITY)) == []
    corr = tree.find(".//{http://www.tei-c.org/ns/1.0}corr")
    del corr.attrib["resp"]
    [issue] = iter_issues(tree, file="tei/seed.xml", authority=AUTHORITY)
    assert (issue.file, issue.code, issue.xpath) == (
        "tei/seed.xml",
        "corr-resp",
        "/TEI/text/body/div[3]/p[1]/orgName/choice/corr",
    )


def test_schematron_can_be_switched_off_or_replaced(tmp_path: Path) -> None:
    path = HERE / "invalid" / "corr-without-resp.xml"
    assert list(iter_issues(path, schematron=False)) == []
    rules = tmp_path / "rules.sch"
    rules.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        '<pattern><rule context="tei:TEI"><assert id="needs-back" role="warning" test="tei:text/tei:back">'
        "no back matter</assert></rule></pattern></schema>"
    )
    assert list(iter_issues(path, schematron=rules)) == []
    [issue] = iter_issues(HERE / "valid" / "authority.xml", schematron=rules)
    assert (issue.code, issue.severity, issue.line, issue.column) == ("needs-back", "warning", 2, 1)


def test_authority_beside_the_document_is_used_by_default(tmp_path: Path) -> None:
    doc = tmp_path / "text.xml"
    doc.write_bytes((HERE / "valid" / "seed-example.xml").read_bytes())
    codes = {i.code for i in iter_issues(doc)}
    assert codes == {"authority-missing"}
    (tmp_path / "authority.xml").write_bytes(AUTHORITY.read_bytes())
    assert list(iter_issues(doc)) == []


def test_duplicate_ids_are_not_a_syntax_error() -> None:
    data = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><p xml:id="a"/><p xml:id="a"/></TEI>'
    parsed = parse(data, "dup.xml")
    assert isinstance(parsed, Document)
    assert [(i.code, i.line, i.column, i.xpath) for i in parsed.prior] == [
        ("id-unique", 1, 60, "/TEI/p[2]/@xml:id")
    ]


def test_unreadable_file_is_a_record(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    [report] = check_files([str(folder)])
    assert report.outcome is Outcome.UNREADABLE
    assert [(i.engine, i.code) for i in report.issues] == [("io", "io-unreadable")]


def test_expand_paths_folders_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.xml").write_text("<x/>")
    (tmp_path / "a" / "deep").mkdir()
    (tmp_path / "a" / "deep" / "y.xml").write_text("<y/>")
    (tmp_path / "a" / "notes.txt").write_text("")
    files, missing = expand_paths(
        [str(tmp_path / "a"), str(tmp_path / "a" / "*.xml"), str(tmp_path / "nope*.xml")]
    )
    assert files == [str(tmp_path / "a" / "deep" / "y.xml"), str(tmp_path / "a" / "x.xml")]
    assert missing == [str(tmp_path / "nope*.xml")]


def test_parallel_jobs_give_the_same_reports() -> None:
    files = [str(p) for p in INVALID + VALID]
    one = check_files(files, authority=AUTHORITY)
    four = check_files(files, authority=AUTHORITY, jobs=4)
    assert [(r.source, r.issues) for r in one] == [(r.source, r.issues) for r in four]


def test_issue_records_are_plain_data() -> None:
    [issue] = iter_issues(HERE / "invalid" / "biblscope-backwards.xml", authority=AUTHORITY)
    assert Issue(**issue.as_dict()) == issue  # type: ignore[arg-type]
    assert list(issue.as_dict()) == [f.name for f in dataclasses.fields(Issue)]
    sent = pickle.loads(pickle.dumps(issue))  # as workers send issues back
    assert sent == issue and hash(sent) == hash(issue) and sent.as_dict() == issue.as_dict()
    moved = dataclasses.replace(issue, file="elsewhere.xml")
    assert (moved.file, moved.line, moved.message) == ("elsewhere.xml", issue.line, issue.message)
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.line = 0  # type: ignore[misc]


# ---- the Schematron rules: kept stylesheet and authority lists -----------------


def test_kept_stylesheet_is_compiled_from_the_current_rules() -> None:
    from pipeline.validation.schematron import _precompiled
    from pipeline.validation.validate import PROJECT_SCH

    assert _precompiled(PROJECT_SCH, PROJECT_SCH.read_bytes()) is not None, (
        "run: python -m pipeline.validation.schematron schema/tei-pipeline.sch"
    )


def test_kept_stylesheet_reports_what_a_fresh_compile_reports(tmp_path: Path) -> None:
    from pipeline.validation.schematron import Rules
    from pipeline.validation.validate import PROJECT_SCH

    fresh_sch = tmp_path / PROJECT_SCH.name  # no kept stylesheet beside this copy
    fresh_sch.write_bytes(PROJECT_SCH.read_bytes())
    kept, fresh = Rules(PROJECT_SCH), Rules(fresh_sch)
    found = 0
    for path in INVALID + VALID:
        doc = document(path)
        if doc is None:
            continue
        ours = kept.check(doc)
        assert ours == fresh.check(doc), path.name
        found += len(ours)
    assert found >= 15


def test_edited_rules_are_compiled_afresh_not_read_from_a_stale_stylesheet(tmp_path: Path) -> None:
    from pipeline.validation.schematron import Rules, compile_rules, compiled_path
    from pipeline.validation.validate import PROJECT_SCH

    rules = tmp_path / "rules.sch"
    rules.write_bytes(PROJECT_SCH.read_bytes())
    compiled_path(rules).write_bytes(compile_rules(rules, rules.read_bytes()))
    rules.write_text(
        rules.read_text().replace("empty paragraph: delete", "EMPTY PARAGRAPH: delete")
    )
    [issue] = [
        i
        for i in iter_issues(HERE / "invalid" / "empty-p.xml", schematron=rules)
        if i.code == "p-empty"
    ]
    assert issue.message.startswith("EMPTY PARAGRAPH")
    assert Rules(rules).path == rules


def test_authority_list_edited_during_a_run_is_read_again(tmp_path: Path) -> None:
    from pipeline.validation.schematron import Rules
    from pipeline.validation.validate import PROJECT_SCH

    doc = tmp_path / "text.xml"
    doc.write_bytes(
        (HERE / "valid" / "seed-example.xml")
        .read_bytes()
        .replace(b'ref="authority.xml#trotsky"', b'ref="authority.xml#radek"')
    )
    authority = tmp_path / "authority.xml"
    authority.write_bytes(AUTHORITY.read_bytes())
    rules = Rules(PROJECT_SCH)  # one compiled object, as in a batch run

    def codes() -> list[str]:
        parsed = document(doc)
        assert parsed is not None
        return [i.code for i in rules.check(parsed)]

    assert codes() == ["ref-resolves"]
    authority.write_bytes(
        AUTHORITY.read_bytes().replace(
            b'<person xml:id="trotsky">',
            b'<person xml:id="radek"><persName>Karl Radek</persName></person><person xml:id="trotsky">',
        )
    )
    assert codes() == []


def test_refs_into_two_authority_lists_are_each_checked(tmp_path: Path) -> None:
    doc = tmp_path / "text.xml"
    doc.write_bytes(
        (HERE / "valid" / "seed-example.xml")
        .read_bytes()
        .replace(b'ref="authority.xml#mia"', b'ref="other.xml#mia"', 1)
    )
    (tmp_path / "authority.xml").write_bytes(AUTHORITY.read_bytes())
    assert [i.code for i in iter_issues(doc)] == ["authority-missing"]
    (tmp_path / "other.xml").write_bytes(
        AUTHORITY.read_bytes().replace(b'xml:id="mia"', b'xml:id="m"')
    )
    assert [i.code for i in iter_issues(doc)] == ["ref-resolves"]
    (tmp_path / "other.xml").write_bytes(AUTHORITY.read_bytes())
    assert list(iter_issues(doc)) == []


def test_element_of_another_namespace_is_named_with_its_prefix() -> None:
    path = HERE / "invalid" / "foreign-namespace-xinclude.xml"
    [issue] = iter_issues(path, authority=AUTHORITY)
    assert issue.message == (
        "<xi:include> (namespace http://www.w3.org/2001/XInclude) is not allowed inside <p>"
    )
    assert issue.xpath == "/TEI/text/body/div[1]/p/include"
    assert issue.hint.startswith("allowed inside <p>: <hi>, <emph>")


def test_authority_lookup_in_a_folder_whose_name_has_a_hash(tmp_path: Path) -> None:
    folder = tmp_path / "c#" / "sub"
    folder.mkdir(parents=True)
    (folder / "authority.xml").write_bytes(AUTHORITY.read_bytes())
    # the wrong list, where a URL parser cuts ".../c#/sub/text.xml" to ".../c"
    (tmp_path / "authority.xml").write_bytes(b'<list><item xml:id="zzz"/></list>')
    doc = folder / "text.xml"
    doc.write_bytes((HERE / "valid" / "seed-example.xml").read_bytes())
    assert list(iter_issues(doc)) == []
    doc.write_bytes(doc.read_bytes().replace(b"authority.xml#mia", b"authority.xml#zzz", 1))
    assert [i.code for i in iter_issues(doc)] == ["ref-resolves"]


@pytest.mark.parametrize(
    "authority,code",
    [
        (b"<list><item xml:id='a'/>", "authority-missing"),  # not well-formed
        (b"<list><item xml:id=' mia'/></list>", "ref-resolves"),  # an id that is not a name
    ],
)
def test_unusable_authority_lists_are_reported_not_trusted(
    tmp_path: Path, authority: bytes, code: str
) -> None:
    (tmp_path / "authority.xml").write_bytes(authority)
    doc = tmp_path / "text.xml"
    doc.write_bytes((HERE / "valid" / "seed-example.xml").read_bytes())
    codes = {i.code for i in iter_issues(doc)}
    assert code in codes and codes <= {"ref-resolves", "authority-missing"}


def test_rules_that_include_a_file_beside_them(tmp_path: Path) -> None:
    sch = "http://purl.oclc.org/dsdl/schematron"
    (tmp_path / "rule.sch").write_text(
        f'<pattern xmlns="{sch}"><rule context="tei:TEI"><assert id="needs-back" role="warning"'
        ' test="tei:text/tei:back">no back matter</assert></rule></pattern>'
    )
    main = tmp_path / "main.sch"
    main.write_text(
        f'<schema xmlns="{sch}"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        '<include href="rule.sch"/></schema>'
    )
    [issue] = iter_issues(HERE / "valid" / "authority.xml", schematron=main)
    assert issue.code == "needs-back"


def test_custom_schema_of_another_namespace_keeps_its_ordinary_messages(tmp_path: Path) -> None:
    rng = tmp_path / "doc.rng"
    rng.write_text(
        '<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0">'
        '<element name="a"><empty/></element><element name="b"><empty/></element></element>'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text("<doc><b/><a/></doc>")
    codes = [i.code for i in iter_issues(doc, schema=rng)]
    assert codes and "namespace" not in " ".join(i.message for i in iter_issues(doc, schema=rng))
    assert codes[0] in {"rng-element-order", "rng-element-missing"}


def test_paths_count_siblings_of_one_name_and_namespace() -> None:
    found = parse(
        b'<r xmlns="urn:t" xmlns:a="*" xmlns:b="urn:b"><p/><a:p/><b:p/><p/><!--c--><?pi x?></r>',
        "t.xml",
    )
    assert isinstance(found, Document)
    steps = [found.positions.path(child) for child in found.tree.getroot()]
    # a:p's namespace "*" is no pattern that matches the other p's
    assert steps == [
        "/r/p[1]",
        "/r/p",
        "/r/p",
        "/r/p[2]",
        "/r/comment()",
        "/r/processing-instruction()",
    ]


def test_positions_in_a_legacy_encoding_pair_tags_by_name() -> None:
    # In Shift_JIS the second byte of \u4e91 is "]": read as UTF-8, the first
    # CDATA section ends early and shows a "<x" that is no element, and the
    # second seems to open a comment that hides <hi/>. As many tags as
    # elements, but not the same ones: their names must be compared.
    ch = "\u4e91"
    text = (
        '<?xml version="1.0" encoding="Shift_JIS"?>\n<r>'
        f"<p><![CDATA[{ch}]><x]]></p><p/><p><![CDATA[{ch}]><!--]]><hi/><![CDATA[-->]]></p></r>"
    )
    data = text.encode("shift_jis")
    found = parse(data, "t.xml")
    assert isinstance(found, Document)
    empty = found.tree.getroot()[1]
    line, column = found.positions.place(empty)
    assert data.splitlines()[line - 1][column - 1 : column + 3] == b"<p/>"


def test_a_grammar_reduced_to_the_documents_names_still_fails_what_it_lacks(
    tmp_path: Path,
) -> None:
    # Reduced to the names the documents use, the grammar cannot match where
    # one lacks a required element or has a root it does not allow: libxml2
    # fails such a document without a message, which must still be an issue.
    rng = tmp_path / "tiny.rng"
    rng.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="doc"/></start>'
        '<define name="doc"><element name="doc"><element name="head"><text/></element>'
        '<element name="body"><text/></element></element></define></grammar>'
    )
    files = {
        "good.xml": "<doc><head>h</head><body>b</body></doc>",
        "headless.xml": "<doc><body>b</body></doc>",
        "root.xml": "<body>b</body>",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    # each alone: reduced to a batch's names, one file's names may fill another's gaps
    results = [check_files([str(tmp_path / name)], schema=rng)[0] for name in files]
    assert [[(i.code, i.message) for i in r.issues] for r in results] == [
        [],
        [("rng-element-missing", "<doc> lacks a required <head>")],
        [("rng-element-not-allowed", "<body> is not allowed as the root element")],
    ]
