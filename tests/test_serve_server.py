"""The server's bookkeeping, driven in-process one step at a time: clients
are socketpairs, time is a fake clock, and children are either recorded (a
fake :class:`Processes`) or real forks running a function the test gives."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.errors import ResourceError
from pipeline.serve import client, loop, protocol, server
from pipeline.serve.children import Processes, Run
from pipeline.serve.loop import Server

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the server needs fork")

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


@pytest.fixture
def harness() -> Iterator[Harness]:
    made = Harness()
    yield made
    made.close()


def _run(
    harness: Harness, argv: list[str], fds: list[int], cwd: str = "/", env: dict | None = None
) -> socket.socket:
    conn = harness.connect()
    message = protocol.run_request(
        argv, cwd, ENCODINGS, env or {"LANG": "C"}, harness.server.package
    )
    socket.send_fds(conn, [message], fds)
    harness.step()
    return conn


def _lines(conn: socket.socket) -> list[str]:
    """Every reply until the server closes the connection."""
    data = b""
    while chunk := conn.recv(256):
        data += chunk
    return data.decode().splitlines()


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


# ---------------------------------------------------------------- bookkeeping


def test_status_and_stop(harness: Harness) -> None:
    status = harness.connect()
    status.sendall(protocol.frame("status"))
    assert harness.step() is None
    assert _lines(status) == [f"serving pid {os.getpid()}"]
    stop = harness.connect()
    stop.sendall(protocol.frame("stop"))
    assert harness.step() == "stop requested"
    assert _lines(stop) == ["stopping"]


def test_a_run_is_started_and_its_status_reported(harness: Harness) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    argv = ["tei-pipeline", "validate", "a.xml"]
    conn = _run(harness, argv, [0, 1, 2], cwd="/work", env={"LANG": "C"})
    assert fake.started == [(argv, "/work", {"LANG": "C"}, 3)]
    assert conn.recv(64) == b"pid 7001\n"
    harness.step()  # still running: nothing more to say
    fake.ended[7001] = 3
    harness.step()
    assert _lines(conn) == ["exit 3"]
    assert harness.logged == [
        "tei-pipeline validate a.xml (pid 7001)",
        "tei-pipeline validate a.xml -> exit 3",
    ]
    assert harness.server.children == {}


def test_requests_it_cannot_take_are_sent_back(harness: Harness, tmp_path: Path) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    other = _run(harness, ["tei-pipeline", "serve", "--socket", "x"], [0, 1, 2])
    assert _lines(other) == ["other"]  # only validate is served
    elsewhere = harness.connect()
    message = protocol.run_request(["tei-pipeline", "validate"], "/", ENCODINGS, {}, "/else")
    socket.send_fds(elsewhere, [message], [0, 1, 2])
    harness.step()
    assert _lines(elsewhere) == ["other"]  # another installation
    no_streams = _run(harness, ["tei-pipeline", "validate"], [])
    assert _lines(no_streams) == []  # hung up: the client runs it itself
    assert fake.started == []
    assert harness.server.verdict is None


def test_changed_code_sends_the_run_back_and_stops_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "mod.py"
    module.write_text("")
    loaded = types.ModuleType("_changed_module")
    loaded.__file__ = str(module)
    monkeypatch.setitem(sys.modules, "_changed_module", loaded)
    harness = Harness(package=str(tmp_path))
    try:
        assert harness.server.stamp == {str(module): module.stat().st_mtime_ns}
        os.utime(module, ns=(1, module.stat().st_mtime_ns + 1_000_000_000))
        conn = _run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        assert _lines(conn) == ["other"]
        assert harness.step() == "the package changed on disk: stopping (start the server again)"
    finally:
        harness.close()


def test_an_idle_client_holds_up_nobody(harness: Harness) -> None:
    idle = harness.connect()
    idle.sendall(b"12\n")  # the start of a request, and then nothing
    trickle = harness.connect()
    for _ in range(9):  # a byte a second keeps no client alive past its deadline
        trickle.sendall(b"9")
        harness.clock.now += 1
        assert harness.step() is None
    status = harness.connect()
    status.sendall(protocol.frame("status"))
    harness.step()
    assert _lines(status) == [f"serving pid {os.getpid()}"]
    harness.clock.now += loop.REQUEST_WITHIN
    assert harness.server.wait() == 0
    harness.step()
    assert _lines(idle) == [] and _lines(trickle) == []  # dropped
    assert harness.logged.count("a client sent no request within 10 s: dropped") == 2
    assert harness.server.waiting == {}


def test_the_oldest_waiting_connection_gives_way(harness: Harness) -> None:
    first = harness.connect()
    for _ in range(loop.MAX_WAITING):
        harness.connect()
    assert len(harness.server.waiting) == loop.MAX_WAITING
    harness.step()
    assert first.recv(16) == b""


def test_a_client_that_hangs_up_stops_its_command(harness: Harness) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    conn = _run(harness, ["tei-pipeline", "validate", "big/"], [0, 1, 2])
    assert conn.recv(64) == b"pid 7001\n"
    conn.close()
    harness.step()
    assert fake.signals == [(7001, signal.SIGTERM)]
    assert "tei-pipeline validate big/ (pid 7001): the client went away; stopping it" in (
        harness.logged
    )
    fake.ended[7001] = 128 + signal.SIGTERM
    harness.step()
    assert harness.logged[-1] == "tei-pipeline validate big/ -> exit 143"


def test_a_client_gone_before_its_pid_stops_its_command(harness: Harness) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    conn = harness.connect()
    fake.on_start = conn.close  # gone while the child starts
    socket.send_fds(
        conn, [protocol.run_request(["tei-pipeline", "validate"], "/", ENCODINGS, {})], [0, 1, 2]
    )
    harness.step()
    assert fake.signals == [(7001, signal.SIGTERM)]
    fake.ended[7001] = 143
    harness.step()
    assert harness.server.children == {}
    assert harness.logged[-1] == "tei-pipeline validate -> exit 143"


def test_garbage_and_hang_ups_leave_no_descriptor_behind(harness: Harness) -> None:
    harness.step()
    before = _open_fds()
    for garbage in (b"1" * 23, b"9999999999\n", b"5\nab", b"3\nxyz", b"4"):
        conn = harness.connect()
        socket.send_fds(conn, [garbage], [0, 1, 2])
        conn.close()
        harness.step()
    gone = harness.connect()
    gone.sendall(protocol.frame("status"))
    gone.close()  # before the reply
    harness.step()
    extra = harness.connect()  # more streams than a run sends
    socket.send_fds(extra, [b"4"], [0, 1, 2, 0])
    harness.step()
    assert _lines(extra) == []
    for _ in range(40):
        conn = _run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        fake = harness.processes
        assert isinstance(fake, FakeProcesses)
        fake.ended[7000 + len(fake.started)] = 0
        harness.step()
        assert _lines(conn)[-1] == "exit 0"
        conn.close()
    for conn in harness.clients:
        conn.close()
    harness.clients.clear()
    harness.step()
    assert harness.server.waiting == {} and harness.server.children == {}
    assert _open_fds() == before


def test_a_peer_of_another_user_is_refused() -> None:
    harness = Harness(peer_is_us=lambda conn: False)
    try:
        conn = harness.connect()
        assert conn.recv(16) == b""
        assert harness.server.waiting == {}
    finally:
        harness.close()


def test_the_idle_timeout_waits_for_running_commands() -> None:
    harness = Harness(idle=5.0)
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    try:
        assert harness.server.wait() == 5.0
        conn = _run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        harness.clock.now += 60
        assert harness.step() is None  # a command is running
        assert harness.server.wait() is None
        fake.ended[7001] = 0
        assert harness.step() is None  # idle counts from the command's end
        assert _lines(conn)[-1] == "exit 0"
        harness.clock.now += 4.5
        assert harness.step() is None
        assert harness.server.wait() == 0.5
        harness.clock.now += 0.5
        assert harness.step() == "idle for 5 s: stopping"
    finally:
        harness.close()


def test_stopping_stops_the_commands_still_running(harness: Harness) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    conn = _run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
    harness.server.close()
    assert fake.signals == [(7001, signal.SIGTERM)]
    assert _lines(conn) == ["pid 7001", "exit 143"]


# ---------------------------------------------------------------- real children


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
    conn = _run(harness, ["tei-pipeline", "validate", "x"], [stdin, out_w, err_w], env={"K": "v"})
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


# ---------------------------------------------------------------- the socket


@pytest.fixture
def folder() -> Iterator[Path]:
    made = Path(os.path.realpath("/tmp")) / f"tps-{os.getpid()}-{time.monotonic_ns()}"
    made.mkdir(mode=0o700)  # short: socket paths are limited to about 100 bytes
    yield made
    for child in made.iterdir():
        child.unlink()
    made.rmdir()


def test_a_socket_left_behind_is_ignored_then_replaced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(folder / "serve.sock")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # bound, never listening: a server killed with SIGKILL leaves this
    dead.close()
    monkeypatch.setenv("TEI_PIPELINE_SOCKET", path)
    monkeypatch.delenv("TEI_PIPELINE_NO_SERVER", raising=False)
    assert client.forward(["tei-pipeline", "validate", "x.xml"]) is None  # runs here
    assert client.ask(path, "status") is None
    with server.listen(path) as listener, pytest.raises(ResourceError, match="already listening"):
        _answering(listener, lambda: server.listen(path))


def _answering(listener: socket.socket, then: Callable[[], object]) -> None:
    """Run ``then`` while a forked server answers at ``listener``."""
    pid = os.fork()
    if pid == 0:
        try:
            harness = Harness()
            harness.server.listen_on(listener)
            while True:
                harness.server.step(None)
        finally:
            os._exit(0)
    try:
        then()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_a_folder_open_to_others_is_refused(folder: Path) -> None:
    folder.chmod(0o755)
    with pytest.raises(ResourceError, match="closed to others"):
        server.listen(str(folder / "s.sock"))
    assert not (folder / "s.sock").exists()
    folder.chmod(0o700)


def test_serve_never_removes_a_file_that_is_not_its_socket(folder: Path) -> None:
    keep = folder / "id_ed25519"
    keep.write_text("a key")
    with pytest.raises(ResourceError, match="nothing but a socket"):
        server.listen(str(keep))
    assert keep.read_text() == "a key"
