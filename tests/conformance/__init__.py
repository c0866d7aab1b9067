"""The conformance corpus: documents with jing's verdict on them recorded
(``verdicts.json``), so that every change to a validation engine is checked
against jing, with or without Java.

The documents are the TEI P5 test files (``../shared``), and mutations of
real files made here, deterministically: of the ADL files (``../shared``,
against tei_all) and of the project's own fixtures (against tei_all and the
project schema; these need nothing outside the repository). Each mutated
file is recorded with the digest of its bytes, so a change in the generator
shows as a stale record, not as a disagreement. Files jing cannot read
(a missing DTD, an XInclude) are recorded as such and left out of the
comparison: the project never reads them the way jing tries to.

Record afresh with jing: ``python tests/conformance/record.py``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
SHARED = PROJECT.parent / "shared"
FIXTURES = PROJECT / "tests" / "validate" / "valid"
VERDICTS = HERE / "verdicts.json"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
BAD_VALUES = ["x y", "", "1923-13", "#", "sectoin", "-1", "2020-02-30"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _edits(tree: etree._ElementTree, rng: random.Random) -> None:
    """One random edit: delete, double, move or rename an element; drop an
    attribute, spoil its value or add one."""
    elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    el = rng.choice(elements)
    action = rng.randrange(7)
    if action == 0:
        el.getparent().remove(el)
    elif action == 1:
        twin = copy.deepcopy(el)
        for sub in twin.iter():
            if isinstance(sub.tag, str):
                sub.attrib.pop(XML_ID, None)
        el.addnext(twin)
    elif action == 2 and el.getnext() is not None:
        el.getnext().addnext(el)
    elif action == 3:
        other = rng.choice(elements)
        el.tag = other.tag
    elif action == 4 and el.attrib:
        el.attrib.pop(rng.choice(sorted(el.attrib)))
    elif action == 5 and el.attrib:
        el.set(rng.choice(sorted(el.attrib)), rng.choice(BAD_VALUES))
    else:
        el.set(rng.choice(["type", "when", "n", "rend", "bogus"]), rng.choice(BAD_VALUES))


def mutations(sources: list[Path], folder: Path, per_file: int, seed: int = 16) -> list[Path]:
    """``per_file`` mutated copies of each source in ``folder``, the same every run."""
    out = []
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        rng = random.Random(f"{seed}-{source.name}")
        base = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
        for n in range(per_file):
            tree = copy.deepcopy(base)
            _edits(tree, rng)
            path = folder / f"{source.stem}-m{n:02d}.xml"
            path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
            out.append(path)
    return out


def adl_sources() -> list[Path]:
    """The smallest ADL files (quick to validate; mutated for the corpus)."""
    folder = SHARED / "corpus" / "tei-real" / "adl"
    return sorted(folder.glob("*.xml"), key=lambda p: (p.stat().st_size, p.name))[:12]


def p5_test_files() -> list[Path]:
    return sorted((SHARED / "corpus" / "tei-real" / "tei-p5-test").rglob("*.xml"))


def fixture_sources() -> list[Path]:
    return [FIXTURES / "seed-example.xml", FIXTURES / "editorial-markup.xml"]


# name -> (schema: "tei-all" | "project", how to make the files in a folder)
SETS: dict[str, tuple[str, Callable[[Path], list[Path]]]] = {
    "tei-p5-test": ("tei-all", lambda _folder: p5_test_files()),
    "adl-mutants": ("tei-all", lambda folder: mutations(adl_sources(), folder, 25)),
    "fixture-mutants-tei-all": ("tei-all", lambda folder: mutations(fixture_sources(), folder, 60)),
    "fixture-mutants-project": (
        "project",
        lambda folder: mutations(fixture_sources(), folder, 60, 17),
    ),
}


def key(path: Path) -> str:
    """A file's name in the record: its name and the digest of its bytes."""
    return f"{path.name}:{digest(path)}"


def recorded() -> dict[str, dict[str, str]]:
    return json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}
