"""What server and client say to each other: requests, replies, the private
socket folder, and the client's side of a run (in-process, no server)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from pipeline.serve import client, protocol
from pipeline.serve.protocol import Reader, frame, parse, replies, reply, run_request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the server needs Unix sockets")

ENCODINGS = ("utf-8", "strict", "latin-1", "backslashreplace")


def _body(message: bytes) -> bytes:
    return message.split(b"\n", 1)[1]


def test_a_run_request_reads_back_as_it_was_sent() -> None:
    argv = ["tei-pipeline", "validate", "x y.xml", "caf\udce9.xml"]  # a name that is not UTF-8
    message = run_request(argv, "/work", ENCODINGS, {"LANG": "C", "A": "b=c"}, package="/pkg")
    verb, request = parse(_body(message))
    assert verb == "run"
    assert request is not None
    assert (request.package, request.cwd, request.argv) == ("/pkg", "/work", argv)
    assert (request.out_encoding, request.out_errors) == ENCODINGS[:2]
    assert (request.err_encoding, request.err_errors) == ENCODINGS[2:]
    assert request.env == {"LANG": "C", "A": "b=c"}
    assert request.command == "tei-pipeline validate x y.xml caf\udce9.xml"


def test_messages_this_protocol_cannot_read_are_refused() -> None:
    assert parse(b"tei-pipeline-serve/0\0status") == ("", None)
    assert parse(b"status") == ("", None)
    assert parse(_body(frame("status"))) == ("status", None)
    short = frame("run", "/pkg", "/", *ENCODINGS, "9", "tei-pipeline")  # 9 arguments promised
    assert parse(_body(short)) == ("", None)
    assert parse(_body(frame("run", "/pkg", "/", *ENCODINGS, "0"))) == ("", None)  # no program
    assert parse(_body(frame("run", "/pkg"))) == ("", None)


def test_a_request_is_read_in_any_number_of_pieces() -> None:
    message = run_request(["tei-pipeline", "validate"], "/", ENCODINGS, {"K": "v"})
    for size in (1, 2, 7, len(message)):
        reader = Reader()
        pieces = [message[i : i + size] for i in range(0, len(message), size)]
        results = [reader.feed(piece) for piece in pieces]
        assert results[:-1] == [None] * (len(pieces) - 1)
        assert results[-1] == _body(message)


@pytest.mark.parametrize(
    "garbage",
    [b"1" * 21, b"x\n", b"-3\nabc", b"%d\n" % (protocol.MAX_MESSAGE + 1), b"3\nabcd", b""],
    ids=["no-newline", "not-a-number", "negative", "too-large", "too-long", "hung-up"],
)
def test_garbage_is_refused_as_soon_as_it_shows(garbage: bytes) -> None:
    with pytest.raises(ValueError):
        Reader().feed(garbage)


def test_replies_are_read_line_by_line() -> None:
    assert reply("pid", 42) + reply("other") == b"pid 42\nother\n"
    assert replies(b"pid 42\nexit 3\nexi") == ([("pid", 42), ("exit", 3)], b"exi")
    assert replies(b"other\nserving pid 7\n") == ([("other", None), ("serving", None)], b"")


def test_the_socket_path_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEI_PIPELINE_SOCKET", "/somewhere/s.sock")
    assert protocol.socket_path() == "/somewhere/s.sock"
    monkeypatch.delenv("TEI_PIPELINE_SOCKET")
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/1")
    assert protocol.socket_path() == f"/run/user/1/tei-pipeline-{os.getuid()}/serve.sock"


def test_private_refuses_symlinks_open_folders_and_other_files(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    assert protocol.private(str(closed / "s.sock"))
    (tmp_path / "link").symlink_to(closed)
    assert not protocol.private(str(tmp_path / "link" / "s.sock"))
    (closed / "file").write_text("not a socket")
    assert not protocol.private(str(closed / "file"))
    (closed / "alias.sock").symlink_to(closed / "file")
    assert not protocol.private(str(closed / "alias.sock"))
    assert not protocol.private(str(tmp_path / "missing" / "s.sock"))
    closed.chmod(0o755)
    assert not protocol.private(str(closed / "s.sock"))


def test_the_peer_of_a_socketpair_is_us() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert protocol.peer_is_us(ours)


# ---------------------------------------------------------------- the client's wait


class ScriptedConn:
    """A connection that hands out a script of replies, Ctrl-Cs and hang-ups."""

    def __init__(self, *script: bytes | type[BaseException]) -> None:
        self.script = list(script)
        self.timeout: float | None = 10.0

    def recv(self, _size: int) -> bytes:
        item = self.script.pop(0) if self.script else b""
        if isinstance(item, bytes):
            return item
        raise item()

    def settimeout(self, timeout: float | None) -> None:
        self.timeout = timeout


def _wait(conn: ScriptedConn) -> tuple[int | None, list[int]]:
    interrupted: list[int] = []
    return client.wait(conn, interrupted.append), interrupted  # type: ignore[arg-type]


def test_the_client_returns_the_reported_status() -> None:
    conn = ScriptedConn(b"pid 4", b"2\nex", b"it 3\n")
    assert _wait(conn) == (3, [])
    assert conn.timeout is None  # once the command runs, it may take as long as it takes


def test_a_request_sent_back_is_run_by_the_client() -> None:
    assert _wait(ScriptedConn(b"other\n")) == (None, [])
    assert _wait(ScriptedConn(b"")) == (None, [])  # hung up before running it


def test_ctrl_c_goes_on_to_the_command() -> None:
    assert _wait(ScriptedConn(b"pid 42\n", KeyboardInterrupt, b"exit 1\n")) == (1, [42])
    # pressed before the command's pid was known: sent once it is
    assert _wait(ScriptedConn(KeyboardInterrupt, b"pid 42\n", b"exit 1\n")) == (1, [42])
    with pytest.raises(KeyboardInterrupt):  # and nothing ran: the client stops
        _wait(ScriptedConn(KeyboardInterrupt, b""))


def test_a_command_that_ends_without_a_status_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert _wait(ScriptedConn(b"pid 42\n", b"")) == (1, [])
    assert "the server's check (pid 42) ended without a status" in capsys.readouterr().err
