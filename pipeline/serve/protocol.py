"""What the server and its client say to each other, and where they meet.

One request per connection over a Unix socket in a folder only its user may
enter; both sides check that the other runs as the same user. A request is
``<length>\\n`` and NUL-separated fields, the first two the protocol name and
a verb: ``run`` (the client's package folder, working folder, stream
encodings, arguments and environment, with its stdin, stdout and stderr
attached), ``status`` or ``stop``. Replies are lines: ``pid N`` once the
command runs, ``exit N`` once it has ended, ``other`` when the server will not
run it (the client then runs it itself), ``serving pid N``, ``stopping``.

The client imports this module before it knows whether click and lxml are
needed at all, so it imports nothing but ``os`` and ``sys``.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing would slow every client's start
if TYPE_CHECKING:
    import _socket
    import socket

PROTOCOL = "tei-pipeline-serve/1"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package
MAX_MESSAGE = 1 << 22
_MAX_HEAD = 20  # digits of a length, and its newline
STREAMS = 3  # stdin, stdout, stderr travel with a run request


def socket_path() -> str:
    """Where the server listens: $TEI_PIPELINE_SOCKET, else a per-user folder
    in $XDG_RUNTIME_DIR (or $TMPDIR, or /tmp)."""
    given = os.environ.get("TEI_PIPELINE_SOCKET")
    if given:
        return given
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(base, f"tei-pipeline-{os.getuid()}", "serve.sock")


def private(path: str) -> bool:
    """``path``'s folder is ours, no symlink, closed to others; ``path``, if
    it exists, is a socket of ours (not a symlink to one)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if (st.st_mode & 0o170000) != 0o040000 or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return False
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return (st.st_mode & 0o170000) == 0o140000 and st.st_uid == os.getuid()


def peer_is_us(conn: socket.socket | _socket.socket) -> bool:
    """The process at the other end runs as our user (Linux says so; elsewhere
    :func:`private` folders guard the socket)."""
    import _socket

    if not hasattr(_socket, "SO_PEERCRED"):
        return True
    creds = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)  # pid, uid, gid
    return int.from_bytes(creds[4:8], sys.byteorder) == os.getuid()


# ---------------------------------------------------------------- requests


def frame(*fields: str) -> bytes:
    """One request: its length, then its fields separated by NUL."""
    body = "\0".join((PROTOCOL, *fields)).encode("utf-8", "surrogateescape")
    return b"%d\n" % len(body) + body


def run_request(
    argv: list[str],
    cwd: str,
    encodings: tuple[str, str, str, str],
    env: dict[str, str],
    package: str = HERE,
) -> bytes:
    """A ``run`` request: ``argv`` (``argv[0]`` the program) from ``cwd``
    with ``env``; ``encodings`` are stdout's encoding and errors, then
    stderr's."""
    return frame(
        "run",
        package,
        cwd,
        *encodings,
        str(len(argv)),
        *argv,
        *(f"{key}={value}" for key, value in env.items()),
    )


class Request:
    """A ``run``: ``argv`` from ``cwd`` with ``env``, on the client's streams.
    (A plain class: ``typing.NamedTuple`` would slow every client's start.)"""

    def __init__(self, fields: list[str]) -> None:
        (self.package, self.cwd, self.out_encoding, self.out_errors) = fields[:4]
        (self.err_encoding, self.err_errors) = fields[4:6]
        argc = int(fields[6]) if fields[6].isdigit() else -1
        self.argv = fields[7 : 7 + argc]
        if len(self.argv) != argc or argc < 1:
            raise ValueError("argument count does not match")
        self.env = dict(item.split("=", 1) for item in fields[7 + argc :] if "=" in item)

    @property
    def command(self) -> str:
        """The command as a user would type it (for the server's log)."""
        return " ".join(["tei-pipeline", *self.argv[1:]])


def parse(body: bytes) -> tuple[str, Request | None]:
    """The verb of a request and, for ``run``, the request itself; ("", None)
    when the message is not one this protocol reads."""
    fields = body.decode("utf-8", "surrogateescape").split("\0")
    if len(fields) < 2 or fields[0] != PROTOCOL:
        return "", None
    if fields[1] != "run":
        return fields[1], None
    try:
        return "run", Request(fields[2:])
    except (ValueError, IndexError):
        return "", None


class Reader:
    """Reads one request as its bytes arrive, in any number of pieces:
    :meth:`feed` returns the body once it is whole. Raises ValueError on a
    message this protocol cannot read (no length, too long, cut short)."""

    def __init__(self) -> None:
        self._data = b""
        self._size: int | None = None

    def feed(self, chunk: bytes) -> bytes | None:
        if not chunk:
            raise ValueError("message cut short")
        self._data += chunk
        if self._size is None:
            head, newline, rest = self._data.partition(b"\n")
            if not newline:
                if len(self._data) > _MAX_HEAD:
                    raise ValueError("no message length")
                return None
            if not head.isdigit() or int(head) > MAX_MESSAGE:
                raise ValueError("no usable message length")
            self._size, self._data = int(head), rest
        if len(self._data) > self._size:
            raise ValueError("more than the message")
        return self._data if len(self._data) == self._size else None


# ---------------------------------------------------------------- replies


def reply(word: str, value: int | None = None) -> bytes:
    """One reply line: ``word`` and its number, if any."""
    return (word if value is None else f"{word} {value}").encode() + b"\n"


def replies(pending: bytes) -> tuple[list[tuple[str, int | None]], bytes]:
    """The whole reply lines in ``pending`` as (word, number or None), and
    what is left of an unfinished line."""
    found: list[tuple[str, int | None]] = []
    *lines, rest = pending.split(b"\n")
    for line in lines:
        word, _, value = line.decode("ascii", "replace").partition(" ")
        found.append((word, int(value) if value.isdigit() else None))
    return found, rest
