"""Benchmark: ``tei-pipeline validate`` against jing on the project schema.

Prints, for one invocation of each tool on the same files (wall time,
interpreter and JVM start-up included, median of several runs):

- a folder of >= 500 TEI files (variants of the valid fixtures and of any
  converter output in tei/), with and without the Schematron rules;
- one small file, each run in its own process and with ``tei-pipeline
  serve`` running (the editor's set-up), and the folder again with the server;
- verdict agreement (valid / invalid) with jing on a mixed folder of valid and
  broken files (the RelaxNG verdict: jing knows nothing of Schematron).

Targets: folder wall <= jing's; one small file >= 5x faster than jing;
100% agreement. Run: python benchmarks/bench_validate.py [--files N] [--runs R],
with the interpreter of a fresh virtualenv holding only the project (start-up
time is part of the measure, and every .pth file of a crowded site-packages
adds to it).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.validation import jing
from pipeline.validation.validate import PROJECT_RNG, check_files

FIXTURES = ROOT / "tests" / "validate"
TEI = "http://www.tei-c.org/ns/1.0"


def cli() -> list[str]:
    """The console script next to this interpreter (as a venv user runs it)."""
    here = Path(sys.executable).with_name("tei-pipeline")
    if here.exists():
        return [str(here)]
    found = shutil.which("tei-pipeline")
    return [found] if found else [sys.executable, "-m", "pipeline"]


def walls(
    commands: list[list[str]], runs: int, envs: list[dict[str, str] | None] | None = None
) -> list[tuple[float, float]]:
    """(min, median) wall time of each command; runs are interleaved so that
    load from other processes falls on all of them alike."""
    times: list[list[float]] = [[] for _ in commands]
    envs = envs or [None] * len(commands)
    for _ in range(runs):
        for i, cmd in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=envs[i]
            )
            times[i].append(time.perf_counter() - start)
    return [(min(t), statistics.median(t)) for t in times]


@contextlib.contextmanager
def warm_server(ours: list[str], folder: Path) -> Iterator[dict[str, str]]:
    """A ``tei-pipeline serve`` for the runs; the environment that reaches it
    (runs without it get TEI_PIPELINE_NO_SERVER)."""
    folder.mkdir(mode=0o700)
    env = dict(os.environ, TEI_PIPELINE_SOCKET=str(folder / "serve.sock"))
    env.pop("TEI_PIPELINE_NO_SERVER", None)
    process = subprocess.Popen([*ours, "serve"], env=env, stderr=subprocess.DEVNULL)
    try:
        while subprocess.run(
            [*ours, "serve", "--status"], check=False, env=env, capture_output=True
        ).returncode:
            if process.poll() is not None:
                sys.exit("tei-pipeline serve did not start")
            time.sleep(0.05)
        yield env
    finally:
        process.terminate()
        process.wait()


def sources() -> list[tuple[Path, Path]]:
    """Valid documents to vary, each with the authority list its @refs point into."""
    fixture = [(FIXTURES / "valid" / "seed-example.xml", FIXTURES / "valid" / "authority.xml")]
    converted = [
        (p, ROOT / "tei" / "authority.xml")
        for p in sorted((ROOT / "tei").glob("*.xml"))
        if p.name != "authority.xml"
    ]
    return fixture + converted


def variants(folder: Path, count: int) -> list[Path]:
    """``count`` valid documents: the sources with paragraphs doubled at random,
    so sizes vary; each source's variants sit in a subfolder beside a copy of
    its authority list."""
    rng = random.Random(4)
    trees = []
    for n, (source, authority) in enumerate(sources()):
        sub = folder / f"set{n}"
        sub.mkdir()
        shutil.copy(authority, sub / "authority.xml")
        trees.append((etree.parse(str(source)), sub))
    out = []
    for n in range(count):
        base, sub = trees[n % len(trees)]
        tree = copy.deepcopy(base)
        paragraphs = tree.findall(f".//{{{TEI}}}body//{{{TEI}}}p")
        for _ in range(rng.randrange(0, 4)):
            p = rng.choice(paragraphs)
            twin = copy.deepcopy(p)
            for el in twin.iter():
                el.attrib.pop("{http://www.w3.org/XML/1998/namespace}id", None)
            p.addnext(twin)
        path = sub / f"doc{n:04d}.xml"
        path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
        out.append(path)
    return out


def broken(folder: Path, count: int) -> list[Path]:
    """Well-formed documents, most of them invalid: one random edit each
    (delete, move or double an element; drop or spoil an attribute)."""
    rng = random.Random(7)
    base = etree.parse(str(FIXTURES / "valid" / "seed-example.xml"))
    out = []
    for n in range(count):
        tree = copy.deepcopy(base)
        elements = [e for e in tree.iter() if isinstance(e.tag, str) and e.getparent() is not None]
        el = rng.choice(elements)
        action = rng.randrange(5)
        if action == 0:
            el.getparent().remove(el)
        elif action == 1 and el.getnext() is not None:
            el.getnext().addnext(el)
        elif action == 2:
            twin = copy.deepcopy(el)
            for sub in twin.iter():
                sub.attrib.pop("{http://www.w3.org/XML/1998/namespace}id", None)
            el.addnext(twin)
        elif action == 3 and el.attrib:
            el.attrib.pop(rng.choice(sorted(el.attrib)))
        elif el.attrib:
            el.set(
                rng.choice(sorted(el.attrib)), rng.choice(["x y", "", "1923-13", "#", "sectoin"])
            )
        path = folder / f"broken{n:04d}.xml"
        path.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
        out.append(path)
    for fixture in sorted((FIXTURES / "invalid").glob("*.xml")):
        if check_files([str(fixture)], schematron=False)[0].readable:
            out.append(Path(shutil.copy(fixture, folder / f"fixture-{fixture.name}")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    jing_cmd = jing.command()
    if jing_cmd is None:
        sys.exit("jing (and Java) are needed for this benchmark")
    ours = cli()
    print(f"tei-pipeline: {' '.join(ours)}\njing: {' '.join(jing_cmd)}\nschema: {PROJECT_RNG}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files = variants(folder, args.files)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        names = [str(p) for p in files]
        print(
            f"\nfolder: {len(files)} files, {megabytes:.1f} MB (one invocation each, {args.runs} runs)"
        )
        rows = [
            ("jing", [*jing_cmd, str(PROJECT_RNG), *names]),
            ("tei-pipeline validate (RelaxNG + Schematron)", [*ours, "validate", *names]),
            (
                "tei-pipeline validate --no-schematron",
                [*ours, "validate", "--no-schematron", *names],
            ),
            ("tei-pipeline validate --jobs 1", [*ours, "validate", "--jobs", "1", *names]),
        ]
        cold = dict(os.environ, TEI_PIPELINE_NO_SERVER="1")  # each run in its own process
        timed = walls([cmd for _, cmd in rows], args.runs, [cold] * len(rows))
        print(f"  {'':48} {'min':>7}   {'median':>7}   speed vs jing (min)")
        for (label, _), (best, median) in zip(rows, timed):
            print(f"  {label:48} {best:7.3f} s {median:7.3f} s   {timed[0][0] / best:5.2f}x")

        small = files[0]
        print(f"\none small file ({small.stat().st_size / 1000:.1f} kB, {args.runs * 2} runs):")
        with warm_server(ours, Path(tmp) / "server") as served:
            (j1, j1m), (o1, o1m), (s1, s1m), (bare, _) = walls(
                [
                    [*jing_cmd, str(PROJECT_RNG), str(small)],
                    [*ours, "validate", str(small)],
                    [*ours, "validate", str(small)],
                    [sys.executable, "-c", "pass"],
                ],
                args.runs * 2,
                [None, cold, served, None],
            )
            ((sf, sfm),) = walls([[*ours, "validate", *names]], args.runs, [served])
        print(f"  {'jing':48} {j1:7.3f} s {j1m:7.3f} s")
        print(
            f"  {'tei-pipeline validate (own process)':48} {o1:7.3f} s {o1m:7.3f} s   {j1 / o1:5.2f}x faster than jing"
        )
        print(
            f"  {'tei-pipeline validate (tei-pipeline serve running)':48} {s1:7.3f} s {s1m:7.3f} s   {j1 / s1:5.2f}x faster than jing"
        )
        print(f"  {'(bare Python interpreter start-up)':48} {bare:7.3f} s")
        print(
            f"\nthe folder again, tei-pipeline serve running: {sf:.3f} s (min), {sfm:.3f} s (median), "
            f"{timed[0][0] / sf:.2f}x jing"
        )

        mixed = Path(tmp) / "mixed"
        mixed.mkdir()
        shutil.copy(FIXTURES / "valid" / "authority.xml", mixed / "authority.xml")
        good = [Path(shutil.copy(p, mixed / p.name)) for p in files[:200]]
        bad = broken(mixed, 300)
        every = [str(p) for p in good + bad]
        by_jing = {f for f, issues in jing.validate(PROJECT_RNG, every).items() if issues}
        by_us = {r.file for r in check_files(every, schematron=False) if r.fails()}
        agree = sum(1 for f in every if (f in by_jing) == (f in by_us))
        print(
            f"\nverdicts on a mixed folder: {len(every)} files, jing rejects {len(by_jing)}, we reject {len(by_us)}"
        )
        print(f"  agreement with jing: {agree}/{len(every)} = {100 * agree / len(every):.1f}%")
        for f in sorted(set(every) - {f for f in every if (f in by_jing) == (f in by_us)}):
            print(
                f"  disagree: {f} jing={'invalid' if f in by_jing else 'valid'} ours={'invalid' if f in by_us else 'valid'}"
            )


if __name__ == "__main__":
    main()
