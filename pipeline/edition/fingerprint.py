"""Generated TEI files and the editor's hand edits.

Every file the pipeline writes carries a fingerprint of its generated content
in a processing instruction, with digests of the files it was made from::

    <?tei-pipeline fingerprint="sha256:…" source="sha256:…" corrections="sha256:…"?>

A file whose content no longer matches its fingerprint has been edited by
hand: it is the master copy of its text and is not overwritten unless forced
(and then only after a backup is kept). The digests of its source and
corrections tell when those changed after the edit (the file is "behind").

Both compare what is read, not how it is stored: a source by its text as
conversion reads it, a TEI file by the document an XML parser reads, so a
checkout with CRLF line ends (git's ``autocrlf`` on Windows) changes nothing.
"""

from __future__ import annotations

import enum
import hashlib
import re
from pathlib import Path

from lxml import etree

from pipeline.errors import OverwriteRefused, WriteError
from pipeline.xmlio import read_file, serialize, write_atomic

PI_TARGET = "tei-pipeline"
_PI = re.compile(
    rb'<\?tei-pipeline fingerprint="sha256:(?P<hex>[0-9a-f]{64})"(?P<inputs>[^?>]*)\?>\n'
)
_INPUT = re.compile(r'(\w+)="sha256:([0-9a-f]{64})"')
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?TEI[\s>]")
_DECLARATION = re.compile(rb"<\?xml[^>]*\?>")


class State(enum.Enum):
    ABSENT = "absent"  # no file yet
    GENERATED = "generated"  # untouched since the pipeline wrote it
    EDITED = "edited"  # fingerprint present, content changed by hand
    FOREIGN = "foreign"  # no fingerprint: not written by the pipeline


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    """The digest recorded for a source or corrections file: of its decoded
    text (``source.decode``: no byte-order mark, LF line ends), so the file
    saved on Windows has the same one. For a UTF-8 file with LF line ends it
    is the digest of its bytes, which is what earlier versions recorded."""
    return digest(text.encode("utf-8"))


def _as_parsed(data: bytes) -> bytes:
    """``data`` with the line ends an XML parser reads (XML 1.0, section
    2.11: CRLF and a lone CR are LF), the ones the pipeline writes."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in data else data


def same_document(current: bytes | None, data: bytes) -> bool:
    """Whether a file holding ``current`` holds ``data`` (line ends aside)."""
    return current is not None and _as_parsed(current) == _as_parsed(data)


def _pi_text(hex_: str, inputs: dict[str, str]) -> str:
    return f'fingerprint="sha256:{hex_}"' + "".join(
        f' {name}="sha256:{value}"' for name, value in inputs.items()
    )


def stamp(tree: etree._ElementTree, inputs: dict[str, str] | None = None) -> bytes:
    """Serialised ``tree`` with its fingerprint PI just before the root element;
    ``inputs`` are the digests of the files it was made from (name -> hex)."""
    data = _PI.sub(b"", serialize(tree), count=1)  # a fingerprint it had is replaced
    at = _ROOT.search(data)
    if at is None:  # pragma: no cover - every converted tree has a TEI root
        raise ValueError("no TEI root element to stamp")
    pi = f"<?{PI_TARGET} {_pi_text(digest(data), inputs or {})}?>\n".encode()
    return data[: at.start()] + pi + data[at.start() :]


def state_of(data: bytes | None) -> State:
    if data is None:
        return State.ABSENT
    data = _as_parsed(data)
    match = _PI.search(data)
    if match is None:
        return State.FOREIGN
    unstamped = data[: match.start()] + data[match.end() :]
    return State.GENERATED if digest(unstamped) == match["hex"].decode() else State.EDITED


def inputs_of(data: bytes | None) -> dict[str, str]:
    """The digests of the files a stamped file was made from (name -> hex)."""
    match = _PI.search(_as_parsed(data or b""))
    return dict(_INPUT.findall(match["inputs"].decode())) if match else {}


def read_existing(path: Path) -> bytes | None:
    """The file's bytes (``read_file``'s limits), None if there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    return read_file(path)


def file_state(path: Path) -> State:
    return state_of(read_existing(path))


def rewritten(old: bytes, tree: etree._ElementTree, inputs: dict[str, str] | None = None) -> bytes:
    """``tree``, a rewrite of the file ``old`` made on an editor's behalf
    (entities linked, corrections applied), as it is written back: a generated
    file is stamped afresh, so it stays the pipeline's; a hand-edited one keeps
    its fingerprint, so the edit is still seen (``inputs`` update the digests of
    what it has caught up with), and its XML declaration."""
    state = state_of(old)
    if state is State.GENERATED:
        return stamp(tree, {**inputs_of(old), **(inputs or {})})
    if state is State.EDITED and inputs:
        pi = _fingerprint_pi(tree)
        match = _PI.search(_as_parsed(old))
        if pi is not None and match is not None:
            pi.text = _pi_text(match["hex"].decode(), {**inputs_of(old), **inputs})
    declared = _DECLARATION.match(old)
    return _document(tree, declared.group() if declared else None)


def _document(tree: etree._ElementTree, declaration: bytes | None) -> bytes:
    """``tree`` as written by hand: its declaration, then each node around the
    root element on a line of its own, the root element as it is."""
    root = tree.getroot()
    parts = [declaration] if declaration is not None else []
    doctype = getattr(tree.docinfo, "doctype", "")
    if doctype:
        parts.append(doctype.encode("utf-8"))
    nodes = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    parts += [etree.tostring(node, encoding="UTF-8", with_tail=False) for node in nodes]
    return b"\n".join(parts) + b"\n"


def _fingerprint_pi(tree: etree._ElementTree) -> etree._Element | None:
    for node in tree.getroot().itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == PI_TARGET:
            return node
    return None


def write_edition(path: Path, data: bytes, *, force: bool = False) -> Path | None:
    """Write ``data`` to ``path`` unless that would destroy a hand edit.

    Returns the backup's path when ``force`` replaced an edited or foreign file.
    Raises ``OverwriteRefused`` when the file was edited by hand and not forced.
    The backup is written as any output is: never through a link.
    """
    if path.is_symlink():  # never read, let alone replaced, through a link
        raise WriteError("is a symbolic link: refused to write through it", str(path))
    current = read_existing(path)
    state = state_of(current)
    if same_document(current, data):  # a checkout's line ends are left as they are
        return None
    backup = None
    if current is not None and state in (State.EDITED, State.FOREIGN):
        if not force:
            why = (
                "was edited by hand since it was generated"
                if state is State.EDITED
                else ("was not generated by tei-pipeline")
            )
            raise OverwriteRefused(
                f"{path}: refusing to overwrite: the file {why}; keep your edits, or pass"
                " --force to replace it (a backup is kept)"
            )
        backup = path.with_name(path.name + ".bak")
        write_atomic(backup, current)
    write_atomic(path, data)
    return backup
