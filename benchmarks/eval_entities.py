"""Score entity markup against gold annotations.

Gold files are lists of ``{"type", "text", "occurrence", "start", "end"}`` with
character offsets in the source ``.txt`` (the format of
``shared/corpus/mia-dev/gold``).  Each source is converted by the real
pipeline (``convert`` with the authority list and the source's corrections
file); the entity elements of ``<text>`` are mapped back to source offsets by
aligning the TEI's diplomatic text with the source (whitespace and quote
characters, which the converter moves into ``q/@rend``, are skipped).

Scores: precision, recall and F1 per type and micro-averaged, for

- overlap: a prediction is right if it overlaps a gold span of the same type,
  a gold span is found if a prediction of its type overlaps it;
- strict: same type and same span, a leading "the" (and quote marks) ignored.

Three runs, each pooled over the seed and the dev texts (counts summed, not
F1s averaged): ``project`` (with ``tei/authority.xml``), ``no-list`` (an
empty list: a bare folder) and ``leave-one-out`` (each text scored with the
entries that only it names removed from the list).  The last two are the
honest estimates for texts the project has not seen.

Usage::

    python benchmarks/eval_entities.py --pooled        # the three pooled tables
    python benchmarks/eval_entities.py --run no-list   # one run, per text and pooled
    python benchmarks/eval_entities.py --mode text     # recogniser on plain text
    python benchmarks/eval_entities.py --json          # machine-readable
    python benchmarks/eval_entities.py --errors        # list misses and false alarms
    python benchmarks/eval_entities.py --speed         # throughput with/without entities
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree

from pipeline.entities.authority import TYPE_OF_ELEMENT, Authority, load_authority
from pipeline.spans import local
from pipeline.tei import TEI_NS

TYPES = ("person", "place", "org")
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "mia-dev"
SEED = ROOT / "seeds" / "bukharin-1923-twelfth-congress.txt"
SEED_GOLD = ROOT / "tests" / "entities" / "gold" / "bukharin-1923-twelfth-congress.json"
_SKIP = set(" \t\r\n\u00a0\"'“”‘’")


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int


# ---- predictions ------------------------------------------------------------------


def _diplomatic_branch(choice: etree._Element) -> etree._Element | None:
    return next(
        (c for c in choice if local(c) in ("sic", "orig", "abbr")),
        next((c for c in choice if isinstance(c.tag, str)), None),
    )


class _Linear:
    """The diplomatic text of an element, read once, with its entity spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.pos = 0

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.pos += len(text)

    def walk(self, node: etree._Element) -> None:
        name = local(node)
        start = self.pos
        if name == "lb":
            self.add(" " if node.get("break") != "no" else "")
        elif name == "choice":
            branch = _diplomatic_branch(node)
            if branch is not None:
                self.walk(branch)
        else:
            self.add(node.text)
            for child in node:
                if isinstance(child.tag, str):
                    self.walk(child)
                self.add(child.tail)
        if name in TYPE_OF_ELEMENT:
            self.spans.append(Span(TYPE_OF_ELEMENT[name], start, self.pos))


def linearize(el: etree._Element) -> tuple[str, list[Span]]:
    """Diplomatic text of ``el`` in document order (notes included) and the
    spans of its entity elements."""
    linear = _Linear()
    linear.walk(el)
    return "".join(linear.parts), linear.spans


