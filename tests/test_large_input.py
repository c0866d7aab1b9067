"""Large inputs: a 50 MB text and a line of 1 MB convert to valid TEI with
every paragraph kept, and an error deep inside a long line is reported with
its position and a short excerpt, not the whole line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from pipeline.cli import main
from pipeline.results import Outcome
from pipeline.tei import NSMAP
from pipeline.validation.batch import check_files
from pipeline.xmlio import parse_file


def _paragraphs() -> tuple[list[str], list[str]]:
    """The seed's header blocks and its body paragraphs (no notes)."""
    blocks = [b for b in SEED.read_text("utf-8").split("\n\n") if b.strip()]
    body = [
        b
        for b in blocks[3:]
        if not b.startswith(("Notes", "[", "*")) and "\n" not in b and len(b) > 200
    ]
    return blocks[:3], body


def _convert(source: Path, out: Path) -> str:
    # validated by the tests themselves (grammar only: the rules have tests of their own)
    result = CliRunner().invoke(
        main, ["convert", "--no-entities", "--no-validate", str(source), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _body_paragraphs(out: Path) -> list[str]:
    tree = parse_file(out)
    return [p.xpath("string()") for p in tree.xpath("//tei:body//tei:p", namespaces=NSMAP)]


def test_fifty_megabyte_text(tmp_path: Path) -> None:
    header, body = _paragraphs()
    paragraphs: list[str] = []
    size = 0
    while size < 50_000_000:
        paragraphs.append(body[len(paragraphs) % len(body)])
        size += len(paragraphs[-1].encode()) + 2
    source = tmp_path / "big.txt"
    source.write_text("\n\n".join(header + paragraphs) + "\n", "utf-8")
    assert source.stat().st_size >= 50_000_000
    out = tmp_path / "big.xml"
    _convert(source, out)
    found = _body_paragraphs(out)
    assert len(found) == len(paragraphs)
    assert [" ".join(p.split()) for p in (found[0], found[-1])] == [
        " ".join(p.split()) for p in (paragraphs[0], paragraphs[-1])
    ]
    [report] = check_files([str(out)], schematron=False)
    assert report.outcome is Outcome.OK and report.issues == []


def test_one_megabyte_line(tmp_path: Path) -> None:
    header, body = _paragraphs()
    line = " ".join(body)
    line = (line + " ") * (1_000_000 // len(line) + 1)
    line = line[:1_000_000].rsplit(" ", 1)[0]
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join([*header, line]) + "\n", "utf-8")
    out = tmp_path / "long.xml"
    _convert(source, out)
    [found] = _body_paragraphs(out)
    assert len(found) > 990_000
    assert re.findall(r"\w+", found) == re.findall(r"\w+", line)  # quotation marks become <q>
    [report] = check_files([str(out)], schematron=False)
    assert report.outcome is Outcome.OK and report.issues == []


def test_error_deep_in_a_long_line_is_located_and_excerpted(tmp_path: Path) -> None:
    header, _ = _paragraphs()
    line = "word " * 200_000 + "\x0c" + "end."
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join([*header, line]) + "\n", "utf-8")
    line_number = "\n\n".join(header).count("\n") + 3
    result = CliRunner().invoke(main, ["convert", "--no-entities", str(source)])
    assert result.exit_code == 3
    message, shown, caret = result.stderr.splitlines()
    assert message == (
        f"error: {source}:{line_number}:1000001: control character U+000C is not allowed in XML"
    )
    assert len(shown) < 120 and shown.endswith("word \u240cend.")
    assert shown[len(caret) - 1] == "\u240c"


@pytest.fixture(autouse=True)
def _seed_present() -> None:
    if not SEED.exists():
        pytest.skip("the seed text is not in seeds/")
