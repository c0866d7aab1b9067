"""Rendering speed: the seed's HTML page after start-up; the ADL folder
against the TEI Consortium's html.xsl under Saxon (saxonche), side by side in
one process; throughput over a folder of real TEI files
(../shared/corpus/tei-real, repeated to >= 500 files) through the command line
with --jobs 1 and 2.

    python benchmarks/bench_render.py [--repeat 50] [--min-files 500] [--skip-folder]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipeline.render import transform as render
from pipeline.xmlio import parse_file

SHARED = PROJECT.parent / "shared"
TEI_REAL = SHARED / "corpus" / "tei-real"
SEED = PROJECT / "seeds" / "bukharin-1923-twelfth-congress.txt"
FIXTURE = PROJECT / "tests" / "render" / "article.xml"


def seed_tree() -> tuple[str, object]:
    built = PROJECT / "tei" / f"{SEED.stem}.xml"
    if built.exists():
        return str(built.relative_to(PROJECT)), parse_file(built)
    try:
        from pipeline.edition.build import convert_file, load_authority

        tree, _ = convert_file(SEED, authority=load_authority(PROJECT / "tei" / "authority.xml"))
        return f"{SEED.name} (converted in memory)", tree
    except ImportError:
        return str(FIXTURE.relative_to(PROJECT)), parse_file(FIXTURE)


def time_calls(call, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_seed(repeat: int) -> None:
    name, tree = seed_tree()
    start = time.perf_counter()
    render.stylesheet("html")
    render.stylesheet("text")
    print(f"start-up: both stylesheets compiled in {(time.perf_counter() - start) * 1000:.1f} ms")
    for label, call in [
        ("html", lambda: render.render(tree, "html")),  # type: ignore[arg-type]
        ("text", lambda: render.render(tree, "text")),  # type: ignore[arg-type]
        ("text --width 72", lambda: render.render(tree, "text", width=72)),  # type: ignore[arg-type]
    ]:
        call()
        times = time_calls(call, repeat)
        print(
            f"seed {label:<16} {name}: median {statistics.median(times):6.2f} ms, "
            f"min {min(times):6.2f} ms, max {max(times):6.2f} ms ({repeat} runs)"
        )


def corpus_folder(target: Path, min_files: int) -> tuple[int, int]:
    """Copy tei-real into ``target`` as many times as needed for ``min_files``."""
    sources = sorted(TEI_REAL.glob("*/*.xml"))
    count = size = 0
    copy = 0
    while count < min_files:
        for source in sources:
            dest = target / f"copy{copy}" / source.parent.name / source.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
            count += 1
            size += source.stat().st_size
        copy += 1
    return count, size


def bench_folder(min_files: int) -> None:
    if not TEI_REAL.is_dir():
        print(f"folder throughput: skipped ({TEI_REAL} is absent)")
        return
    command = shutil.which("tei-pipeline")
    base = [command] if command else [sys.executable, "-c", "from pipeline.cli import main; main()"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        count, size = corpus_folder(folder, min_files)
        print(f"folder: {count} real TEI files, {size / 1e6:.1f} MB (tei-real, repeated)")
        files = sorted(TEI_REAL.glob("*/*.xml"))
        once = sum(f.stat().st_size for f in files)
        trees = [parse_file(f) for f in files]
        for fmt in ("html", "text"):
            start = time.perf_counter()
            for tree in trees:
                render.render(tree, fmt)
            seconds = time.perf_counter() - start
            print(
                f"  in process, {fmt:<4} (render only, {len(files)} files, one core): "
                f"{seconds:6.2f} s, {once / 1e6 / seconds:6.1f} MB/s"
            )
        for fmt in ("html", "text"):
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{fmt}-{jobs}"
                start = time.perf_counter()
                done = subprocess.run(
                    [
                        *base,
                        "render",
                        str(folder),
                        "--to",
                        fmt,
                        "-o",
                        str(out),
                        "--jobs",
                        str(jobs),
                    ],
                    capture_output=True,
                    text=True,
                    cwd=PROJECT,
                    check=False,
                )
                seconds = time.perf_counter() - start
                status = (
                    done.stdout.strip() if done.returncode == 0 else f"FAILED: {done.stderr[-300:]}"
                )
                print(
                    f"  render --to {fmt:<4} --jobs {jobs}: {seconds:6.2f} s, "
                    f"{size / 1e6 / seconds:6.1f} MB/s, {count / seconds:6.0f} files/s  ({status})"
                )


REFERENCE = SHARED / "reference" / "tei-stylesheets" / "html" / "html.xsl"


def bench_against_tei_stylesheets(folder: str = "adl") -> None:
    """Our HTML against the TEI Consortium's html.xsl under Saxon (saxonche,
    ``pip install saxonche``), side by side in this one process on the same
    folder: each side parses and renders every file; compile time excluded."""
    files = sorted((TEI_REAL / folder).glob("*.xml"))
    try:
        from saxonche import PySaxonProcessor
    except ImportError:
        print("TEI Stylesheets under Saxon: skipped (pip install saxonche)")
        return
    if not files or not REFERENCE.exists():
        print(f"TEI Stylesheets under Saxon: skipped ({REFERENCE} or {folder} files absent)")
        return
    render.stylesheet("html")
    start = time.perf_counter()
    for path in files:
        render.render(parse_file(path), "html")
    ours = time.perf_counter() - start
    with PySaxonProcessor(license=False) as processor:
        compiled = processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(REFERENCE)
        )
        start = time.perf_counter()
        for path in files:
            compiled.transform_to_string(source_file=str(path))
        theirs = time.perf_counter() - start
    print(
        f"{folder} ({len(files)} files): tei-pipeline {ours:6.2f} s, TEI html.xsl under "
        f"Saxon {theirs:6.2f} s: {theirs / ours:4.1f}x faster (target >= 4x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--min-files", type=int, default=500)
    parser.add_argument("--skip-folder", action="store_true", help="no command-line throughput")
    args = parser.parse_args()
    bench_seed(args.repeat)
    bench_against_tei_stylesheets()
    if not args.skip_folder:
        bench_folder(args.min_files)


if __name__ == "__main__":
    main()
