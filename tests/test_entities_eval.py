"""The entity evaluation: gold files, alignment, scoring and the targets."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "corpus" / "mia-dev"
SEED = PROJECT / "seeds" / "bukharin-1923-twelfth-congress.txt"
SEED_GOLD = PROJECT / "tests" / "entities" / "gold" / "bukharin-1923-twelfth-congress.json"


def _load_eval():
    spec = importlib.util.spec_from_file_location(
        "eval_entities", PROJECT / "benchmarks" / "eval_entities.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


ev = _load_eval()


def test_seed_gold_is_consistent():
    source = SEED.read_text("utf-8")
    gold = json.loads(SEED_GOLD.read_text("utf-8"))
    assert len(gold) > 40
    previous_end = 0
    for item in gold:
        assert item["type"] in ("person", "place", "org")
        assert source[item["start"] : item["end"]] == item["text"]
        assert item["start"] >= previous_end  # sorted, no nesting
        previous_end = item["end"]
        assert source.count(item["text"], 0, item["start"]) >= item["occurrence"] - 1


def test_alignment_skips_quotes_and_whitespace():
    source = "He said “go to\nMoscow” and left."
    tei_text = "He said go to Moscow and left."
    mapping = ev.align(tei_text, source)
    start = tei_text.index("Moscow")
    spans = ev.to_source([ev.Span("place", start, start + 6)], tei_text, mapping)
    assert [source[s.start : s.end] for s in spans] == ["Moscow"]


def test_scoring_overlap_and_strict():
    source = "the Continent and Mr. Smith"
    gold = [ev.Span("place", 0, 13), ev.Span("person", 22, 27)]
    pred = [ev.Span("place", 4, 13), ev.Span("person", 18, 27), ev.Span("org", 0, 3)]
    result = ev.score(gold, pred, source)
    assert result["overlap"]["micro"]["recall"] == 1.0
    assert result["overlap"]["micro"]["precision"] == pytest.approx(2 / 3)
    assert result["strict"]["place"]["f1"] == 1.0  # a leading "the" is ignored
    assert result["strict"]["person"]["f1"] == 0.0


def _micro_f1(source: Path, gold: Path, mode: str) -> float:
    authority = ev.load_authority(PROJECT / "tei" / "authority.xml")
    predict = ev.predict_tei if mode == "tei" else ev.predict_text
    text = source.read_text("utf-8")
    return ev.score(ev.load_gold(gold), predict(source, authority), text)["overlap"]["micro"]["f1"]


def test_seed_target():
    assert _micro_f1(SEED, SEED_GOLD, "tei") >= 0.97


@pytest.mark.parametrize("mode", ["tei", "text"])
def test_dev_target(mode):
    if not (DEV / "gold").is_dir():
        pytest.skip("shared/corpus/mia-dev is absent")
    scores = []
    for gold in sorted((DEV / "gold").glob("*.json")):
        authority = ev.load_authority(PROJECT / "tei" / "authority.xml")
        source = DEV / (gold.stem + ".txt")
        predict = ev.predict_tei if mode == "tei" else ev.predict_text
        scores.append(
            ev.score(ev.load_gold(gold), predict(source, authority), source.read_text("utf-8"))
        )
    assert ev.merge(scores)["overlap"]["micro"]["f1"] >= 0.85
