"""``tei-pipeline validate`` through click's CliRunner: exit codes and exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.validation import jing

HERE = Path(__file__).resolve().parent / "validate"
AUTH = ["--authority", "valid/authority.xml"]
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def _in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


def test_valid_files_exit_0() -> None:
    assert run("valid") == (0, "3 files checked: 3 valid, 0 invalid (0 errors, 0 warnings)\n")


def test_text_report_grouped_per_file_with_summary() -> None:
    code, out = run(
        *AUTH,
        "invalid/empty-p.xml",
        "invalid/entity-unreviewed.xml",
        "invalid/value-cert.xml",
        "valid/seed-example.xml",
    )
    assert code == 1
    assert out == (
        "invalid/empty-p.xml:28:9: error [p-empty] empty paragraph: delete the p element or give it text.\n"
        "\n"
        'invalid/entity-unreviewed.xml:26:39: warning [entity-unreviewed] machine-suggested persName "Trotsky" is '
        "still unreviewed: link it to the authority list (set @ref, remove @cert and @resp) or unwrap it if it is "
        "not a name.\n"
        "\n"
        'invalid/value-cert.xml:26:77: error [rng-attribute-value] @cert="sure" is not allowed on <persName>\n'
        '    hint: @cert of <persName> must be "high", "medium", "low", "unknown".\n'
        "\n"
        "4 files checked: 2 valid, 2 invalid (2 errors, 1 warning)\n"
    )


def test_fail_on_warning() -> None:
    assert run(*AUTH, "invalid/entity-unreviewed.xml")[0] == 0
    code, out = run(*AUTH, "--fail-on", "warning", "invalid/entity-unreviewed.xml")
    assert code == 1 and out.endswith("1 file checked: 0 valid, 1 invalid (0 errors, 1 warning)\n")


def test_unreadable_or_not_xml_exits_3_and_is_reported() -> None:
    code, out = run(*AUTH, "invalid/binary.xml", "invalid/empty-p.xml", "missing.xml")
    assert code == 3
    assert out == (
        "invalid/binary.xml:1:1: error [xml-binary] binary file: not XML\n"
        "    hint: only XML text files can be validated\n"
        "\n"
        "invalid/empty-p.xml:28:9: error [p-empty] empty paragraph: delete the p element or give it text.\n"
        "\n"
        "missing.xml:1:1: error [io-missing] no such file, folder or matching glob\n"
        "\n"
        "3 files checked: 0 valid, 1 invalid, 2 unreadable (3 errors, 0 warnings)\n"
    )


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    code, out = run("--schema", "nonsense", "valid")
    assert code == 2 and "expected project, tei-all, tei-lite or an existing .rng file" in out
    assert run("--no-schematron", "--schematron", "valid/authority.xml", "valid")[0] == 2
    assert run("--format", "pdf", "valid")[0] == 2


def test_official_schema_not_found_is_a_clear_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TEI_PIPELINE_TEI_LITE", str(tmp_path / "absent.rng"))
    code, out = run("--schema", "tei-lite", "valid")
    assert code == 2
    assert (
        "schema tei-lite not found" in out
        and "never downloaded" in out
        and "TEI_PIPELINE_TEI_LITE" in out
    )


def test_broken_schema_exits_5(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rng"
    broken.write_text(
        "<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start><ref name='nowhere'/></start></grammar>"
    )
    code, out = run("--schema", str(broken), "valid")
    assert code == 5 and out.startswith("error: ") and "cannot load RelaxNG schema" in out


def test_no_schematron() -> None:
    assert run("--no-schematron", "invalid/corr-without-resp.xml")[0] == 0


def test_folders_are_recursive_and_globs_expand() -> None:
    code, out = run(*AUTH, "--format", "json", ".", "valid/*.xml")
    files = [f["file"] for f in json.loads(out)["files"]]
    expected = sorted(str(p.relative_to(HERE)) for p in HERE.rglob("*.xml"))
    assert files == expected  # the glob's files were already found: listed once
    assert code == 3  # the set holds empty and binary files


def test_json_report() -> None:
    code, out = run(*AUTH, "--format", "json", "invalid/biblscope-backwards.xml")
    data = json.loads(out)
    assert code == 1
    assert data["summary"] == {
        "files": 1,
        "valid": 0,
        "invalid": 1,
        "unreadable": 0,
        "errors": 1,
        "warnings": 0,
        "text": "1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)",
    }
    assert data["files"] == [
        {
            "file": "invalid/biblscope-backwards.xml",
            "valid": False,
            "readable": True,
            "issues": [
                {
                    "file": "invalid/biblscope-backwards.xml",
                    "line": 18,
                    "column": 108,
                    "xpath": "/TEI/teiHeader/fileDesc/sourceDesc/bibl/biblScope",
                    "engine": "schematron",
                    "code": "biblscope-range",
                    "severity": "error",
                    "message": 'biblScope runs backwards (from="488", to="483"): @from must not exceed @to; '
                    "swap them or correct the range.",
                    "hint": "",
                }
            ],
        }
    ]


def test_junit_report_one_case_per_file() -> None:
    code, out = run(
        *AUTH,
        "--format",
        "junit",
        "invalid/empty-p.xml",
        "valid/seed-example.xml",
        "invalid/empty.xml",
    )
    assert code == 3
    suite = etree.fromstring(out.encode()).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {c.get("name"): c for c in suite}
    assert cases["invalid/empty-p.xml"].find("failure").get("type") == "p-empty"
    assert len(cases["valid/seed-example.xml"]) == 0
    assert cases["invalid/empty.xml"].find("error").get("type") == "xml-empty"


def test_github_annotations() -> None:
    code, out = run(*AUTH, "--format", "github", "invalid/value-q-rend.xml")
    assert code == 1
    assert out == (
        "::error file=invalid/value-q-rend.xml,line=26,col=145,title=rng-attribute-value::"
        '@rend="guillemets" is not allowed on <q>%0A@rend of <q> must be "double-curly", "single-curly", '
        '"double-straight", "single-straight".\n'
        "1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)\n"
    )


def test_sarif_report() -> None:
    code, out = run(
        *AUTH, "--format", "sarif", "invalid/ref-dangling.xml", "invalid/entity-unreviewed.xml"
    )
    sarif = json.loads(out)
    assert code == 1 and sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == [
        "ref-resolves",
        "entity-unreviewed",
    ]
    first, second = run_["results"]
    assert first["level"] == "error" and second["level"] == "warning"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "invalid/ref-dangling.xml"},
        "region": {"startLine": 26, "startColumn": 49},
    }


def test_sarif_names_files_by_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my texts"
    folder.mkdir()
    (folder / "letter #3.xml").write_bytes((HERE / "invalid" / "ref-dangling.xml").read_bytes())
    authority = ["--authority", str(HERE / "valid" / "authority.xml")]
    code, out = run(*authority, "--format", "sarif", str(folder))
    assert code == 1 and set(_sarif_uris(out)) == {f"{folder.as_uri()}/letter%20%233.xml"}
    monkeypatch.chdir(tmp_path)
    code, out = run(*authority, "--format", "sarif", "my texts")
    assert code == 1 and set(_sarif_uris(out)) == {"my%20texts/letter%20%233.xml"}


def _sarif_uris(out: str) -> list[str]:
    results = json.loads(out)["runs"][0]["results"]
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]


def test_jobs_give_the_same_output() -> None:
    assert run(*AUTH, "invalid") == run(*AUTH, "--jobs", "4", "invalid")


def test_no_progress_bar_outside_a_terminal() -> None:
    code, out = run(
        *AUTH,
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
        "valid",
    )
    assert "validating" not in out and code == 0


@pytest.mark.skipif(
    not (SHARED / "reference" / "tei_all.rng").is_file() or jing.command() is None,
    reason="needs ../shared and Java",
)
def test_tei_all_uses_the_local_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEI_PIPELINE_TEI_ALL", str(SHARED / "reference" / "tei_all.rng"))
    code, out = run("--schema", "tei-all", "valid", "invalid/value-cert.xml")
    assert code == 1
    assert out.startswith("invalid/value-cert.xml:26:")
    assert out.endswith("4 files checked: 3 valid, 1 invalid (1 error, 0 warnings)\n")


@pytest.mark.skipif(
    not (SHARED / "reference" / "tei_lite.rng").is_file(), reason="../shared is absent"
)
def test_without_java_official_schemas_fall_back_to_libxml2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(jing, "command", lambda: None)
    monkeypatch.setenv("TEI_PIPELINE_TEI_LITE", str(SHARED / "reference" / "tei_lite.rng"))
    lite = tmp_path / "lite.xml"
    lite.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
        "<titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt>"
        "<sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
        "<text><body><p>Text.</p></body></text></TEI>"
    )
    result = CliRunner().invoke(main, ["validate", "--schema", "tei-lite", str(lite)])
    assert result.exit_code == 0
    assert result.output == (
        "warning: Java not found; validating against tei-lite with libxml2\n"
        "1 file checked: 1 valid, 0 invalid (0 errors, 0 warnings)\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_is_one_line_and_exit_3() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "TEI_PIPELINE_NO_SERVER": "1"}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "validate", "valid"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
    assert done.returncode == 3
    assert done.stderr == "error: standard output: cannot write: No space left on device\n"
