"""The converter's guarantees on short texts in the MIA layout that the tests
carry themselves (``tests/texts/``: a letter, verse and a block quotation,
lists and a table, chapters with footnotes, numbered points), so that a
clone without the shared corpus still checks them: every word of the source
is kept, in order; the output is the same in every process; it is valid
under the project's schema and rules and under the official TEI schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import carried_texts

from pipeline.convert.passes import Options, convert, source_words, tei_words
from pipeline.convert.source import decode
from pipeline.validation.validate import iter_issues
from pipeline.xmlio import serialize

TEXTS = carried_texts()


def _convert(path: Path):
    return convert(decode(path.read_bytes(), str(path)), Options(source_name=path.name))


def _cli_convert(out: Path, *args: str, **env: str) -> list[Path]:
    """``tei-pipeline convert tests/texts -o OUT ARGS``; the files written."""
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "convert", str(TEXTS[0].parent), "-o", str(out), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=out.parent,  # no tei/authority.xml there: an archive's first texts
        env=dict(os.environ, **env),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return sorted(out.glob("*.xml"))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _cli_convert(tmp_path_factory.mktemp("carried") / "tei", "--jobs", "1")


def test_the_texts_are_there() -> None:
    assert len(TEXTS) >= 4
    for text in TEXTS:
        assert 100 < len(source_words(text.read_text(encoding="utf-8"))) < 1000, text.name


@pytest.mark.parametrize("text", TEXTS, ids=lambda p: p.stem)
def test_every_word_of_the_source_is_kept_in_order(text: Path) -> None:
    source = decode(text.read_bytes(), str(text))
    assert tei_words(_convert(text)) == source_words(source)


def test_the_output_is_the_same_in_every_process(converted: list[Path], tmp_path: Path) -> None:
    # another hash seed, and worker processes instead of one
    again = _cli_convert(tmp_path / "again", "--jobs", "2", PYTHONHASHSEED="12345")
    assert (
        [p.name for p in again]
        == [p.name for p in converted]
        == [t.with_suffix(".xml").name for t in TEXTS]
    )
    for first, second in zip(converted, again):
        assert first.read_bytes() == second.read_bytes(), first.name
    for text in TEXTS:
        assert serialize(_convert(text)) == serialize(_convert(text)), text.name


def test_the_output_is_valid_under_the_project_schema(converted: list[Path]) -> None:
    errors = [str(i) for path in converted for i in iter_issues(path) if i.severity == "error"]
    assert errors == []


def test_the_output_is_valid_tei(converted: list[Path], jing_tei_all) -> None:
    assert jing_tei_all(converted) == ""
