"""Score the converter on pages in their many MIA layouts.

Converts every ``.txt`` of a folder (or of its ``texts/``) and compares the TEI
with the structure each page's own markup shows, the records of an
``expected.jsonl`` (the format of ``shared/corpus/mia-layouts``), in the ways
that corpus's README describes. Text is compared word by word, lower-cased,
without punctuation.

- converts, keeps every word, valid by ``tei-pipeline validate`` and by the
  official ``tei_all`` (jing);
- info lines: 60 % of a line's content words (its value after any ``Label:``)
  in the right ``teiHeader`` element;
- title lines after the first: in ``titleStmt/title``, ``front/docTitle`` or
  ``front/docDate``, and no block of the body;
- notes: a ``note`` beginning with the note's text; ``[n]`` references: a
  ``ref``/``ptr`` whose ``@target`` is that note;
- block quotations and boxes: inside a block-level ``quote``, ``cit`` or ``lg``;
- list items (precision and recall), signature blocks (every line in
  ``closer``, ``signed``, ``salute`` or ``dateline``), headings (precision and
  recall of the ``head``s of body and back).

Without ``expected.jsonl`` only the first three rows are measured.

    python benchmarks/eval_layout.py ../shared/corpus/mia-layouts
    python benchmarks/eval_layout.py ../shared/corpus/mia-layouts --part odd --errors notes
    python benchmarks/eval_layout.py ../shared/corpus/mia-dev --no-jing
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree

from pipeline.convert.passes import Options, convert
from pipeline.convert.source import decode
from pipeline.errors import PipelineError
from pipeline.spans import local
from pipeline.tei import NSMAP
from pipeline.xmlio import serialize

sys.path.insert(0, str(ROOT / "benchmarks"))
from layout_match import PLACES, QUOTED, STOP, Stream, in_stream, info_kind, stream, words

TEI_ALL = ROOT.parent / "shared" / "reference" / "tei_all.rng"
INLINE = {"p", "ab", "head", "item", "l", "cell"}
LABEL = re.compile(r"^\s*(?P<label>[A-Z][\w/\\&'’\- ]{0,40}?)\s*:(?!//)\s*(?P<value>.*)$")
# The README's known imperfections: entries that are not what their field says.
NOT_COUNTED = {
    ("266-plekhanov-1901-xx-cant.txt", "sigs"),
    ("252-plekhanov-1889-champ-index.txt", "boxes"),
}


def xp(el: etree._Element, path: str) -> list:
    return el.xpath(path, namespaces=NSMAP)  # type: ignore[return-value]


def text_words(el: etree._Element) -> list[str]:
    return words(" ".join(el.itertext()))


# ---- scores -------------------------------------------------------------------------


@dataclass
class Tally:
    hit: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hit += ok
        if not ok:
            self.misses.append(what)

    def cell(self) -> str:
        if not self.total:
            return "–"
        return f"{100 * self.hit / self.total:5.1f} % ({self.hit}/{self.total})"


ROWS = {
    "convert": "converts",
    "words": "keeps every word",
    "valid": "valid by tei-pipeline validate",
    "tei_all": "valid by tei_all (jing)",
    "info": "info lines in their teiHeader element",
    "title": "title lines after the first in the title / docDate",
    "notes": "notes as note",
    "refs": "[n] references linked to their note",
    "quotes": "block quotations and boxes as quote / cit / lg",
    "list_p": "list items that are real items (precision)",
    "list_r": "real list items that are items (recall)",
    "sigs": "signature blocks as closer / signed / salute / dateline",
    "head_p": "headings as head (precision)",
    "head_r": "headings as head (recall)",
}


def score_info(name: str, rec: dict, tree: etree._ElementTree, t: dict[str, Tally]) -> None:
    header = xp(tree.getroot(), "tei:teiHeader")[0]
    previous: tuple[str, str] | None = None
    for line in rec["info_lines"]:
        m = LABEL.match(line)
        label, value = (m["label"], m["value"]) if m else (None, line)
        kind = info_kind(label, value, previous)
        previous = (kind, value) if label is None else ("labelled", value)
        content = [w for w in words(value) if not STOP.fullmatch(w)]
        found: set[str] = set()
        for el in xp(header, PLACES[kind]):
            found |= set(text_words(el))
        ok = not content or sum(w in found for w in content) >= 0.6 * len(content)
        t["info"].add(ok, f"{name}: [{kind}] {line[:90]}")


def score_titles(name: str, rec: dict, tree: etree._ElementTree, t: dict[str, Tally]) -> None:
    root = tree.getroot()
    places = xp(root, "tei:teiHeader//tei:titleStmt/tei:title | tei:text/tei:front/tei:docTitle")
    places += xp(root, "tei:text/tei:front/tei:docDate")
    texts = [" ".join(text_words(el)) for el in places]
    blocks = {
        " ".join(text_words(el))
        for el in xp(root, "tei:text/tei:body//* | tei:text/tei:back//*")
        if local(el) in INLINE
    }
    for line in rec["title_lines"][1:]:
        want = " ".join(words(line))
        ok = any(f" {want} " in f" {have} " for have in texts) and want not in blocks
        t["title"].add(ok, f"{name}: {line[:90]}")


def _strip_marker(ws: list[str]) -> list[str]:
    return ws[1:] if ws and ws[0].isdigit() else ws


def score_notes(name: str, rec: dict, tree: etree._ElementTree, t: dict[str, Tally]) -> None:
    text_el = xp(tree.getroot(), "tei:text")[0]
    notes = xp(text_el, ".//tei:note")
    bodies = [_strip_marker(text_words(n)) for n in notes]
    used: set[int] = set()
    for line in rec["notes"]:
        want = _strip_marker(words(line))
        hit = next(
            (i for i, b in enumerate(bodies) if i not in used and b[: len(want)] == want), None
        )
        if hit is not None:
            used.add(hit)
        t["notes"].add(hit is not None, f"{name}: {line[:90]}")
    ids = {n.get("{http://www.w3.org/XML/1998/namespace}id"): n for n in notes}
    linked = 0
    for ref in xp(text_el, ".//tei:ref | .//tei:ptr"):
        target = ids.get((ref.get("target") or "").lstrip("#"))
        if target is None:
            continue
        number = words(" ".join(ref.itertext())) or [ref.get("n") or ""]
        linked += number[0] == (target.get("n") or "")
    for i in range(rec["noterefs"]):
        t["refs"].add(i < linked, f"{name}: reference {i + 1} of {rec['noterefs']}")


def score_blocks(name: str, rec: dict, s: Stream, t: dict[str, Tally]) -> None:
    for field_, tally, flag in (("quotes", "quotes", "quoted"), ("boxes", "quotes", "quoted")):
        if (name, field_) in NOT_COUNTED:
            continue
        pos = 0
        for entry in rec[field_]:
            ok, pos = in_stream(s, entry, flag, pos)
            t[tally].add(ok, f"{name}: {entry[:90]!r}")
    if (name, "sigs") not in NOT_COUNTED:
        pos = 0
        for entry in rec["sigs"]:
            ok = True
            for line in entry.split("\n"):
                line_ok, pos = in_stream(s, line, "signed", pos)
                ok = ok and line_ok
            t["sigs"].add(ok, f"{name}: {entry[:90]!r}")


def score_lists_heads(name: str, rec: dict, tree: etree._ElementTree, t: dict[str, Tally]) -> None:
    root = tree.getroot()
    quoted = " ".join(" ".join(words(q)) for q in rec["quotes"] + rec["boxes"])
    want_items = [" ".join(words(i)) for i in rec["list_items"] if " ".join(words(i)) not in quoted]
    have_items = [
        " ".join(text_words(el))
        for el in xp(root, "tei:text//tei:item")
        if not any(local(a) in QUOTED for a in el.iterancestors())
    ]
    _pr(name, have_items, want_items, t["list_p"], t["list_r"])
    heads = [
        " ".join(text_words(el))
        for el in xp(root, "tei:text/tei:body//tei:head | tei:text/tei:back//tei:head")
        if not any(local(a) in QUOTED | {"list", "table"} for a in el.iterancestors())
    ]
    wanted = [" ".join(words(h)) for h in rec["headings"]]
    # a heading without words ("* * *" set as a heading) has nothing to compare
    _pr(name, [h for h in heads if h], [w for w in wanted if w], t["head_p"], t["head_r"])


def _pr(name: str, have: list[str], want: list[str], p: Tally, r: Tally) -> None:
    both = Counter(have) & Counter(want)
    left = Counter(both)
    for h in have:
        ok = left[h] > 0
        left[h] -= ok
        p.add(ok, f"{name}: extra {h[:90]!r}")
    left = Counter(both)
    for w in want:
        ok = left[w] > 0
        left[w] -= ok
        r.add(ok, f"{name}: missed {w[:90]!r}")


# ---- the run ---------------------------------------------------------------------------


def sources(folder: Path) -> list[Path]:
    texts = folder / "texts"
    return sorted((texts if texts.is_dir() else folder).glob("*.txt"))


def run(paths: list[Path], expected: dict[str, dict], jing: bool) -> dict[str, Tally]:
    from pipeline.validation.batch import check_files

    t = {key: Tally() for key in ROWS}
    with tempfile.TemporaryDirectory() as tmp:
        written: list[str] = []
        for path in paths:
            name = path.name
            try:
                text = decode(path.read_bytes(), str(path))
                tree = convert(text, Options(source_name=name))
            except PipelineError as exc:
                t["convert"].add(False, f"{name}: {exc}")
                t["words"].add("changed the words" not in str(exc), f"{name}: {exc}")
                continue
            t["convert"].add(True, name)
            t["words"].add(True, name)
            out = Path(tmp) / f"{path.stem}.xml"
            out.write_bytes(serialize(tree))
            written.append(str(out))
            rec = expected.get(name)
            if rec is not None:
                score_page(name, rec, tree, t)
        for result in check_files(written, schematron=True):
            errors = [str(i) for i in result.issues if i.severity == "error"]
            t["valid"].add(not errors, f"{Path(result.source).name}: {errors[:1]}")
        if jing and TEI_ALL.exists():
            from pipeline.validation import jing as jing_

            for file, issues in jing_.validate(TEI_ALL, written).items():
                t["tei_all"].add(not issues, f"{Path(file).name}: {[str(i) for i in issues[:1]]}")
    return t


def score_page(name: str, rec: dict, tree: etree._ElementTree, t: dict[str, Tally]) -> None:
    score_info(name, rec, tree, t)
    score_titles(name, rec, tree, t)
    score_notes(name, rec, tree, t)
    s = stream(xp(tree.getroot(), "tei:text")[0])
    score_blocks(name, rec, s, t)
    score_lists_heads(name, rec, tree, t)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of .txt (or with texts/)")
    parser.add_argument("--expected", type=Path, help="default: FOLDER/expected.jsonl")
    parser.add_argument(
        "--part", choices=["all", "even", "odd"], default="all", help="every other page"
    )
    parser.add_argument("--no-jing", action="store_true", help="skip tei_all (jing)")
    parser.add_argument("--errors", nargs="*", metavar="ROW", help="list the misses of rows")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    paths = sources(args.folder)
    if args.part != "all":
        paths = paths[0 if args.part == "even" else 1 :: 2]
    exp_path = args.expected or args.folder / "expected.jsonl"
    expected: dict[str, dict] = {}
    if exp_path.exists():
        for row in exp_path.read_text("utf-8").splitlines():
            if row.strip():
                rec = json.loads(row)
                expected[rec["file"]] = rec
    tallies = run(paths, expected, jing=not args.no_jing)
    if args.json:
        print(json.dumps({k: [v.hit, v.total] for k, v in tallies.items()}))
    else:
        print(f"{len(paths)} texts in {args.folder} ({args.part})\n")
        print("| what the page has | encoded as it should be |\n|---|---|")
        for key, label in ROWS.items():
            if tallies[key].total:
                print(f"| {label} | {tallies[key].cell()} |")
    for key in args.errors or []:
        print(f"\n## {key}")
        for miss in tallies[key].misses:
            print("  ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
