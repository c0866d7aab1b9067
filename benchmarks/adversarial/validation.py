"""Adversarial inputs for validation: many issues in one document (positions
are worked out once per document, so each issue costs the same)."""

from __future__ import annotations

from pathlib import Path
from tempfile import mkdtemp

from adversarial import Case
from pipeline.validation.batch import check_files
from pipeline.validation.report import render_report

HERE = Path(__file__).resolve().parents[2] / "tests" / "validate" / "valid"
SEED = (HERE / "seed-example.xml").read_text()


def _document(markup: str, size: int) -> str:
    """The seed document with ``size`` copies of ``markup`` in its first paragraph, one line."""
    folder = Path(mkdtemp(prefix="tei-pipeline-adversarial-"))
    (folder / "authority.xml").write_bytes((HERE / "authority.xml").read_bytes())
    path = folder / f"many-{size}.xml"
    path.write_text(SEED.replace("<p>Engels in", "<p>" + markup * size + "Engels in", 1))
    return str(path)


def _validate(path: str) -> int:
    results = check_files([path])
    render_report(results, "text")
    render_report(results, "sarif")
    return len(results[0].issues)


CASES = {
    # RelaxNG and the date rule: a large document's RelaxNG errors are read
    # straight from libxml2 (lxml's log counts each node's preceding siblings).
    "bad-dates": Case(
        build=lambda size: _document('<date when="1923-13">x</date>', size),
        run=_validate,
        base=12_500,
    ),
    # The project rules alone: warnings on machine-suggested names.
    "unreviewed-names": Case(
        build=lambda size: _document('<persName resp="#ner" cert="low">Lenin</persName> ', size),
        run=_validate,
        base=12_500,
    ),
    # Dangling pointers: each needs its position and path.
    "dangling-targets": Case(
        build=lambda size: _document('<ref target="#nowhere">x</ref>', size),
        run=_validate,
        base=12_500,
    ),
}
