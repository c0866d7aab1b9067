"""jing's output read into issues (no Java needed: the output is given), and
a jing that does not run at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import Issue, ResourceError
from pipeline.validation import jing
from pipeline.validation.validate import PROJECT_RNG

HERE = Path(__file__).resolve().parent / "validate"


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
    quoted = 'must be a year or must be equal to "x, must be z" or "y"'
    line = f'/d/a.xml:3:9: error: value of attribute "n" is invalid; {quoted}'
    assert _read(line).hint == quoted  # a value's words are never taken apart


def test_a_message_is_split_from_what_jing_expected() -> None:
    issue = _read('/d/a.xml:3:9: error: element "x" not allowed here; expected element "p"')
    assert (issue.line, issue.column, issue.code) == (3, 9, "rng-element-not-allowed")
    assert (issue.message, issue.hint) == ('element "x" not allowed here', 'expected element "p"')


@pytest.fixture()
def fresh_jvm(monkeypatch: pytest.MonkeyPatch) -> None:
    """No choice of JVM options refused yet, none set in the environment."""
    monkeypatch.setattr(jing, "_refused", [0])
    for name in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)


BROKEN = str(HERE / "invalid" / "missing-teiheader.xml")


def _reported(found: dict[str, list[Issue]]) -> bool:
    return bool(found[BROKEN]) and all(i.engine == "relaxng" for i in found[BROKEN])


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_a_jvm_that_does_not_start_is_a_failure_not_a_pass(
    fresh_jvm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # exit status 1, as for an invalid file, but no file named, whatever the options
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC -XX:+UseSerialGC")
    with pytest.raises(ResourceError, match="jing failed"):
        jing.validate(PROJECT_RNG, [BROKEN])
    assert jing.jvm_options() == ()  # every choice tried, once


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_jing_runs_with_the_tuned_jvm_options_first(fresh_jvm: None) -> None:
    assert [*jing.JVM_CHOICES[0], "-jar"] == (jing.command() or [])[1:5]
    assert _reported(jing.validate(PROJECT_RNG, [BROKEN]))
    assert jing.jvm_options() == jing.JVM_CHOICES[0]


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_a_collector_chosen_in_the_environment_keeps_the_quick_compiler(
    fresh_jvm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the serial collector beside it would stop the JVM; the quick compiler alone does not
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC")
    assert _reported(jing.validate(PROJECT_RNG, [BROKEN]))
    assert jing.jvm_options() == ("-XX:TieredStopAtLevel=1",)


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_a_jvm_that_refuses_every_option_runs_jing_with_its_own(
    fresh_jvm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = ("-XX:NoSuchOptionAnywhere=1",)
    monkeypatch.setattr(jing, "JVM_CHOICES", (refused, ("-XX:NoSuchOptionEither=1",), ()))
    assert "-XX:NoSuchOptionAnywhere=1" in (jing.command() or [])
    assert _reported(jing.validate(PROJECT_RNG, [BROKEN]))
    assert jing.jvm_options() == ()
    assert _reported(jing.validate(PROJECT_RNG, [BROKEN]))  # straight away, the next time
