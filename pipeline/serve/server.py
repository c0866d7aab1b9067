"""A warm command runner for editors: ``tei-pipeline serve`` keeps Python,
lxml, the schema and the rules loaded, and ``tei-pipeline validate`` hands its
work to it when it runs.

Started afresh, a ``validate`` spends about 50 ms starting Python, importing
lxml and click and compiling the schema before it looks at a file; an editor
that validates on every save pays that every time. The server pays it once
(``preload``). For each request it forks a child that takes over the caller's
standard streams, working folder, environment and arguments and runs the
command with the function it was given (``run``: the command line's), so
output, exit status and progress bars are those of a run without the server.
This module sets the server up (socket, signals) and runs its loop
(:mod:`pipeline.serve.loop`) until it must stop.
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable, Iterable

from pipeline.errors import ResourceError
from pipeline.serve.children import Run
from pipeline.serve.client import ask
from pipeline.serve.loop import Server, close_all
from pipeline.serve.protocol import STREAMS, private


def serve(
    path: str,
    run: Run,
    *,
    preload: Callable[[], object] | None = None,
    commands: Iterable[str] = ("validate",),
    idle: float | None = None,
    log: Callable[[str], None] = print,
) -> None:
    """Load what ``preload`` loads, then run ``commands`` with ``run`` for
    clients at ``path`` until stopped (``stop`` request, SIGTERM, Ctrl-C),
    code changed on disk, or ``idle`` seconds without a request."""
    if not hasattr(os, "fork"):
        raise ResourceError("the server needs a POSIX system (fork and Unix sockets)")
    if preload is not None:
        preload()
    for fd in range(STREAMS):  # a closed one would be taken by a socket, then by dup2
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)
    commands = tuple(commands)
    listener = listen(path)
    inode = os.stat(path).st_ino
    server = Server(run, log, commands=commands, idle=idle)
    server.listen_on(listener)
    wake_r, wake_w = os.pipe()  # signals wake the loop through it
    for fd in (wake_r, wake_w):
        os.set_blocking(fd, False)
    server.wake_on(wake_r)
    handlers = {
        signum: signal.signal(signum, lambda _signum, _frame: server.stop("stopped"))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    handlers[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    signal.set_wakeup_fd(wake_w)
    log(f"serving tei-pipeline {' '.join(commands)} at {path} (pid {os.getpid()})")
    try:
        verdict = None
        while verdict is None:
            verdict = server.step(server.wait())
        log(verdict)
    finally:
        signal.set_wakeup_fd(-1)
        server.close()
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        listener.close()
        close_all([wake_r, wake_w])
        try:
            if os.stat(path).st_ino == inode:
                os.unlink(path)
        except OSError:
            pass


def listen(path: str) -> socket.socket:
    """A socket listening at ``path``, in a private folder, reachable by us only."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not private(path):
        raise ResourceError(
            f"{path}: the server's folder must be yours, not a symlink, and closed to "
            f"others (chmod 700 {folder}), and nothing but a socket of yours may be "
            "there already; or choose another place with --socket"
        )
    if ask(path, "status") is not None:
        raise ResourceError(f"a server is already listening at {path}")
    if os.path.lexists(path):
        os.unlink(path)  # our own socket, left behind by a server that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    umask = os.umask(0o177)  # the socket is born 0600: only its user may connect
    try:
        listener.bind(path)
    except OSError as exc:
        listener.close()
        raise ResourceError(f"{path}: cannot listen there: {exc.strerror}") from None
    finally:
        os.umask(umask)
    listener.listen(64)
    return listener
