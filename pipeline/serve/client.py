"""The client half: hand a command to a running server (``validate`` does
it first thing), or ask the server how it is (``serve --status``, ``--stop``).

The console script imports this module before it knows whether click and
lxml are needed, so it stays light: ``_socket`` rather than ``socket`` (which
would import selectors and enum), no ``signal`` (an enum too).
"""

from __future__ import annotations

import os
import sys

from pipeline.serve.protocol import (
    STREAMS,
    frame,
    peer_is_us,
    private,
    replies,
    run_request,
    socket_path,
)

TYPE_CHECKING = False  # not typing's: the client must start fast
if TYPE_CHECKING:
    from _socket import socket as Socket
    from collections.abc import Callable

ANSWER_WITHIN = 10.0  # seconds for a server to take a request (a stopped one never does)
_SIGINT = 2  # POSIX; the signal module would cost an enum import on every run


def forward(argv: list[str]) -> int | None:
    """Run the command ``argv`` (``argv[0]`` is the program) on a running
    server; its exit status, or None when no server takes it."""
    if os.name != "posix" or os.environ.get("TEI_PIPELINE_NO_SERVER", "0") not in ("", "0"):
        return None
    path = socket_path()
    out, err = sys.stdout, sys.stderr
    if sys.stdin is None or out is None or err is None:  # started with a stream closed
        return None
    if not os.path.exists(path) or not private(path):
        return None
    import _socket
    from array import array

    conn = _connect(path)
    if conn is None:
        return None
    try:
        request = run_request(
            argv,
            os.getcwd(),
            (out.encoding, out.errors or "strict", err.encoding, err.errors or "strict"),
            dict(os.environ),
        )
        fds = array("i", range(STREAMS)).tobytes()
        conn.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        return wait(conn)
    except OSError:  # the server went away, a closed stream, no answer in time
        return None
    finally:
        conn.close()


def ask(path: str, verb: str) -> str | None:
    """Send ``status`` or ``stop``; the reply, or None when no server answers."""
    if not private(path):
        return None
    conn = _connect(path)
    if conn is None:
        return None
    try:
        conn.sendall(frame(verb))
        return conn.recv(256).decode().strip() or None
    except OSError:
        return None
    finally:
        conn.close()


def _connect(path: str) -> Socket | None:
    """A connection to a server of ours at ``path``, or None."""
    import _socket

    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(ANSWER_WITHIN)
        conn.connect(path)
        if peer_is_us(conn):
            return conn
    except OSError:  # nobody listening (a socket left behind)
        pass
    conn.close()
    return None


def wait(conn: Socket, interrupt: Callable[[int], None] | None = None) -> int | None:
    """The exit status the server reports; None if it sends the command back.
    Ctrl-C goes on to the command's process group (``interrupt``), as a
    terminal would send it to a command run here."""
    interrupt = interrupt or _interrupt
    pid = None
    interrupted = False
    pending = b""
    while True:
        try:
            chunk = conn.recv(256)
        except KeyboardInterrupt:
            interrupted = True
            if pid is not None:
                interrupt(pid)
            continue
        if not chunk:
            break
        lines, pending = replies(pending + chunk)
        for word, value in lines:
            if word == "other":
                return None
            if word == "exit" and value is not None:
                return value
            if word == "pid" and value is not None:
                pid = value
                conn.settimeout(None)  # the check itself may take as long as it takes
                if interrupted:
                    interrupt(pid)
    return _cut_off(pid, interrupted)


def _cut_off(pid: int | None, interrupted: bool) -> int | None:
    """The connection closed before an exit status: before the command ran
    (the client runs it then, unless the user pressed Ctrl-C), or after."""
    if pid is None:
        if interrupted:
            raise KeyboardInterrupt
        return None
    sys.stderr.write(f"tei-pipeline: the server's check (pid {pid}) ended without a status\n")
    return 1


def _interrupt(pid: int) -> None:
    try:
        os.killpg(pid, _SIGINT)
    except OSError:  # ended already
        pass
