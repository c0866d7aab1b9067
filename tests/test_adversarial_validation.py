"""Validation of hostile and huge input: documents named by @ref that are no
regular files, URLs and malformed URIs, control characters in values, deep
or looping schemas and folders, and many issues in one document (sizes where
quadratic work would show; bounds generous, for a loaded machine)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.validation.batch import check_files, expand_paths

HERE = Path(__file__).resolve().parent / "validate" / "valid"
SEED = (HERE / "seed-example.xml").read_text()
AUTHORITY = HERE / "authority.xml"

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _with(tmp_path: Path, markup: str, name: str = "doc.xml") -> Path:
    (tmp_path / "authority.xml").write_bytes(AUTHORITY.read_bytes())
    doc = tmp_path / name
    doc.write_text(SEED.replace("<p>Engels in", f"<p>{markup}Engels in", 1))
    return doc


def _validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/proc/self/fd/0", "fifo"])
@pytest.mark.parametrize("rules", ["project", "stylesheet"])
def test_ref_to_what_is_no_regular_file_is_an_issue(
    target: str, rules: str, tmp_path: Path
) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo.xml")
        target = "fifo.xml"
    doc = _with(tmp_path, f'<persName ref="{target}#x">Marx</persName>')
    args = [str(doc)]
    if rules == "stylesheet":  # the same rules run as any .sch is, through lxml
        sch = tmp_path / "rules.sch"
        sch.write_bytes(
            (Path(__file__).resolve().parents[1] / "schema" / "tei-pipeline.sch").read_bytes()
        )
        args = ["--schematron", str(sch), *args]
    start = time.monotonic()
    code, out = _validate(*args)
    assert time.monotonic() - start < 60  # no unbounded read, no hang
    line = next(
        n
        for n, t in enumerate(doc.read_text().splitlines(), 1)
        if "persName ref=" in t and "#x" in t
    )
    assert f"{doc}:{line}:" in out and "[authority-missing]" in out
    assert code == 1


def test_url_and_malformed_uri_are_issues_of_their_file_only(tmp_path: Path) -> None:
    url = _with(tmp_path, '<persName ref="http://example.invalid/a.xml#x">M</persName>', "url.xml")
    typo = _with(tmp_path, '<persName ref="a b.xml#x">M</persName>', "typo.xml")
    good = _with(tmp_path, "", "good.xml")
    code, out = _validate("--format", "sarif", str(url), str(typo), str(good))
    assert code == 1  # invalid documents, not a broken resource
    results = json.loads(out)["runs"][0]["results"]
    at_ref = [
        r
        for r in results
        if r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].endswith("persName/@ref")
    ]
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in at_ref}
    # the URL is never fetched; the typo is not a URI
    assert files == {url.as_uri(), typo.as_uri()}
    assert "authority-missing" in {r["ruleId"] for r in at_ref}


def test_a_failing_stylesheet_rule_is_an_issue_of_its_file(tmp_path: Path) -> None:
    typo = _with(tmp_path, '<persName ref="#a b">M</persName>', "typo.xml")
    good = _with(tmp_path, "", "good.xml")
    sch = tmp_path / "rules.sch"
    sch.write_bytes(
        (Path(__file__).resolve().parents[1] / "schema" / "tei-pipeline.sch").read_bytes()
    )
    code, out = _validate("--schematron", str(sch), str(typo), str(good))
    assert code == 1 and "2 files checked: 1 valid, 1 invalid" in out


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "json", "sarif"])
def test_control_characters_cannot_forge_report_lines(fmt: str, tmp_path: Path) -> None:
    doc = _with(
        tmp_path,
        '<persName ref="x&#10;::error file=forged.xml::owned&#13;&#x9b;31m&#x2028;">M</persName>',
    )
    code, out = _validate("--format", fmt, str(doc))
    assert code == 1
    lines = out.splitlines()
    if fmt == "text":
        starts = (str(doc), "    hint: ", "1 file checked")
        assert all(line.startswith(starts) or not line for line in lines)
        assert "\x9b" not in out and "\r" not in out and "\u2028" not in out
    elif fmt == "github":
        assert all(
            line.startswith(("::error file=" + str(doc), "::warning", "1 file")) for line in lines
        )
        assert "\x9b" not in out and "\r" not in out
    elif fmt == "junit":
        etree.fromstring(out.encode())  # well-formed XML: no raw control characters
        assert "\x9b" not in out
    else:
        json.loads(out)
        assert "\x9b" not in out and "\r" not in out and "\u2028" not in out


def test_characters_that_are_no_control_characters_are_reported_as_they_are(
    tmp_path: Path,
) -> None:
    # a no-break space and a soft hyphen: not "printable" to Python, yet text
    doc = _with(tmp_path, '<persName ref="x\u00a0y\u00ad">Marx</persName>')
    code, out = _validate(str(doc))
    assert code == 1 and 'ref="x\u00a0y\u00ad"' in out


def test_a_line_break_alone_cannot_forge_a_text_report_line(tmp_path: Path) -> None:
    doc = _with(tmp_path, '<persName ref="x&#10;forged.xml:1:1: error [x] owned">M</persName>')
    code, out = _validate(str(doc))
    assert code == 1
    assert not any(line.startswith("forged.xml") for line in out.splitlines())
    assert "\\nforged.xml:1:1" in out


def test_deep_schema_recursion_is_refused(tmp_path: Path) -> None:
    n = 20_000
    defines = "".join(f'<define name="d{i}"><ref name="d{i + 1}"/></define>' for i in range(n))
    schema = tmp_path / "deep.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="TEI">'
        f'<ref name="d0"/></element></start>{defines}<define name="d{n}"><text/></define></grammar>'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI><a/></TEI>")
    code, out = _validate("--schema", str(schema), str(doc))
    assert code == 5
    assert "nest" in out and "deep" in out


def test_fifo_included_by_a_schema_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "part.rng")
    schema = tmp_path / "main.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="part.rng"/>'
        '<start><element name="TEI"><text/></element></start></grammar>'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text("<TEI/>")
    start = time.monotonic()
    code, out = _validate("--schema", str(schema), str(doc))
    assert time.monotonic() - start < 60
    assert code == 5 and "not a regular file" in out


def test_fifo_included_by_rules_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "part.sch")
    sch = tmp_path / "rules.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><include href="part.sch"/></schema>'
    )
    code, out = _validate("--schematron", str(sch), str(_with(tmp_path, "")))
    assert code == 5 and out.startswith("error: ") and "not a regular file" in out


def test_rules_with_an_external_entity_give_a_message(tmp_path: Path) -> None:
    sch = tmp_path / "rules.sch"
    sch.write_text(
        '<?xml version="1.0"?><!DOCTYPE schema [<!ENTITY e SYSTEM "/etc/passwd">]>'
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><title>&e;</title></schema>'
    )
    code, out = _validate("--schematron", str(sch), str(_with(tmp_path, "")))
    assert code == 5 and out.startswith("error: ") and "external entit" in out
    assert "Traceback" not in out and "root:" not in out


def test_symlink_loop_under_a_folder_ends(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "loop").symlink_to(folder)
    (folder / "a" / "doc.xml").write_text("<TEI/>")
    files, missing = expand_paths([str(folder)])
    assert files == [str(folder / "a" / "doc.xml")] and missing == []


# ---- sizes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "count"),
    [
        ('<persName resp="#ner" cert="low">Lenin</persName> ', 40_000),
        ('<ref target="#nowhere">x</ref>', 40_000),
        ('<date when="1923-13">x</date>', 40_000),
    ],
    ids=["unreviewed-names", "dangling-targets", "bad-dates"],
)
def test_many_issues_in_one_document(markup: str, count: int, tmp_path: Path) -> None:
    """Quadratic work would take many minutes here; linear work a few seconds."""
    doc = _with(tmp_path, markup * count)
    start = time.monotonic()
    [result] = check_files([str(doc)])
    from pipeline.validation.report import render_report

    for fmt in ("text", "sarif", "junit"):
        render_report([result], fmt)
    assert count <= len(result.issues) <= count + 2  # and the word count of the extent
    assert time.monotonic() - start < 120
