"""Validation reports: the same list of ``FileResult`` written as text for
people, JSON for scripts, JUnit XML for CI dashboards, GitHub workflow
annotations, or SARIF for code-scanning upload. Each function is pure:
results in, str out. Control characters in any reported value (a file name,
an attribute value quoted in a message) are escaped in every format, so that
no value can forge a line of the report."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from pipeline.errors import Issue
from pipeline.results import FileResult, Outcome
from pipeline.validation.batch import SEVERITIES
from pipeline.validation.codes import describe

FORMATS = ("text", "json", "junit", "github", "sarif")
TOOL = "tei-pipeline"
INFO_URI = "https://tei-c.org/guidelines/P5/"


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}


_HAS_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_NOT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` with control characters (and line separators) as escapes: \\n, \\x1b."""
    return text.translate(_CONTROL) if _HAS_CONTROL.search(text) else text


@dataclass
class Brief(FileResult):
    """A file's result as the text report needs it: its part of the report,
    written where the file was checked, and how many issues of each severity
    it has, instead of the issues themselves (less for a batch's workers to
    send back; ``brief``)."""

    block: str = ""
    tally: dict[str, int] = field(default_factory=dict)


def brief(result: FileResult) -> FileResult:
    """``result`` as a ``Brief``, for the text report only."""
    kept = {f.name: getattr(result, f.name) for f in fields(FileResult) if f.name != "issues"}
    return Brief(
        **kept,
        block=text_block(result),
        tally=dict(Counter(i.severity for i in result.issues)),
    )


def _readable(result: FileResult) -> bool:
    return result.outcome is not Outcome.UNREADABLE


def _fails(result: FileResult, fail_on: str) -> bool:
    if isinstance(result, Brief):
        return any(result.tally.get(severity) for severity in SEVERITIES[fail_on])
    return any(i.severity in SEVERITIES[fail_on] for i in result.issues)


def _count(result: FileResult, severity: str) -> int:
    if isinstance(result, Brief):
        return result.tally.get(severity, 0)
    return sum(1 for i in result.issues if i.severity == severity)


def _line(issue: Issue) -> str:
    return visible(str(issue))


def counts(reports: Sequence[FileResult], fail_on: str = "error") -> dict[str, int]:
    """Files valid, invalid and unreadable; errors and warnings."""
    unreadable = sum(1 for r in reports if not _readable(r))
    invalid = sum(1 for r in reports if _readable(r) and _fails(r, fail_on))
    return {
        "files": len(reports),
        "valid": len(reports) - invalid - unreadable,
        "invalid": invalid,
        "unreadable": unreadable,
        "errors": sum(_count(r, "error") for r in reports),
        "warnings": sum(_count(r, "warning") for r in reports),
    }


def summary(reports: Sequence[FileResult], fail_on: str = "error") -> str:
    n = counts(reports, fail_on)
    files, valid, invalid, unreadable = n["files"], n["valid"], n["invalid"], n["unreadable"]
    errors, warnings = n["errors"], n["warnings"]
    text = f"{files} file{'s' if files != 1 else ''} checked: {valid} valid, {invalid} invalid"
    if unreadable:
        text += f", {unreadable} unreadable"
    return (
        text
        + f" ({errors} error{'s' if errors != 1 else ''},"
        + f" {warnings} warning{'s' if warnings != 1 else ''})"
    )


def text_block(report: FileResult) -> str:
    """One file's part of the text report: its issues, each with its hint
    indented below ("" for a file without issues)."""
    if isinstance(report, Brief):
        return report.block
    lines = []
    for issue in report.issues:
        lines.append(str(issue))
        if issue.hint:
            lines.append(f"    hint: {issue.hint}")
    block = "\n".join(lines)
    # checked once for the whole block (printable but for its newlines: no
    # control character, told faster); rare: escaped line by line
    if block.count("\n") != max(len(lines) - 1, 0) or (
        not block.replace("\n", " ").isprintable() and _CONTROL_NOT_NEWLINE.search(block)
    ):
        block = "\n".join(map(visible, lines))
    return block


def as_text(
    reports: Sequence[FileResult], fail_on: str = "error", blocks: Sequence[str] | None = None
) -> str:
    """``file:line:col: severity [code] message``, grouped per file, each with
    its hint indented below; a blank line between files; the summary last.
    ``blocks``: the reports' ``text_block``, if written already (while the
    rest of a batch was being checked)."""
    if blocks is None:
        blocks = [text_block(report) for report in reports]
    return "\n\n".join([*filter(None, blocks), summary(reports, fail_on)]) + "\n"


def as_json(reports: Sequence[FileResult], fail_on: str = "error") -> str:
    data = {
        "files": [
            {
                "file": r.source,
                "valid": _readable(r) and not _fails(r, fail_on),
                "readable": _readable(r),
                "issues": [i.as_dict() for i in r.issues],
            }
            for r in reports
        ],
        "summary": {**counts(reports, fail_on), "text": summary(reports, fail_on)},
    }
    return _dumps(data)


