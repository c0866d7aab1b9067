"""Driving the server in-process, one step at a time: clients are
socketpairs, time is a fake clock, and children are recorded by a fake
:class:`Processes` or are real forks running a function the test gives."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Callable

from pipeline.serve import protocol
from pipeline.serve.children import Processes, Run
from pipeline.serve.loop import Server

ENCODINGS = ("utf-8", "strict", "utf-8", "backslashreplace")
PATIENCE = 60.0  # seconds to wait for a real child: generous, never asserted on


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeProcesses(Processes):
    """Children that are only recorded: the test says when they end."""

    def __init__(self) -> None:
        self.started: list[tuple[list[str], str, dict[str, str], int]] = []
        self.signals: list[tuple[int, int]] = []
        self.ended: dict[int, int] = {}
        self.on_start: Callable[[], object] = lambda: None

    def start(self, run: Run, request: protocol.Request, fds: list[int]) -> int:
        self.started.append((request.argv, request.cwd, request.env, len(fds)))
        self.on_start()
        return 7000 + len(self.started)

    def signal(self, pid: int, signum: int) -> None:
        self.signals.append((pid, signum))

    def collect(self, pid: int, block: bool = False) -> int | None:
        if block and pid not in self.ended:
            self.ended[pid] = 128 + signal.SIGTERM
        return self.ended.pop(pid, None)


class Harness:
    """A server and what it logs; ``connect`` gives a client's end of a socketpair."""

    def __init__(self, run: Run | None = None, processes: Processes | None = None, **kw) -> None:
        self.clock = Clock()
        self.logged: list[str] = []
        self.processes = processes or FakeProcesses()
        self.server = Server(
            run or (lambda args: 0),
            self.logged.append,
            processes=self.processes,
            clock=self.clock,
            **kw,
        )
        self.clients: list[socket.socket] = []

    def connect(self) -> socket.socket:
        ours, theirs = socket.socketpair()
        self.server.connected(ours)
        theirs.settimeout(PATIENCE)
        self.clients.append(theirs)
        return theirs

    def step(self) -> str | None:
        return self.server.step(0)

    def until(self, done: Callable[[], bool]) -> None:
        """Step until ``done()``: the event, not the time it takes, is what counts."""
        deadline = time.monotonic() + PATIENCE
        while not done():
            assert time.monotonic() < deadline, self.logged
            self.server.step(0.05)

    def close(self) -> None:
        self.server.close()
        for conn in self.clients:
            conn.close()


def send_run(
    harness: Harness, argv: list[str], fds: list[int], cwd: str = "/", env: dict | None = None
) -> socket.socket:
    conn = harness.connect()
    message = protocol.run_request(
        argv, cwd, ENCODINGS, env or {"LANG": "C"}, harness.server.package
    )
    socket.send_fds(conn, [message], fds)
    harness.step()
    return conn


def lines(conn: socket.socket) -> list[str]:
    """Every reply until the server closes the connection."""
    data = b""
    while chunk := conn.recv(256):
        data += chunk
    return data.decode().splitlines()


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
