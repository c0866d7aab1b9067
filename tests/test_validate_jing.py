"""The official schemas through jing: one run for a batch, never reading a
DTD or an XInclude, and not stopped by a file jing cannot read."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.validation import jing
from pipeline.validation.batch import check_files
from pipeline.validation.validate import resolve_schema

HERE = Path(__file__).resolve().parent / "validate"
TEI_ALL = Path(__file__).resolve().parents[2] / "shared" / "reference" / "tei_all.rng"

pytestmark = pytest.mark.skipif(
    jing.command() is None or not TEI_ALL.is_file(),
    reason="needs Java and ../shared/reference/tei_all.rng",
)


def test_official_schema_runs_on_jing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(TEI_ALL))
    assert resolve_schema("tei-all").engine == "jing"


def test_missing_dtd_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(TEI_ALL))
    doc = (HERE / "valid" / "seed-example.xml").read_text()
    first = tmp_path / "a-doctype.xml"
    first.write_text(
        doc.replace("<TEI ", '<!DOCTYPE TEI SYSTEM "http://example.invalid/missing.dtd">\n<TEI ', 1)
    )
    include = tmp_path / "b-xinclude.xml"
    include.write_text(
        doc.replace(
            "<p>Engels in",
            '<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="secret.txt" parse="text"/>Engels in',
        )
    )
    broken = tmp_path / "c-broken.xml"
    broken.write_text(doc.replace('status="free"', 'status="open"'))
    reports = check_files([str(first), str(include), str(broken)], schema="tei-all")
    assert reports[0].issues == []
    assert [i.code for i in reports[1].issues] == [
        "rng-element-not-allowed"
    ]  # xi:include not followed
    assert "secret" not in reports[1].issues[0].message
    [issue] = reports[2].issues
    # jing reports the end of the start tag; the issue points at the attribute, as with lxml.
    assert (issue.engine, issue.code, issue.line, issue.column) == (
        "relaxng",
        "rng-attribute-value",
        20,
        23,
    )
    assert issue.xpath == "/TEI/teiHeader/fileDesc/publicationStmt/availability/@status"
    assert issue.message == 'value of attribute "status" is invalid'
    assert issue.hint == 'must be equal to "free", "restricted" or "unknown"'


def test_jing_beside_forked_workers_or_none_finds_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # --jobs 1 and 2: no worker is forked; --jobs 3: two workers are forked
    # first, and jing runs beside them.
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(TEI_ALL))
    files = [str(p) for p in sorted((HERE / "invalid").glob("*.xml"))[:12]]
    runs = [check_files(files, schema="tei-all", jobs=jobs) for jobs in (1, 2, 3)]
    assert sum(bool(r.issues) for r in runs[0]) > 3
    assert runs[0] == runs[1] == runs[2]


def test_columns_after_characters_beyond_the_bmp_are_counted_in_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # jing counts columns in UTF-16 code units: each of these six letters is two.
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(TEI_ALL))
    doc = (HERE / "valid" / "seed-example.xml").read_text()
    line = '<p>\U0001d518\U0001d52b\U0001d526\U0001d533\U0001d522\U0001d52f <hi rendx="x">a</hi><hi>b</hi></p>'
    doc = doc.replace("<p>", f"{line}\n<p>", 1)
    path = tmp_path / "astral.xml"
    path.write_text(doc, "utf-8")
    [issue] = check_files([str(path)], schema="tei-all")[0].issues
    [(number, text)] = [(n, t) for n, t in enumerate(doc.splitlines(), 1) if "rendx" in t]
    assert (issue.line, issue.column) == (number, text.index("rendx") + 1)
    assert issue.xpath.endswith("/hi[1]/@rendx")
