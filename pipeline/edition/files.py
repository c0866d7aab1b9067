"""An edition's files: reads that stay inside it, one writer at a time, and
references from one file to another that resolve where the file is written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from pipeline.errors import InputError, WriteError
from pipeline.xmlio import read_file

# Characters a relative reference may hold as they are (RFC 3986 pchar and "/").
_SAFE = "/!$&'()*+,;=:@-._~"


def inside(path: Path, root: Path) -> bool:
    """Does ``path``, links followed, lie in ``root``?"""
    return path.resolve().is_relative_to(root.resolve())


def check_inside(path: Path, root: Path) -> None:
    """Refuse a link that leads out of ``root``, without reading (let alone
    quoting) what it points at."""
    if not inside(path, root):
        raise InputError(
            "a symbolic link to a file outside the edition folder: refused (not read)", str(path)
        )


def read_inside(path: Path, root: Path) -> bytes:
    """``read_file(path)``, refusing a link that leads out of ``root``."""
    check_inside(path, root)
    return read_file(path)


def href(file: Path, folder: Path) -> str:
    """A relative URI reference to ``file`` from a document in ``folder``."""
    relative = os.path.relpath(file.resolve(), folder.resolve())
    return quote(Path(relative).as_posix(), safe=_SAFE)


@contextlib.contextmanager
def locked(folder: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the edition lock of ``folder`` (an advisory lock on the folder
    itself: no file is made for it): writers of one folder take turns, and
    a reader that needs a stable view (``shared``) waits for them."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no locking
        yield
        return
    try:
        if not shared:
            folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    except OSError as exc:
        if shared:  # no folder: nothing written there to wait for
            yield
            return
        raise WriteError(f"cannot lock: {exc.strerror or exc}", str(folder)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
