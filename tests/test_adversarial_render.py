"""Rendering stays linear in notes, names and corrections: each adversarial
case of benchmarks/adversarial/render.py at a size where per-element scans of
the document would take minutes (2,000 inline notes once took 125 s), under
a bound generous enough for a loaded machine."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from adversarial.render import CASES  # noqa: E402

# Sizes and bounds: linear work takes well under a second at these sizes;
# the quadratic and cubic stylesheet of old took from 40 s to minutes.
SIZES = {
    "html-inline-notes": (4000, 20.0),
    "text-inline-notes": (4000, 10.0),
    "html-mentions": (4000, 30.0),
    "html-corrections": (4000, 30.0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_adversarial_case_renders_in_linear_time(name: str) -> None:
    size, bound = SIZES[name]
    case = CASES[name]
    data = case.build(size)
    start = time.perf_counter()
    output = case.run(data)
    elapsed = time.perf_counter() - start
    assert isinstance(output, str) and len(output) > size
    assert elapsed < bound, f"{name} at {size}: {elapsed:.1f} s"


def test_every_case_has_a_size() -> None:
    assert set(SIZES) == set(CASES)
