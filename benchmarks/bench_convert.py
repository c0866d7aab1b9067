"""Convert throughput and the time of a whole seed build.

    python benchmarks/bench_convert.py [--repeat N]

Prints MB/s of source text converted on one core (seed plus the development
texts of ../shared when present), with and without entity markup, and the
wall time of ``build`` (convert, validate, render) of the seeds after
start-up, in a temporary copy of the project.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipeline.convert.passes import Options, convert
from pipeline.convert.source import decode
from pipeline.edition.build import build, load_authority, load_corrections


def texts() -> list[Path]:
    dev = PROJECT.parent / "shared" / "corpus" / "mia-dev"
    return sorted((PROJECT / "seeds").glob("*.txt")) + sorted(dev.glob("*.txt"))


def throughput(paths: list[Path], authority: object | None, repeat: int) -> tuple[float, float]:
    """(MB/s, seconds per pass) over all ``paths``, best of ``repeat``."""
    inputs = []
    for path in paths:
        inputs.append(
            (
                decode(path.read_bytes(), str(path)),
                Options(
                    source_name=path.name,
                    corrections=load_corrections(path),
                    authority=authority,
                    entities=authority is not None,  # None: the row without entity markup
                ),
            )
        )
    size = sum(len(text.encode("utf-8")) for text, _ in inputs)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text, options in inputs:
            convert(text, options)
        times.append(time.perf_counter() - start)
    best = min(times)
    return size / best / 1e6, best


def seed_build(repeat: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("seeds", "schema", "tei"):
            shutil.copytree(PROJECT / folder, root / folder)
        build(root, root / "build")  # warm: schema and stylesheets compiled once
        for _ in range(repeat):
            start = time.perf_counter()
            report = build(root, root / "build")
            times.append(time.perf_counter() - start)
            assert not report.failed, report.failed
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = texts()
    size = sum(p.stat().st_size for p in paths)
    print(f"texts: {len(paths)} ({size / 1e3:.1f} kB): {', '.join(p.name for p in paths)}")
    mbs, secs = throughput(paths, None, args.repeat)
    print(f"convert, no entity markup:   {mbs:6.2f} MB/s  ({secs * 1e3:.1f} ms for all texts)")
    authority = load_authority(PROJECT / "tei" / "authority.xml")
    if authority is not None:
        mbs, secs = throughput(paths, authority, args.repeat)
        print(f"convert, with entity markup: {mbs:6.2f} MB/s  ({secs * 1e3:.1f} ms for all texts)")
    times = seed_build(args.repeat)
    print(
        f"seed build (convert+validate+render, after start-up): median {statistics.median(times) * 1e3:.0f} ms,"
        f" best {min(times) * 1e3:.0f} ms over {len(times)} runs"
    )


if __name__ == "__main__":
    main()
