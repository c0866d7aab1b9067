"""Real children, forked in-process by the server's loop (see
``serve_harness``): the command runs on the client's streams, in its folder
and environment; Ctrl-C, a killed client, a crash and ``sys.exit`` end it as
they would end the command run on its own."""

from __future__ import annotations

import os
import signal
import socket
import sys

import pytest
from serve_harness import Harness, send_run

from pipeline.serve import client
from pipeline.serve.children import Processes, Run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the server needs fork")


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    return read, write


def _read_all(fd: int) -> str:
    data = b""
    while chunk := os.read(fd, 4096):
        data += chunk
    os.close(fd)
    return data.decode()


def _forked(run: Run) -> tuple[Harness, socket.socket, list[int]]:
    """A real child running ``run`` for a client whose stdout and stderr are
    pipes; the harness, the client's connection and the pipes' read ends."""
    harness = Harness(run=run, processes=Processes())
    stdin = os.open(os.devnull, os.O_RDONLY)
    out_r, out_w = _pipe()
    err_r, err_w = _pipe()
    conn = send_run(
        harness, ["tei-pipeline", "validate", "x"], [stdin, out_w, err_w], env={"K": "v"}
    )
    for fd in (stdin, out_w, err_w):
        os.close(fd)
    return harness, conn, [out_r, err_r]


class Replies:
    """The server's reply lines on a client's connection, one at a time."""

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.pending = b""

    def line(self) -> str:
        while b"\n" not in self.pending:
            chunk = self.conn.recv(64)
            assert chunk, f"hung up after {self.pending!r}"
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()


def _pid(conn: socket.socket) -> tuple[int, Replies]:
    replies = Replies(conn)
    word, value = replies.line().split(" ", 1)
    assert word == "pid"
    return int(value), replies


def _exit(harness: Harness, replies: Replies) -> str:
    harness.until(lambda: not harness.server.children)
    return replies.line()


def _command(args: list[str]) -> int:
    print(f"out {args} {os.environ['K']} {os.getcwd()} {sys.argv[0]}")
    print("err", file=sys.stderr)
    return 3


def test_a_child_runs_the_command_on_the_clients_streams() -> None:
    harness, conn, (out, err) = _forked(_command)
    try:
        pid, replies = _pid(conn)
        assert _exit(harness, replies) == "exit 3"
        assert _read_all(out) == "out ['validate', 'x'] v / tei-pipeline\n"
        assert _read_all(err) == "err\n"
        assert harness.logged[-1] == "tei-pipeline validate x -> exit 3"
        assert pid != os.getpid()
    finally:
        harness.close()


def _forever(_args: list[str]) -> int:
    try:
        print("ready", flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        print("Aborted!", file=sys.stderr)
        return 1


def test_ctrl_c_reaches_the_command() -> None:
    harness, conn, (out, err) = _forked(_forever)
    try:
        pid, replies = _pid(conn)
        assert os.read(out, 64) == b"ready\n"
        client._interrupt(pid)  # what the client does on Ctrl-C
        assert _exit(harness, replies) == "exit 1"
        assert _read_all(err) == "Aborted!\n"
        os.close(out)
    finally:
        harness.close()


def test_a_killed_client_stops_its_command() -> None:
    harness, conn, pipes = _forked(_forever)
    try:
        _pid(conn)
        conn.close()
        harness.until(lambda: not harness.server.children)
        assert harness.logged[-1] == f"tei-pipeline validate x -> exit {128 + signal.SIGTERM}"
        assert "the client went away; stopping it" in harness.logged[-2]
        for fd in pipes:
            os.close(fd)
    finally:
        harness.close()


def _crash(_args: list[str]) -> int:
    raise RuntimeError("a bug in the command")


def test_a_command_that_raises_reports_it_and_fails() -> None:
    harness, conn, (out, err) = _forked(_crash)
    try:
        replies = _pid(conn)[1]
        assert _exit(harness, replies) == "exit 1"
        assert "RuntimeError: a bug in the command" in _read_all(err)
        os.close(out)
    finally:
        harness.close()


@pytest.mark.parametrize(
    ("code", "status", "said"), [(None, 0, ""), (4, 4, ""), ("error: bad", 1, "error: bad\n")]
)
def test_sys_exit_ends_the_command_as_it_ends_a_program(
    code: object, status: int, said: str
) -> None:
    def command(_args: list[str]) -> int:
        sys.exit(code)

    harness, conn, (out, err) = _forked(command)
    try:
        replies = _pid(conn)[1]
        assert _exit(harness, replies) == f"exit {status}"
        assert _read_all(err) == said
        os.close(out)
    finally:
        harness.close()
