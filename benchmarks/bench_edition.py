"""An edition's workflow on the development corpus, and concurrent reviews.

In a fresh folder: ``init``, the nine mia-dev texts copied into ``seeds/``,
``build``, ``entities --unreviewed``, ``accept`` (everything), ``build``,
``build --check``, a hand edit, ``build``, ``correct``: the wall time and
exit status of each step. Then ``--pairs`` times two ``accept`` runs at once
(different names, different texts, one authority list), and how many
accepted entries were lost (the target: none).

    python3 benchmarks/bench_edition.py [--pairs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEV = PROJECT.parent / "shared" / "corpus" / "mia-dev"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT), "TEI_PIPELINE_NO_SERVER": "1"}


def cli(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def step(root: Path, *args: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    process = cli(root, *args)
    out, err = process.communicate()
    return process.returncode, time.perf_counter() - start, out + err


def workflow(root: Path) -> None:
    print(f"{'step':42} {'exit':>4} {'seconds':>8}")
    for text in sorted(DEV.glob("*.txt")):
        shutil.copy(text, root / "seeds" / text.name)
    steps = [
        ("build",),
        ("entities", "--unreviewed", "--format", "json"),
        ("accept",),
        ("build",),
        ("build", "--check"),
        ("HAND EDIT",),
        ("build",),
        ("CORRECTION",),
        ("correct", "tei/03-roy-awakening-of-the-east.xml"),
        ("build", "--check"),
    ]
    edited = root / "tei" / "03-roy-awakening-of-the-east.xml"
    for args in steps:
        if args == ("HAND EDIT",):
            text = edited.read_text("utf-8")
            edited.write_text(
                text.replace("The world revolution", "The world revolution,"), "utf-8"
            )
            continue
        if args == ("CORRECTION",):
            (root / "seeds" / "03-roy-awakening-of-the-east.corrections.toml").write_text(
                '[[correction]]\nsic = "limited"\ncorr = "confined"\n'
                'context = "the world revolution was limited"\nreason = "A clearer word."\n',
                "utf-8",
            )
            continue
        code, seconds, _ = step(root, *args)
        print(f"{' '.join(args):42} {code:>4} {seconds:8.2f}")


def people(root: Path, count: int) -> tuple[list[str], list[str]]:
    """Two texts naming people, built; the names suggested in each."""
    first = [f"{a}{b}" for a in ("Al", "Be", "Ca", "Do", "El") for b in ("ma", "ra", "na", "la")]
    last = [f"{a}{b}" for a in ("Hof", "Berg", "Wald", "Stein") for b in ("er", "mann", "inger")]
    names = [f"{f} {s}" for f in first for s in last]
    for part, ours in (("a", names[: 2 * count]), ("b", names[2 * count : 4 * count])):
        body = "\n\n".join(f"Comrade {name} spoke at the meeting in the hall." for name in ours)
        (root / "seeds" / f"{part}.txt").write_text(
            f"Karl Smith 1901\n\nMinutes {part}\n\nSource: The Weekly, 1901.\n\n{body}\n", "utf-8"
        )
    assert step(root, "build")[0] == 0
    found = json.loads(
        step(root, "entities", "--unreviewed", "--format", "json")[2].split("\n\n")[0]
    )
    suggested = [sorted({m["text"] for m in found if m["file"] == f"tei/{p}.xml"}) for p in "ab"]
    return suggested[0][:count], suggested[1][:count]


def concurrent(root: Path, pairs: int) -> None:
    from pipeline.xmlio import parse_file

    in_a, in_b = people(root, pairs)
    start = time.perf_counter()
    failed = 0
    for name_a, name_b in zip(in_a, in_b):
        both = [
            cli(root, "accept", f, "--only", n)
            for f, n in (("tei/a.xml", name_a), ("tei/b.xml", name_b))
        ]
        failed += sum(1 for p in both if p.wait() != 0)
    elapsed = time.perf_counter() - start
    listing = parse_file(root / "tei" / "authority.xml")
    have = {str(n) for n in listing.xpath("//*[local-name()='persName']/text()")}
    wanted = set(in_a[: len(in_b)]) | set(in_b[: len(in_a)])
    lost = sorted(wanted - have)
    check = step(root, "build", "--check")[0]
    print(
        f"{min(len(in_a), len(in_b))} concurrent accept pairs: {len(wanted)} names,"
        f" {len(lost)} lost, {failed} runs failed, build --check exit {check}, {elapsed:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    for name, run in (("workflow", workflow), ("concurrent", lambda r: concurrent(r, args.pairs))):
        if name == "workflow" and not DEV.is_dir():
            print("no shared corpus: workflow skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "edition"
            assert step(Path(tmp), "init", "edition")[0] == 0
            run(root)


if __name__ == "__main__":
    main()
