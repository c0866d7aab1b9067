"""Adversarial cases for ``bench_adversarial.py``: one module per stage, each
with ``CASES = {name: Case(...)}``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Case:
    """``build(size)`` makes the input once (untimed); ``run(input)`` is timed.
    ``base`` is the smallest size; ``unit`` describes a size for the table."""

    build: Callable[[int], Any]
    run: Callable[[Any], object]
    base: int
    unit: Callable[[int], str] = lambda size: f"{size:,}"
