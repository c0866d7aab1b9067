"""Our RelaxNG verdicts against jing's recorded ones (``tests/conformance``):
lxml on the project schema, and tei_all without Java (compiled reduced to the
names the documents use), on the TEI P5 test files and on mutated ADL files
and fixtures. Needs no Java; sets built from ../shared skip without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import SETS, SHARED, key, recorded

from pipeline.results import Outcome
from pipeline.validation import jing
from pipeline.validation.batch import check_files

TEI_ALL = SHARED / "reference" / "tei_all.rng"
NEEDS_SHARED = {"tei-p5-test", "adl-mutants"}


def _ours(files: list[Path], schema: str) -> dict[str, str]:
    """valid / invalid / unreadable for each file, as the grammar alone says."""
    results = check_files([str(f) for f in files], schema=schema, schematron=False, embedded=False)
    out = {}
    for result in results:
        if result.outcome is Outcome.UNREADABLE:
            out[result.source] = "unreadable"
        else:
            failed = any(i.severity == "error" for i in result.issues)
            out[result.source] = "invalid" if failed else "valid"
    return out


@pytest.mark.parametrize("name", sorted(SETS))
def test_verdicts_are_jings(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema_name, make = SETS[name]
    if schema_name == "tei-all" and not TEI_ALL.is_file():
        pytest.skip("../shared/reference/tei_all.rng is absent")
    if name in NEEDS_SHARED and not SHARED.is_dir():
        pytest.skip("../shared is absent")
    monkeypatch.setattr(jing, "command", lambda: None)  # the engine without Java
    files = make(tmp_path / name)
    record = recorded()[name]
    keys = {str(f): key(f) for f in files}
    stale = [k for k in keys.values() if k not in record]
    assert not stale, f"the corpus changed: run python tests/conformance/record.py ({stale[:3]})"
    schema = str(TEI_ALL) if schema_name == "tei-all" else "project"
    ours = _ours(files, schema)
    both = [f for f in keys if record[keys[f]] != "unreadable" and ours[f] != "unreadable"]
    assert len(both) >= 0.8 * len(files)  # files jing or we cannot read are few
    disagree = [
        (Path(f).name, record[keys[f]], ours[f]) for f in both if record[keys[f]] != ours[f]
    ]
    assert disagree == []
    assert {record[keys[f]] for f in both} == {"valid", "invalid"}  # the set tests both ways


@pytest.mark.skipif(not TEI_ALL.is_file(), reason="../shared/reference/tei_all.rng is absent")
@pytest.mark.parametrize(
    "text",
    [
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>hi</p></body></text></TEI>',
        '<div xmlns="http://www.tei-c.org/ns/1.0"><p>hi</p></div>',
    ],
)
def test_a_document_alone_lacking_what_tei_all_requires_is_invalid(
    text: str, tmp_path: Path
) -> None:
    # alone in its batch: the grammar is reduced to its names only (jing: invalid)
    path = tmp_path / "doc.xml"
    path.write_text(text)
    assert _ours([path], str(TEI_ALL)) == {str(path): "invalid"}
