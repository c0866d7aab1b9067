"""Convert throughput and the time of a whole seed build.

    python benchmarks/bench_convert.py [--repeat N] [--folder DIR ...]

Prints MB/s of source text converted on one core (seed plus the development
texts of ../shared when present, plus the ``.txt`` of each ``--folder``),
with and without entity markup: by the wall clock and by the processor time
of this process (per core, and steadier on a busy machine), and the wall
time of ``build`` (convert, validate, render) of the seeds after start-up,
in a temporary copy of the project.
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
from pipeline.edition.config import load_config


def texts() -> list[Path]:
    dev = PROJECT.parent / "shared" / "corpus" / "mia-dev"
    return sorted((PROJECT / "seeds").glob("*.txt")) + sorted(dev.glob("*.txt"))


def throughput(
    paths: list[Path], authority: object | None, repeat: int
) -> tuple[float, float, float]:
    """(MB/s by the clock, seconds per pass, MB/s of processor time) over all
    ``paths``, best of ``repeat``."""
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
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text, options in inputs:
            convert(text, options)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(times)
    return size / best / 1e6, best, size / min(cpu) / 1e6


def seed_build(repeat: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("seeds", "schema", "tei"):
            shutil.copytree(PROJECT / folder, root / folder)
        build(load_config(root))  # warm: schema and stylesheets compiled once
        for _ in range(repeat):
            start = time.perf_counter()
            results = build(load_config(root))
            times.append(time.perf_counter() - start)
            failed = [r for r in results if r.failed]
            assert not failed, failed
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--folder", type=Path, action="append", default=[], help="more texts (its .txt files)"
    )
    args = parser.parse_args()
    paths = texts() + [p for folder in args.folder for p in sorted(folder.rglob("*.txt"))]
    size = sum(p.stat().st_size for p in paths)
    shown = ", ".join(p.name for p in paths[:10]) + (", …" if len(paths) > 10 else "")
    print(f"texts: {len(paths)} ({size / 1e3:.1f} kB): {shown}")
    for label, authority in (
        ("no entity markup:  ", None),
        ("with entity markup:", load_authority(PROJECT / "tei" / "authority.xml")),
    ):
        if label.startswith("with") and authority is None:
            continue
        mbs, secs, cpu = throughput(paths, authority, args.repeat)
        print(
            f"convert, {label} {mbs:6.2f} MB/s by the clock, {cpu:6.2f} MB/s of processor time"
            f"  ({secs * 1e3:.1f} ms for all texts)"
        )
    times = seed_build(args.repeat)
    print(
        f"seed build (convert+validate+render, after start-up): median {statistics.median(times) * 1e3:.0f} ms,"
        f" best {min(times) * 1e3:.0f} ms over {len(times)} runs"
    )


if __name__ == "__main__":
    main()
