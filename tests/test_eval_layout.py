"""The layout evaluator scores a conversion against records of what the page
shows: hits where the TEI has the structure, misses where it has not."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))

import eval_layout

CASES = PROJECT / "tests" / "cases"


def _record(**fields: object) -> dict:
    fields_ = ["headings", "list_items", "quotes", "boxes", "sigs", "tables", "notes"]
    return {**{key: [] for key in fields_}, "noterefs": 0, **fields}


def test_letter_scores_its_parts(tmp_path: Path) -> None:
    shutil.copy(CASES / "letter.txt", tmp_path)
    record = _record(
        file="letter.txt",
        author_line="Hannah Writer",
        title_lines=["A Letter to the Committee", "(1908)"],
        info_lines=[
            "First published in The Example Gazette, April 1908.",
            "Transcribed by Lou Keyer.",
        ],
        headings=["Notes", "A Heading the Page Does Not Have"],
        sigs=["Yours fraternally,\nHannah Writer\nLondon."],
        notes=["[1] Not used."],
        list_items=["1. An item the page does not have."],
    )
    t = eval_layout.run(eval_layout.sources(tmp_path), {"letter.txt": record}, jing=False)
    assert (t["convert"].hit, t["words"].hit, t["valid"].hit) == (1, 1, 1)
    assert (t["info"].hit, t["info"].total) == (2, 2)
    assert (t["title"].hit, t["title"].total) == (1, 1)
    assert (t["sigs"].hit, t["sigs"].total) == (1, 1)
    assert (t["notes"].hit, t["notes"].total) == (1, 1)
    assert (t["head_p"].hit, t["head_p"].total) == (1, 1)
    assert (t["head_r"].hit, t["head_r"].total) == (1, 2)
    assert (t["list_r"].hit, t["list_r"].total) == (0, 1)


def test_a_block_quotation_left_in_a_paragraph_is_a_miss(tmp_path: Path) -> None:
    text = "A Writer\n\nThe Title\n\nSource: A Review, 1900.\n\nHe said: those words.\n"
    (tmp_path / "t.txt").write_text(text, "utf-8")
    record = _record(
        file="t.txt",
        author_line="A Writer",
        title_lines=["The Title"],
        info_lines=["Source: A Review, 1900."],
        quotes=["those words."],
    )
    (tmp_path / "expected.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    t = eval_layout.run(eval_layout.sources(tmp_path), {"t.txt": record}, jing=False)
    assert (t["quotes"].hit, t["quotes"].total) == (0, 1)
    assert t["quotes"].misses == ["t.txt: 'those words.'"]
