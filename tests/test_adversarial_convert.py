"""The converter stays linear on adversarial inputs: each case of
``benchmarks/adversarial/convert.py`` is converted at a size where quadratic
work would take many minutes (64 KB of quotations took 219 s), within a
generous bound of processor time, and keeps its words."""

from __future__ import annotations

import sys
import time

import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))

from adversarial.convert import CASES

from pipeline.convert.passes import Options, convert, source_words, tei_words

# Bytes of input per case: 8 times the benchmark's base size, where a pass
# whose work grows with the square of the input would run for minutes.
FACTOR = 8
BOUND_SECONDS = 60.0


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_converts_in_linear_time(name: str) -> None:
    case = CASES[name]
    text = case.build(case.base * FACTOR)
    start = time.process_time()
    tree = convert(text, Options(authority=None))
    spent = time.process_time() - start
    assert spent < BOUND_SECONDS, f"{name}: {spent:.1f} s of processor time"
    assert tei_words(tree) == source_words(text)


def test_quotation_paragraph_of_64_kilobytes() -> None:
    text = CASES["quote-paragraph"].build(64 * 1024)
    start = time.process_time()
    tree = convert(text, Options(authority=None))
    assert time.process_time() - start < BOUND_SECONDS
    assert len(tree.xpath("//tei:q", namespaces={"tei": "http://www.tei-c.org/ns/1.0"})) == 16384
