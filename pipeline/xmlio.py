"""XML in and out: the one safe parser every stage uses, serialisation, and
atomic file writes.

The parser never resolves external entities, never loads a DTD, never touches
the network and refuses entity-expansion bombs, so TEI written by others can be
read without trusting it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

from lxml import etree

from pipeline.errors import InputError

# The largest file any stage reads (sources, TEI, authority lists, schemas):
# $TEI_PIPELINE_MAX_BYTES, default 256 MiB. A bigger file is refused, not read.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


def max_bytes() -> int:
    """The size limit for one input file (read at each call: the environment
    may differ between the runs one server makes)."""
    given = os.environ.get("TEI_PIPELINE_MAX_BYTES", "")
    return int(given) if given.isdigit() and int(given) > 0 else DEFAULT_MAX_BYTES


def read_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default
    ``max_bytes()``). A folder, FIFO, device or socket, an unreadable file or
    one too big raises ``InputError`` naming the file, and nothing is read
    from it: a FIFO never blocks (it is opened non-blocking and refused), and
    ``/dev/zero`` is never read without bound."""
    path = Path(path)
    limit = max_bytes() if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                "not a regular file: refused (a folder, device, FIFO or socket)", str(path)
            )
        if info.st_size > limit:
            raise InputError(
                f"too big: {info.st_size} bytes, over the limit of {limit}"
                " (set TEI_PIPELINE_MAX_BYTES to allow more)",
                str(path),
            )
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise InputError(f"too big: over the limit of {limit} bytes", str(path))
    return data


_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b")


def safe_parser(remove_blank_text: bool = False) -> etree.XMLParser:
    """Internal entities are expanded (libxml2 caps their amplification);
    external ones, DTDs and the network are never touched."""
    return etree.XMLParser(
        resolve_entities="internal",
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        dtd_validation=False,
        remove_blank_text=remove_blank_text,
    )


def parse_bytes(data: bytes, file: str = "<input>") -> etree._ElementTree:
    """Parse XML safely; a syntax error becomes an ``InputError`` with position."""
    if not data.strip():
        raise InputError("empty file: no XML document", file, 1, 1)
    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser, base_url=file)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise InputError(syntax_error(data, exc.msg)[1], file, line, column) from None
    tree = root.getroottree()
    for entity in tree.iter(etree.Entity):
        raise InputError(
            f"entity reference {entity.text} refused: external entities are never read",
            file,
            entity.sourceline,
            None,
        )
    return tree


def syntax_error(data: bytes, msg: str) -> tuple[str, str]:
    """(kind, message) for a parse failure: "external-entity", "entity-bomb"
    or "malformed", with a message that says what was refused."""
    msg = re.sub(r", line \d+, column \d+$", "", msg)
    if _EXTERNAL_ENTITY.search(data[:65536]):
        return (
            "external-entity",
            "external entity declared: refused (external entities are never read)",
        )
    if "amplification" in msg or "entity reference loop" in msg.lower():
        return "entity-bomb", f"entity expansion bomb refused: {msg}"
    return "malformed", f"not well-formed XML: {msg}"


def parse_file(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Parse a file safely (``read_file``'s limits, ``parse_bytes``'s parser)."""
    return parse_bytes(read_file(path), str(path))


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """Pretty-printed UTF-8 with an XML declaration, ending in a newline."""
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it over
    ``path``: a crash leaves the old file or the new one, never half of one.

    The file keeps the permissions it had; a new one gets those of any new
    file (``mkstemp`` alone would make it private to its owner)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: importing it costs more than a small validate run

    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            try:
                os.fchmod(handle.fileno(), mode)
            except OSError:  # a file system without permissions (vfat, some shares)
                pass
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process's umask (which can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