def as_junit(reports: Sequence[FileResult], fail_on: str = "error") -> str:
    """One test case per file: failed if it fails, errored if unreadable."""
    suites = etree.Element("testsuites", name=TOOL)
    failures = sum(1 for r in reports if _readable(r) and _fails(r, fail_on))
    errors = sum(1 for r in reports if not _readable(r))
    suite = etree.SubElement(
        suites,
        "testsuite",
        name=f"{TOOL} validate",
        tests=str(len(reports)),
        failures=str(failures),
        errors=str(errors),
    )
    for report in reports:
        name = visible(report.source)
        case = etree.SubElement(suite, "testcase", classname=f"{TOOL}.validate", name=name)
        if not _readable(report) or _fails(report, fail_on):
            tag = "error" if not _readable(report) else "failure"
            first = report.issues[0]
            body = "\n".join(
                _line(i) + (f"\n    hint: {visible(i.hint)}" if i.hint else "")
                for i in report.issues
            )
            message, code = visible(first.message), visible(first.code)
            etree.SubElement(case, tag, message=message, type=code).text = body
        elif report.issues:
            etree.SubElement(case, "system-out").text = "\n".join(_line(i) for i in report.issues)
    return etree.tostring(suites, encoding="unicode", pretty_print=True)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = visible(text)  # other control characters
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(reports: Sequence[FileResult], fail_on: str = "error") -> str:
    """GitHub Actions workflow commands: one annotation per issue."""
    lines = []
    for report in reports:
        for i in report.issues:
            level = {"error": "error", "warning": "warning"}.get(i.severity, "notice")
            props = (
                f"file={_gh_escape(i.file, True)},line={i.line},col={i.column},"
                f"title={_gh_escape(i.code, True)}"
            )
            message = i.message + (f"\n{i.hint}" if i.hint else "")
            lines.append(f"::{level} {props}::{_gh_escape(message)}")
    lines.append(summary(reports, fail_on))
    return "\n".join(lines) + "\n"


def _sarif_rule(issue: Issue) -> dict[str, object]:
    """A SARIF rule from the table of codes."""
    entry = describe(issue.code, issue.engine)
    rule: dict[str, object] = {"id": issue.code, "name": issue.code}
    if entry is None:
        rule["shortDescription"] = {"text": f"{issue.engine}: {issue.code}"}
        return rule
    rule["shortDescription"] = {"text": entry.description}
    if entry.hint:
        rule["help"] = {"text": entry.hint}
    level = {"error": "error", "warning": "warning"}.get(entry.severity, "note")
    rule["defaultConfiguration"] = {"level": level}
    rule["properties"] = {"engine": entry.engine}
    return rule


def _uri(file: str) -> str:
    """A file's name as the URI reference SARIF asks for: a relative name
    stays relative (code scanning reads it against the checkout), an absolute
    one is a file: URI; both percent-encoded, or a space, "#" or "%" in a
    name would cut it short or change it."""
    if os.path.isabs(file):
        return Path(file).as_uri()
    return quote(file.replace("\\", "/"))


def as_sarif(reports: Sequence[FileResult], fail_on: str = "error") -> str:
    """SARIF 2.1.0, one run, one rule per issue code."""
    rules: dict[str, dict[str, object]] = {}
    results = []
    for report in reports:
        for i in report.issues:
            if i.code not in rules:
                rules[i.code] = _sarif_rule(i)
            result: dict[str, object] = {
                "ruleId": i.code,
                "level": {"error": "error", "warning": "warning"}.get(i.severity, "note"),
                "message": {"text": i.message + (f" Hint: {i.hint}" if i.hint else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(i.file)},
                            "region": {
                                "startLine": max(i.line, 1),
                                "startColumn": max(i.column, 1),
                            },
                        },
                        **(
                            {
                                "logicalLocations": [
                                    {"fullyQualifiedName": i.xpath, "kind": "element"}
                                ]
                            }
                            if i.xpath
                            else {}
                        ),
                    }
                ],
            }
            results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "informationUri": INFO_URI,
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
            }
        ],
    }
    return _dumps(doc)


def _dumps(data: object) -> str:
    """Compact JSON: the C encoder (an indented dump is pure Python, and the
    slowest part of a report of 100,000 issues)."""
    import json

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # json leaves C1 controls and U+2028 raw; most reports hold none, and a
    # search costs far less than translating a long report.
    if _JSON_RAW.search(text):
        text = text.translate(_JSON_ESCAPES)
    return text + "\n"


def render_report(reports: Sequence[FileResult], fmt: str, fail_on: str = "error") -> str:
    """The report in ``fmt``; brief results (no issues) make only the text report."""
    if fmt != "text" and any(isinstance(r, Brief) for r in reports):
        raise ValueError(f"a brief result holds no issues to write as {fmt}: only as text")
    writers = {
        "text": as_text,
        "json": as_json,
        "junit": as_junit,
        "github": as_github,
        "sarif": as_sarif,
    }
    return writers[fmt](reports, fail_on)
