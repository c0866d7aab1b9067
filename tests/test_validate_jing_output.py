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


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_a_jvm_that_does_not_start_is_a_failure_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # exit status 1, as for an invalid file, but no file named
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC -XX:+UseSerialGC")
    with pytest.raises(ResourceError, match="jing failed"):
        jing.validate(PROJECT_RNG, [str(HERE / "invalid" / "missing-teiheader.xml")])


def test_the_jvm_options_of_the_environment_are_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    assert jing.jvm_options() == jing.JVM_OPTIONS
    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-Xmx2g")
    assert jing.jvm_options() == ()


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_jing_runs_with_a_collector_chosen_in_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # ours (the serial collector) beside it would stop the JVM
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC")
    broken = str(HERE / "invalid" / "missing-teiheader.xml")
    found = jing.validate(PROJECT_RNG, [broken])
    assert found[broken] and all(i.engine == "relaxng" for i in found[broken])


@pytest.mark.skipif(jing.command() is None, reason="needs Java")
def test_a_jvm_that_refuses_our_options_runs_jing_with_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(jing, "JVM_OPTIONS", ("-XX:NoSuchOptionAnywhere=1",))
    assert "-XX:NoSuchOptionAnywhere=1" in (jing.command() or [])
    broken = str(HERE / "invalid" / "missing-teiheader.xml")
    found = jing.validate(PROJECT_RNG, [broken])
    assert found[broken] and all(i.engine == "relaxng" for i in found[broken])
