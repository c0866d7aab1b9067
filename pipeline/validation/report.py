"""Validation reports: the same ``FileReport`` list written as text for people,
JSON for scripts, JUnit XML for CI dashboards, GitHub workflow annotations, or
SARIF for code-scanning upload. Each function is pure: reports in, str out."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from pipeline.validation.validate import FileReport

FORMATS = ("text", "json", "junit", "github", "sarif")
TOOL = "tei-pipeline"
INFO_URI = "https://tei-c.org/guidelines/P5/"


def counts(reports: Sequence[FileReport], fail_on: str = "error") -> dict[str, int]:
    """Files valid, invalid and unreadable; errors and warnings."""
    unreadable = sum(1 for r in reports if not r.readable)
    invalid = sum(1 for r in reports if r.readable and r.fails(fail_on))
    return {
        "files": len(reports),
        "valid": len(reports) - invalid - unreadable,
        "invalid": invalid,
        "unreadable": unreadable,
        "errors": sum(r.count("error") for r in reports),
        "warnings": sum(r.count("warning") for r in reports),
    }


def summary(reports: Sequence[FileReport], fail_on: str = "error") -> str:
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


def as_text(reports: Sequence[FileReport], fail_on: str = "error") -> str:
    """``file:line:col: severity [code] message``, grouped per file, each with
    its hint indented below; a blank line between files; the summary last."""
    blocks = []
    for report in reports:
        if not report.issues:
            continue
        lines = []
        for issue in report.issues:
            lines.append(str(issue))
            if issue.hint:
                lines.append(f"    hint: {issue.hint}")
        blocks.append("\n".join(lines))
    blocks.append(summary(reports, fail_on))
    return "\n\n".join(blocks) + "\n"


def as_json(reports: Sequence[FileReport], fail_on: str = "error") -> str:
    data = {
        "files": [
            {
                "file": r.file,
                "valid": r.readable and not r.fails(fail_on),
                "readable": r.readable,
                "issues": [i.as_dict() for i in r.issues],
            }
            for r in reports
        ],
        "summary": {**counts(reports, fail_on), "text": summary(reports, fail_on)},
    }
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_junit(reports: Sequence[FileReport], fail_on: str = "error") -> str:
    """One test case per file: failed if it fails, errored if unreadable."""
    suites = etree.Element("testsuites", name=TOOL)
    failures = sum(1 for r in reports if r.readable and r.fails(fail_on))
    errors = sum(1 for r in reports if not r.readable)
    suite = etree.SubElement(
        suites,
        "testsuite",
        name=f"{TOOL} validate",
        tests=str(len(reports)),
        failures=str(failures),
        errors=str(errors),
    )
    for report in reports:
        case = etree.SubElement(suite, "testcase", classname=f"{TOOL}.validate", name=report.file)
        if not report.readable or report.fails(fail_on):
            tag = "error" if not report.readable else "failure"
            first = report.issues[0]
            body = "\n".join(
                str(i) + (f"\n    hint: {i.hint}" if i.hint else "") for i in report.issues
            )
            etree.SubElement(case, tag, message=first.message, type=first.code).text = body
        elif report.issues:
            etree.SubElement(case, "system-out").text = "\n".join(str(i) for i in report.issues)
    return etree.tostring(suites, encoding="unicode", pretty_print=True)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def as_github(reports: Sequence[FileReport], fail_on: str = "error") -> str:
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


def as_sarif(reports: Sequence[FileReport], fail_on: str = "error") -> str:
    """SARIF 2.1.0, one run, one rule per issue code."""
    rules: dict[str, dict[str, object]] = {}
    results = []
    for report in reports:
        for i in report.issues:
            rules.setdefault(
                i.code,
                {
                    "id": i.code,
                    "name": i.code,
                    "shortDescription": {"text": f"{i.engine}: {i.code}"},
                },
            )
            result: dict[str, object] = {
                "ruleId": i.code,
                "level": {"error": "error", "warning": "warning"}.get(i.severity, "note"),
                "message": {"text": i.message + (f" Hint: {i.hint}" if i.hint else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": i.file.replace("\\", "/")},
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
    import json

    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_report(reports: Sequence[FileReport], fmt: str, fail_on: str = "error") -> str:
    writers = {
        "text": as_text,
        "json": as_json,
        "junit": as_junit,
        "github": as_github,
        "sarif": as_sarif,
    }
    return writers[fmt](reports, fail_on)
