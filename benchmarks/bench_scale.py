"""Batch scale: ``tei-pipeline build`` over synthetic corpora of growing size.

    python benchmarks/bench_scale.py [--sizes 100 1000 10000] [--jobs 1 2]

For each size and each ``--jobs`` value, builds a fresh project holding that
many generated MIA-style texts (see ``corpus.py``) and prints files/s, MB/s of
source text and the peak memory (max RSS) of the build processes.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import PROJECT, generate


def run_build(root: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the build and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "build", "--root", str(root), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(
        f"{'texts':>6} {'jobs':>4} {'MB':>7} {'wall s':>8} {'files/s':>8} {'MB/s':>6} {'peak MB':>8}"
    )
    for size in args.sizes:
        for jobs in args.jobs:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                total = generate(root / "seeds", size)
                shutil.copytree(PROJECT / "schema", root / "schema")
                (root / "tei").mkdir()
                if (PROJECT / "tei" / "authority.xml").exists():
                    shutil.copy(PROJECT / "tei" / "authority.xml", root / "tei")
                wall, peak = run_build(root, jobs)
                print(
                    f"{size:>6} {jobs:>4} {total / 1e6:>7.1f} {wall:>8.1f} {size / wall:>8.1f}"
                    f" {total / 1e6 / wall:>6.2f} {peak:>8.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
