"""One table of issue codes: every code validation reports is in it, SARIF
rules come from it, and the README's table is the table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.validation.codes import CODES, FAMILIES, describe, markdown

HERE = Path(__file__).resolve().parent / "validate"
README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_code_reported_on_the_broken_files_is_in_the_table() -> None:
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--format",
            "json",
            "--authority",
            str(HERE / "valid" / "authority.xml"),
            str(HERE),
        ],
    )
    reported = {
        (i["code"], i["engine"]) for f in json.loads(result.output)["files"] for i in f["issues"]
    }
    assert len(reported) >= 25
    missing = [(code, engine) for code, engine in reported if code not in CODES]
    assert missing == []
    for code, engine in reported:
        entry = describe(code, engine)
        assert entry is not None and entry.description


def test_codes_of_schema_rules_are_described_by_their_engine() -> None:
    entry = describe(
        "tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2", "embedded-rules"
    )
    assert entry is FAMILIES["embedded-rules"]
    assert describe("unknown", "relaxng") is None


def test_sarif_rules_come_from_the_table() -> None:
    result = CliRunner().invoke(
        main,
        [
            "validate",
            "--format",
            "sarif",
            "--authority",
            str(HERE / "valid" / "authority.xml"),
            str(HERE / "invalid" / "ref-dangling.xml"),
        ],
    )
    [rule] = json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "ref-resolves"
    assert rule["shortDescription"]["text"] == CODES["ref-resolves"].description


def test_readme_lists_the_table() -> None:
    assert markdown() in README.read_text(), "README: paste `python -m pipeline.validation.codes`"