def align(tei_text: str, source: str) -> dict[int, int]:
    """Map offsets of significant characters of ``tei_text`` to ``source``."""
    t_idx = [i for i, c in enumerate(tei_text) if c not in _SKIP]
    s_idx = [i for i, c in enumerate(source) if c not in _SKIP]
    t_chars = "".join(tei_text[i] for i in t_idx)
    s_chars = "".join(source[i] for i in s_idx)
    mapping: dict[int, int] = {}
    if t_chars == s_chars:
        return dict(zip(t_idx, s_idx))
    matcher = difflib.SequenceMatcher(None, t_chars, s_chars, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[t_idx[a + k]] = s_idx[b + k]
    return mapping


def to_source(spans: list[Span], tei_text: str, mapping: dict[int, int]) -> list[Span]:
    out = []
    for span in spans:
        inside = [mapping[i] for i in range(span.start, span.end) if i in mapping]
        if inside:
            out.append(Span(span.type, min(inside), max(inside) + 1))
    return out


def predict_tei(source_path: Path, authority: Authority) -> list[Span]:
    from pipeline.convert.passes import Options, convert
    from pipeline.edition.build import load_corrections

    # an empty list still marks names (unlinked), as a bare folder does

    text = source_path.read_text(encoding="utf-8")
    options = Options(
        source_name=str(source_path),
        corrections=load_corrections(source_path),
        authority=authority,
    )
    tree = convert(text, options)
    text_el = tree.getroot().find(f"{{{TEI_NS}}}text")
    flat, spans = linearize(text_el)
    return to_source(spans, flat, align(flat, text))


def predict_text(source_path: Path, authority: Authority) -> list[Span]:
    from pipeline.entities.recognise import recognise_plain

    text = source_path.read_text(encoding="utf-8")
    return [Span(m.type, m.start, m.end) for m in recognise_plain(text, authority)]


# ---- scoring --------------------------------------------------------------------


def _strict_key(span: Span, source: str) -> tuple[str, int, int]:
    start, end = span.start, span.end
    while start < end and source[start] in _SKIP:
        start += 1
    while end > start and source[end - 1] in _SKIP:
        end -= 1
    if source[start : start + 4].lower() == "the ":
        start += 4
    return span.type, start, end


def score(gold: list[Span], pred: list[Span], source: str) -> dict[str, dict[str, dict]]:
    """Counts and P/R/F1 per type and micro, for overlap and strict matching."""
    result: dict[str, dict[str, dict]] = {}
    for method in ("overlap", "strict"):
        table: dict[str, dict] = {}
        for type_ in (*TYPES, "micro"):
            g = [s for s in gold if type_ in ("micro", s.type)]
            p = [s for s in pred if type_ in ("micro", s.type)]
            if method == "overlap":
                tp_p = sum(
                    any(x.type == y.type and x.start < y.end and y.start < x.end for y in g)
                    for x in p
                )
                tp_g = sum(
                    any(x.type == y.type and x.start < y.end and y.start < x.end for x in p)
                    for y in g
                )
            else:
                gk = {_strict_key(s, source) for s in g}
                pk = {_strict_key(s, source) for s in p}
                tp_p = tp_g = len(gk & pk)
            table[type_] = _prf(tp_p, len(p), tp_g, len(g))
        result[method] = table
    return result


def _prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    precision = tp_p / n_pred if n_pred else 1.0
    recall = tp_g / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp_pred": tp_p,
        "pred": n_pred,
        "tp_gold": tp_g,
        "gold": n_gold,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def merge(scores: list[dict]) -> dict:
    """Pool the counts of several documents (micro over documents)."""
    out: dict[str, dict] = {}
    for method in ("overlap", "strict"):
        out[method] = {}
        for type_ in (*TYPES, "micro"):
            c = [s[method][type_] for s in scores]
            out[method][type_] = _prf(
                sum(x["tp_pred"] for x in c),
                sum(x["pred"] for x in c),
                sum(x["tp_gold"] for x in c),
                sum(x["gold"] for x in c),
            )
    return out


def load_gold(path: Path) -> list[Span]:
    return [Span(g["type"], g["start"], g["end"]) for g in json.loads(path.read_text("utf-8"))]


def format_table(name: str, result: dict) -> str:
    lines = [name]
    for method in ("overlap", "strict"):
        for type_ in (*TYPES, "micro"):
            r = result[method][type_]
            lines.append(
                f"  {method:7} {type_:6}  P {r['precision']:.3f}  R {r['recall']:.3f}"
                f"  F1 {r['f1']:.3f}   (pred {r['pred']}, gold {r['gold']})"
            )
    return "\n".join(lines)


def errors(gold: list[Span], pred: list[Span], source: str) -> list[str]:
    out = []
    for x in pred:
        if not any(x.type == y.type and x.start < y.end and y.start < x.end for y in gold):
            out.append(f"    false alarm {x.type:6} {source[x.start : x.end]!r} @{x.start}")
    for y in gold:
        if not any(x.type == y.type and x.start < y.end and y.start < x.end for x in pred):
            out.append(f"    missed      {y.type:6} {source[y.start : y.end]!r} @{y.start}")
    return out


def speed(sources: list[Path], authority: Authority, rounds: int = 5) -> str:
    """Throughput on one core: convert with and without entities (MB/s of
    source text) and the entity pass alone (characters of source per second)."""
    import copy
    import time

    from pipeline.convert.passes import Options, convert
    from pipeline.entities.markup import mark_entities

    texts = [p.read_text(encoding="utf-8") for p in sources]
    size = sum(len(t.encode("utf-8")) for t in texts) * rounds
    chars = sum(len(t) for t in texts) * rounds
    convert(texts[0], Options(authority=authority))  # load the knowledge once
    timings = {}
    for label, on in (("convert without entities", False), ("convert with entities", True)):
        start = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                convert(text, Options(authority=authority, entities=on))
        timings[label] = time.perf_counter() - start
    trees = [convert(t, Options(entities=False)) for t in texts]
    copies = [copy.deepcopy(tree) for _ in range(rounds) for tree in trees]
    start = time.perf_counter()
    for tree in copies:
        mark_entities(tree, authority)
    alone = time.perf_counter() - start
    lines = [f"{label:26} {size / t / 1e6:6.2f} MB/s" for label, t in timings.items()]
    lines.append(f"{'entity pass alone':26} {chars / alone / 1e6:6.2f} M characters/s")
    return "\n".join(lines)


def only_in(texts: dict[str, str], authority: Authority) -> dict[str, set[str]]:
    """For each text, the ids of the entries whose forms occur in it and in no other."""
    import re

    seen: dict[str, set[str]] = {name: set() for name in texts}
    for entry in authority:
        where = [
            name
            for name, text in texts.items()
            if any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text) for f in entry.forms)
        ]
        if len(where) == 1:
            seen[where[0]].add(entry.id)
    return seen


