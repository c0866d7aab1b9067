"""The server's bookkeeping, driven in-process one step at a time (see
``serve_harness``): requests, replies, idle and hung-up clients, the idle
timeout, stopping; and setting up its socket."""

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
from serve_harness import ENCODINGS, FakeProcesses, Harness, lines, open_fds, send_run

from pipeline.errors import ResourceError
from pipeline.serve import client, loop, protocol, server

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the server needs fork")


@pytest.fixture
def harness() -> Iterator[Harness]:
    made = Harness()
    yield made
    made.close()


def test_status_and_stop(harness: Harness) -> None:
    status = harness.connect()
    status.sendall(protocol.frame("status"))
    assert harness.step() is None
    assert lines(status) == [f"serving pid {os.getpid()}"]
    stop = harness.connect()
    stop.sendall(protocol.frame("stop"))
    assert harness.step() == "stop requested"
    assert lines(stop) == ["stopping"]


def test_a_run_is_started_and_its_status_reported(harness: Harness) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    argv = ["tei-pipeline", "validate", "a.xml"]
    conn = send_run(harness, argv, [0, 1, 2], cwd="/work", env={"LANG": "C"})
    assert fake.started == [(argv, "/work", {"LANG": "C"}, 3)]
    assert conn.recv(64) == b"pid 7001\n"
    harness.step()  # still running: nothing more to say
    fake.ended[7001] = 3
    harness.step()
    assert lines(conn) == ["exit 3"]
    assert harness.logged == [
        "tei-pipeline validate a.xml (pid 7001)",
        "tei-pipeline validate a.xml -> exit 3",
    ]
    assert harness.server.children == {}


def test_requests_it_cannot_take_are_sent_back(harness: Harness, tmp_path: Path) -> None:
    fake = harness.processes
    assert isinstance(fake, FakeProcesses)
    other = send_run(harness, ["tei-pipeline", "serve", "--socket", "x"], [0, 1, 2])
    assert lines(other) == ["other"]  # only validate is served
    elsewhere = harness.connect()
    message = protocol.run_request(["tei-pipeline", "validate"], "/", ENCODINGS, {}, "/else")
    socket.send_fds(elsewhere, [message], [0, 1, 2])
    harness.step()
    assert lines(elsewhere) == ["other"]  # another installation
    no_streams = send_run(harness, ["tei-pipeline", "validate"], [])
    assert lines(no_streams) == []  # hung up: the client runs it itself
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
        conn = send_run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        assert lines(conn) == ["other"]
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
    assert lines(status) == [f"serving pid {os.getpid()}"]
    harness.clock.now += loop.REQUEST_WITHIN
    assert harness.server.wait() == 0
    harness.step()
    assert lines(idle) == [] and lines(trickle) == []  # dropped
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
    conn = send_run(harness, ["tei-pipeline", "validate", "big/"], [0, 1, 2])
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
    before = open_fds()
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
    assert lines(extra) == []
    for _ in range(40):
        conn = send_run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        fake = harness.processes
        assert isinstance(fake, FakeProcesses)
        fake.ended[7000 + len(fake.started)] = 0
        harness.step()
        assert lines(conn)[-1] == "exit 0"
        conn.close()
    for conn in harness.clients:
        conn.close()
    harness.clients.clear()
    harness.step()
    assert harness.server.waiting == {} and harness.server.children == {}
    assert open_fds() == before


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
        conn = send_run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
        harness.clock.now += 60
        assert harness.step() is None  # a command is running
        assert harness.server.wait() is None
        fake.ended[7001] = 0
        assert harness.step() is None  # idle counts from the command's end
        assert lines(conn)[-1] == "exit 0"
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
    conn = send_run(harness, ["tei-pipeline", "validate"], [0, 1, 2])
    harness.server.close()
    assert fake.signals == [(7001, signal.SIGTERM)]
    assert lines(conn) == ["pid 7001", "exit 143"]


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
