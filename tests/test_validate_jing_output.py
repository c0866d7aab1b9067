"""jing's output read into issues (no Java needed: the output is given)."""

from __future__ import annotations

from pipeline.errors import Issue
from pipeline.validation import jing


def _read(line: str) -> Issue:
    result: dict[str, list[Issue]] = {"a.xml": []}
    jing._read(line, "tei_all.rng", {"/d/a.xml": "a.xml"}, result)
    (issue,) = result["a.xml"]
    return issue


def test_datatypes_jing_names_in_any_order_are_reported_in_one() -> None:
    kinds = ["must be a year", "must be an ISO date", "must be an ISO time (of the form hh:mm:ss)"]
    shuffled = [kinds[2], kinds[0], kinds[1]]
    hints = {
        _read(
            f'/d/a.xml:3:9: error: value of attribute "when" is invalid; '
            f"{order[0]}, {order[1]} or {order[2]}"
        ).hint
        for order in (kinds, shuffled, kinds[::-1])
    }
    assert hints == {f"{kinds[0]}, {kinds[1]} or {kinds[2]}"}


def test_a_message_is_split_from_what_jing_expected() -> None:
    issue = _read('/d/a.xml:3:9: error: element "x" not allowed here; expected element "p"')
    assert (issue.line, issue.column, issue.code) == (3, 9, "rng-element-not-allowed")
    assert (issue.message, issue.hint) == ('element "x" not allowed here', 'expected element "p"')