def without(authority: Authority, ids: set[str]) -> Authority:
    kept = Authority(path=authority.path, href=authority.href)
    for entry in authority:
        if entry.id not in ids:
            kept.add(entry)
    return kept


MODES = ("project", "no-list", "leave-one-out")


def evaluate(pairs, authority: Authority, mode: str, predict, show_errors: bool):
    """Scores per text and pooled, for one way of running the recogniser."""
    texts = {src.stem: src.read_text(encoding="utf-8") for _, src, _ in pairs}
    exclusive = only_in(texts, authority) if mode == "leave-one-out" else {}
    results: dict[str, dict] = {}
    report = []
    for _group, source_path, gold_path in pairs:
        source = texts[source_path.stem]
        if mode == "no-list":
            auth = Authority()
        elif mode == "leave-one-out":
            auth = without(authority, exclusive[source_path.stem])
        else:
            auth = authority
        gold = load_gold(gold_path)
        pred = predict(source_path, auth)
        results[source_path.stem] = score(gold, pred, source)
        report.append(format_table(f"{mode}: {source_path.name}", results[source_path.stem]))
        if show_errors:
            report.extend(errors(gold, pred, source))
    results["pooled"] = merge([r for k, r in results.items()])
    report.append(format_table(f"{mode}: pooled over {len(pairs)} texts", results["pooled"]))
    return results, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mode",
        choices=("tei", "text"),
        default="tei",
        help="tei: score the converter's TEI (default); text: the recogniser alone",
    )
    parser.add_argument(
        "--run",
        choices=(*MODES, "all"),
        default="all",
        help="project: with the authority list; no-list: none at all (a bare folder);"
        " leave-one-out: each text without the entries only it names; all (default)",
    )
    parser.add_argument("--dev", type=Path, default=DEV, help="folder with *.txt and gold/*.json")
    parser.add_argument("--authority", type=Path, default=ROOT / "tei" / "authority.xml")
    parser.add_argument("--only", help="score only the texts whose name contains this")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--pooled", action="store_true", help="print pooled tables only")
    parser.add_argument("--speed", action="store_true", help="measure throughput instead")
    args = parser.parse_args(argv)

    authority = load_authority(args.authority)
    if args.speed:
        print(speed([SEED, *sorted(args.dev.glob("*.txt"))], authority))
        return 0
    predict = predict_tei if args.mode == "tei" else predict_text
    pairs: list[tuple[str, Path, Path]] = []
    if (args.dev / "gold").is_dir():
        for gold in sorted((args.dev / "gold").glob("*.json")):
            pairs.append(("dev", args.dev / (gold.stem + ".txt"), gold))
    if SEED_GOLD.exists() and SEED.exists():
        pairs.append(("seed", SEED, SEED_GOLD))
    if args.only:
        pairs = [p for p in pairs if args.only in p[1].name]
    if not pairs:
        return 2
    results: dict[str, dict] = {}
    report: list[str] = []
    for mode in MODES if args.run == "all" else (args.run,):
        results[mode], lines = evaluate(pairs, authority, mode, predict, args.errors)
        report += [lines[-1]] if args.pooled else lines
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
