"""The ``tei-pipeline`` console script (and ``python -m pipeline``), and the
client half of :mod:`pipeline.server`.

``validate`` goes to a running ``tei-pipeline serve`` when there is one;
everything else, and ``validate`` without a server, runs here. This module
imports nothing heavy: it runs before it is known whether click and lxml
are needed at all.
"""

from __future__ import annotations

import os
import sys

from pipeline.serve.server import ANSWER_WITHIN, HERE, frame, peer_is_us, private, socket_path

TYPE_CHECKING = False  # not typing's: the client must start fast
if TYPE_CHECKING:
    import _socket

_SIGINT = 2  # POSIX; the signal module would cost an enum import on every run


def run() -> None:
    if sys.argv[1:2] == ["validate"]:
        code = forward(sys.argv)
        if code is not None:
            os._exit(code)
    from pipeline.cli import run as run_here

    run_here()


def forward(argv: list[str]) -> int | None:
    """Run the command ``argv`` (``argv[0]`` is the program) on a running
    server; its exit status, or None when no server takes it."""
    if os.name != "posix" or os.environ.get("TEI_PIPELINE_NO_SERVER", "0") not in ("", "0"):
        return None
    streams = (sys.stdin, sys.stdout, sys.stderr)
    path = socket_path()
    if None in streams or not os.path.exists(path) or not private(path):
        return None
    import _socket  # socket.py would import selectors and enum: slower than a check
    from array import array

    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(ANSWER_WITHIN)
        conn.connect(path)
        if not peer_is_us(conn):
            return None
        out, err = sys.stdout, sys.stderr
        request = frame(
            "run",
            HERE,
            os.getcwd(),
            out.encoding,
            out.errors or "strict",
            err.encoding,
            err.errors or "strict",
            str(len(argv)),
            *argv,
            *(f"{k}={v}" for k, v in os.environ.items()),
        )
        fds = array("i", (0, 1, 2)).tobytes()
        conn.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        return _await(conn)
    except OSError:  # nobody listening (a socket left behind), a closed stream, no answer
        return None
    finally:
        conn.close()


def _await(conn: _socket.socket) -> int | None:
    """Read the server's replies. Ctrl-C goes on to the child's process group,
    as a terminal would send it to a command run here."""
    pid = None
    interrupted = False
    pending = b""
    while True:
        try:
            chunk = conn.recv(256)
        except KeyboardInterrupt:
            interrupted = True
            _interrupt(pid)
            continue
        if not chunk:
            break
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            word, _, value = line.partition(b" ")
            if word == b"pid":
                pid = int(value)
                conn.settimeout(None)  # the check itself may take as long as it takes
                if interrupted:
                    _interrupt(pid)
            elif word == b"exit":
                return int(value)
            elif word == b"other":
                return None
    if pid is None:
        if interrupted:
            raise KeyboardInterrupt
        return None
    sys.stderr.write(f"tei-pipeline: the server's check (pid {pid}) ended without a status\n")
    return 1


def _interrupt(pid: int | None) -> None:
    if pid is not None:
        try:
            os.killpg(pid, _SIGINT)
        except OSError:  # ended already
            pass


if __name__ == "__main__":
    run()
