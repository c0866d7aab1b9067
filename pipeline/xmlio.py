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

from pipeline.errors import InputError, WriteError

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
        data = _read_fd(fd, info.st_size, limit)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise InputError(f"too big: over the limit of {limit} bytes", str(path))
    return data


def _read_fd(fd: int, size: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of an open file, asked for in one read of the
    size it has (a buffered read of ``limit`` bytes would set that much aside)."""
    chunks = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, max(size + 1 - total, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_EXTERNAL_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b")


def safe_parser(remove_blank_text: bool = False) -> etree.XMLParser:
    """Internal entities are expanded (libxml2 caps their amplification);
    external ones, DTDs and the network are never touched."""
    return etree.XMLParser(
        resolve_entities="internal",  # type: ignore[arg-type]  # lxml 5 takes "internal"
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
            entity.sourceline,  # type: ignore[arg-type]  # the stubs' type is wrong
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


def append_indented(parent: etree._Element, child: etree._Element) -> None:
    """Append ``child`` to ``parent`` in the indentation its siblings already
    have, leaving every other character of the document as it was (a file an
    editor formatted keeps its formatting). In a tree without indentation it
    is a plain append (``serialize`` indents)."""
    own = _indentation(parent)
    last = parent[-1] if len(parent) else None
    inner = _indentation(last) if last is not None else None
    if inner is None and own is None:
        parent.append(child)
        return
    if inner is None:  # the first child: one step deeper, the step the parent took
        above = parent.getparent()
        step = (own or "")[len((_indentation(above) if above is not None else None) or "") :]
        inner = (own or "") + (step or "  ")
    if last is not None:
        child.tail, last.tail = last.tail, "\n" + inner
    else:
        child.tail, parent.text = "\n" + (own or ""), "\n" + inner
    _indent_children(child, inner, inner[len(own or "") :] or "  ")
    parent.append(child)


def _line_indent(whitespace: str | None) -> str | None:
    """The indentation a run of whitespace gives the line it ends, if it
    ends a line."""
    if not whitespace or "\n" not in whitespace or whitespace.strip():
        return None
    return whitespace.rsplit("\n", 1)[1]


def _indentation(el: etree._Element) -> str | None:
    previous = el.getprevious()
    parent = el.getparent()
    before = (
        previous.tail if previous is not None else (parent.text if parent is not None else None)
    )
    return _line_indent(before)


def _indent_children(el: etree._Element, at: str, unit: str) -> None:
    """Indent a new element's element-only content one ``unit`` deeper than ``at``."""
    children = list(el)
    if not children or (el.text and el.text.strip()):
        return
    if any(child.tail and child.tail.strip() for child in children):
        return  # mixed content: its whitespace is text
    el.text = "\n" + at + unit
    for child in children:
        child.tail = "\n" + at + unit
        _indent_children(child, at + unit, unit)
    children[-1].tail = "\n" + at


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it over
    ``path``: a crash leaves the old file or the new one, never half of one.

    Nothing is written through a symbolic link: a link at ``path`` is refused
    (``WriteError``), and the temporary file is created exclusively, so a
    link planted under its name is never followed either. A file rewritten
    keeps its permissions and, where the system allows, its owner and group;
    a new one gets those of any new file (``mkstemp`` alone would make it
    private to its owner). A full disk, a read-only folder or a permission
    refused is a ``WriteError`` naming the file, and nothing is left behind."""
    path = Path(path)
    import tempfile  # here: importing it costs more than a small validate run

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = _existing(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _keep_metadata(handle.fileno(), existing)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)  # a rename replaces a link itself, never its target
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise


def _existing(path: Path) -> os.stat_result | None:
    """The file about to be replaced (not following a link), if any; a link,
    folder or device there is refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise WriteError(
            "is a symbolic link: refused to write through it (remove the link first)", str(path)
        )
    if not stat.S_ISREG(info.st_mode):
        raise WriteError("is not a regular file: refused to replace it", str(path))
    return info


def _keep_metadata(fd: int, existing: os.stat_result | None) -> None:
    """Give the new file the permissions (and owner) of the one it replaces."""
    mode = existing.st_mode & 0o7777 if existing is not None else 0o666 & ~_umask()
    try:
        os.fchmod(fd, mode)
    except OSError:  # a file system without permissions (vfat, some shares)
        pass
    if existing is None or not hasattr(os, "fchown"):
        return
    if (existing.st_uid, existing.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, existing.st_uid, existing.st_gid)
    except OSError:  # only root may give a file away: keep at least the group
        try:
            os.fchown(fd, -1, existing.st_gid)
        except OSError:
            pass
    try:  # chown clears set-id bits: put the permissions back
        os.fchmod(fd, mode)
    except OSError:
        pass


def _umask() -> int:
    """The process's umask (which can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
