"""Rendering speed: the seed's HTML page after start-up, and throughput over a
folder of real TEI files (../shared/corpus/tei-real, repeated to >= 500 files)
through the command line with --jobs 1 and 2.

    python benchmarks/bench_render.py [--repeat 50] [--min-files 500]
"""

from __future__ import annotations

import argparse
import os
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


SAXON_JARS = [Path("/usr/share/java/Saxon-HE.jar")]


def bench_tei_stylesheets() -> None:
    """The TEI Consortium's html.xsl under Saxon, if both are on this machine:
    set TEI_STYLESHEETS to a checkout of the TEI Stylesheets (nothing is fetched)."""
    stylesheets = Path(os.environ.get("TEI_STYLESHEETS", "/usr/share/xml/tei/stylesheet"))
    html_xsl = stylesheets / "html" / "html.xsl"
    saxon = next((jar for jar in SAXON_JARS if jar.exists()), None)
    if not html_xsl.exists() or saxon is None or shutil.which("java") is None:
        print(
            f"TEI Stylesheets under Saxon: not available offline ({html_xsl} or Saxon missing); skipped"
        )
        return
    name, tree = seed_tree()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "seed.xml"
        tree.write(str(source))  # type: ignore[attr-defined]
        start = time.perf_counter()
        done = subprocess.run(
            [
                "java",
                "-jar",
                str(saxon),
                f"-s:{source}",
                f"-xsl:{html_xsl}",
                f"-o:{Path(tmp) / 'seed.html'}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
    status = "ok" if done.returncode == 0 else f"failed: {done.stderr[-200:]}"
    print(
        f"TEI Stylesheets html.xsl under Saxon, {name}: {seconds:.2f} s including JVM start ({status})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--min-files", type=int, default=500)
    args = parser.parse_args()
    bench_seed(args.repeat)
    bench_tei_stylesheets()
    bench_folder(args.min_files)


if __name__ == "__main__":
    main()
