"""``tei-pipeline serve``: validate runs handed to a warm server must be
indistinguishable from runs in their own process, and fall back to them
whenever the server cannot take the request."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.serve import server
from pipeline.validation import validate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the server needs fork and Unix sockets")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "validate"


class Server:
    def __init__(self, folder: Path, close_stdout: bool = False) -> None:
        self.path = str(folder / "serve.sock")
        self.log = folder / "serve.log"
        self.env = dict(os.environ, TEI_PIPELINE_SOCKET=self.path)
        self.env.pop("TEI_PIPELINE_NO_SERVER", None)
        self.env.pop("CI", None)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipeline", "serve"],
                stderr=log,
                env=self.env,
                preexec_fn=(lambda: os.close(1)) if close_stdout else None,  # noqa: PLW1509
            )
        deadline = time.monotonic() + 30
        while server.ask(self.path, "status") is None:
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)

    def run(self, *args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
        """``tei-pipeline ARGS`` as a user runs it, with the server there."""
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            check=False,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=dict(self.env, **env),
            timeout=60,
        )

    def served(self) -> list[str]:
        """The commands the server has run (its log names each as it ends)."""
        deadline = time.monotonic() + 10
        while True:
            lines = [line for line in self.log.read_text().splitlines() if " -> exit " in line]
            if time.monotonic() > deadline or lines:
                return lines
            time.sleep(0.1)


@pytest.fixture
def warm() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="tps-"))  # short: socket paths are limited
    os.chmod(folder, 0o700)
    running = Server(folder)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.terminate()
            running.process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


CASES = [
    ("validate", "tests/validate/valid/seed-example.xml"),
    ("validate", "tests/validate/invalid/date-month-13.xml"),
    ("validate", "tests/validate/valid", "--format", "json"),
    ("validate", "--format", "github", "tests/validate/invalid/duplicate-id.xml"),
    ("validate", "no-such-file.xml"),
    ("validate", "tests/validate/invalid/not-well-formed.xml"),
    ("validate", "--fail-on", "warning", "--no-schematron", "tests/validate/valid"),
    ("validate", "--format", "yaml", "tests/validate/valid"),
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a[1:]))
def test_served_run_is_the_same_as_a_run_here(warm: Server, args: tuple[str, ...]) -> None:
    served = warm.run(*args)
    here = warm.run(*args, TEI_PIPELINE_NO_SERVER="1")
    assert (served.returncode, served.stdout, served.stderr) == (
        here.returncode,
        here.stdout,
        here.stderr,
    )
    assert served.stdout or served.stderr
    assert f"tei-pipeline {' '.join(args)} -> exit {here.returncode}" in warm.served()


def test_many_requests_in_a_row_are_all_served(warm: Server) -> None:
    # Clients hang up as their child ends: the server must tell the two apart.
    for _ in range(40):
        result = warm.run("validate", "tests/validate/valid/seed-example.xml")
        assert result.returncode == 0, result.stderr
    assert warm.process.poll() is None, warm.log.read_text()
    deadline = time.monotonic() + 10
    while len(warm.served()) < 40 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(warm.served()) == 40


def test_working_folder_and_environment_reach_the_server(warm: Server, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "valid" / "seed-example.xml", tmp_path / "doc.xml")
    shutil.copy(FIXTURES / "valid" / "authority.xml", tmp_path / "authority.xml")
    result = warm.run("validate", "doc.xml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 file checked: 1 valid")
    missing = warm.run(
        "validate", "--schema", "tei-all", "doc.xml", cwd=tmp_path, TEI_PIPELINE_TEI_ALL="/nowhere"
    )
    assert missing.returncode == 2
    assert "TEI_PIPELINE_TEI_ALL=/nowhere" in missing.stderr
    assert len(warm.served()) >= 1


def test_status_stop_and_the_socket_removed(warm: Server) -> None:
    status = warm.run("serve", "--status")
    assert status.returncode == 0
    assert f"serving pid {warm.process.pid}" in status.stdout
    assert warm.run("serve", "--stop").returncode == 0
    assert warm.process.wait(timeout=30) == 0
    assert not os.path.exists(warm.path)
    after = warm.run("serve", "--status")
    assert after.returncode == 1
    assert "no server at" in after.stderr
    # with no server, validate runs in its own process
    assert warm.run("validate", "tests/validate/valid").returncode == 0


def test_a_second_server_at_the_same_socket_is_refused(warm: Server) -> None:
    second = warm.run("serve")
    assert second.returncode == 2
    assert "already listening" in second.stderr


def test_socket_left_behind_is_ignored_then_replaced(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tps-"))
    os.chmod(folder, 0o700)
    path = str(folder / "serve.sock")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)  # bound, never listening: a server killed with SIGKILL leaves this
    dead.close()
    env = dict(os.environ, TEI_PIPELINE_SOCKET=path)
    env.pop("TEI_PIPELINE_NO_SERVER", None)
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", "tests/validate/valid"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "3 files checked: 3 valid" in result.stdout
    try:
        replacing = Server(folder)  # starts over the leftover socket
        assert replacing.run("validate", "tests/validate/valid").returncode == 0
        assert replacing.served()
        replacing.process.terminate()
        assert replacing.process.wait(timeout=30) == 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _refused_serve(path: Path) -> str:
    """``serve --socket PATH`` must exit 2 (usage); its message."""
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "serve", "--socket", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    return result.stderr


def test_a_folder_open_to_others_is_refused(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    assert "closed to others" in _refused_serve(tmp_path / "s.sock")
    assert not (tmp_path / "s.sock").exists()


def test_changed_code_stops_the_server_and_the_run_happens_here(warm: Server) -> None:
    module = Path(server.__file__)
    before = module.stat()
    try:
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        result = warm.run("validate", "tests/validate/valid")
        assert result.returncode == 0, result.stderr
        assert "3 files checked: 3 valid" in result.stdout
        assert warm.process.wait(timeout=30) == 0
    finally:
        os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "changed on disk" in warm.log.read_text()
    assert warm.served() == []


def _send(path: str, message: bytes, fds: list[int] | None = None) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(30)
        conn.connect(path)
        socket.send_fds(conn, [message], fds or [])
        return conn.recv(64)


def _run_request(package: str, *argv: str) -> bytes:
    fields = [package, str(ROOT), "utf-8", "strict", "utf-8", "backslashreplace"]
    return server.frame("run", *fields, str(len(argv)), *argv, "LANG=C")


def test_requests_it_cannot_take_are_sent_back(warm: Server) -> None:
    elsewhere = _run_request("/elsewhere/pipeline", "tei-pipeline", "validate", "x.xml")
    assert _send(warm.path, elsewhere, [0, 1, 2]) == b"other\n"
    nested = _run_request(server.HERE, "tei-pipeline", "serve", "--socket", "/tmp/x.sock")
    assert _send(warm.path, nested, [0, 1, 2]) == b"other\n"  # only validate is served
    assert warm.process.poll() is None
    assert warm.served() == []


def test_clients_that_hang_up_or_send_garbage_leave_nothing_behind(warm: Server) -> None:
    fd_folder = Path(f"/proc/{warm.process.pid}/fd")
    before = len(os.listdir(fd_folder)) if fd_folder.exists() else None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(warm.path)
        conn.sendall(server.frame("status"))  # and hang up before the reply
    for garbage in (b"12345678901234567890123", b"9999999999\n", b"5\nab", b"3\nxyz"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(warm.path)
            socket.send_fds(conn, [garbage], [0, 1, 2])
    assert server.ask(warm.path, "status") == f"serving pid {warm.process.pid}"
    if before is not None:
        assert len(os.listdir(fd_folder)) == before
    assert warm.run("validate", "tests/validate/valid").returncode == 0


def _long_check(warm: Server, folder: Path) -> subprocess.Popen[bytes]:
    """A served validate of 3,000 files (a few seconds), once the server runs it."""
    shutil.copy(FIXTURES / "valid" / "authority.xml", folder / "authority.xml")
    # Long documents: validation is quick, and the check must outlast the signal.
    seed = (FIXTURES / "valid" / "seed-example.xml").read_text()
    long = seed.replace("</body>", "<p>A paragraph of the text.</p>" * 400 + "</body>")
    for n in range(3000):
        (folder / f"d{n}.xml").write_text(long)
    client = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "validate", "--jobs", "1", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=warm.env,
    )
    _wait_for(warm, f"validate --jobs 1 {folder} (pid")
    return client


def test_a_killed_client_stops_its_check(warm: Server, tmp_path: Path) -> None:
    client = _long_check(warm, tmp_path)
    client.kill()
    client.communicate()
    _wait_for(warm, "the client went away; stopping it")
    assert any(line.endswith(f"-> exit {128 + signal.SIGTERM}") for line in warm.served())


def _wait_for(warm: Server, text: str) -> None:
    deadline = time.monotonic() + 30
    while text not in warm.log.read_text():
        assert time.monotonic() < deadline, f"not in the server's log: {text}"
        time.sleep(0.05)


def test_streams_take_the_clients_encoding(warm: Server, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "invalid" / "date-month-13.xml", tmp_path / "café.xml")
    runs = []
    for bypass in ("0", "1"):
        runs.append(
            subprocess.run(
                [sys.executable, "-m", "pipeline", "validate", "café.xml"],
                capture_output=True,
                check=False,
                cwd=tmp_path,
                env=dict(warm.env, PYTHONIOENCODING="latin-1", TEI_PIPELINE_NO_SERVER=bypass),
            )
        )
    served, here = runs
    assert b"caf\xe9.xml:" in here.stdout
    assert (served.returncode, served.stdout, served.stderr) == (
        here.returncode,
        here.stdout,
        here.stderr,
    )
    assert warm.served()


def test_a_server_started_with_stdout_closed_serves_alike(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    closed = Server(tmp_path, close_stdout=True)
    try:
        served = closed.run("validate", "tests/validate/valid")
        here = closed.run("validate", "tests/validate/valid", TEI_PIPELINE_NO_SERVER="1")
        assert (served.returncode, served.stdout) == (0, here.stdout)
        assert closed.served()
    finally:
        closed.process.terminate()
        closed.process.wait(timeout=30)


def test_private_refuses_symlinks_and_open_folders(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    assert server.private(str(closed / "s.sock"))
    (tmp_path / "link").symlink_to(closed)
    assert not server.private(str(tmp_path / "link" / "s.sock"))
    (closed / "file").write_text("not a socket")
    assert not server.private(str(closed / "file"))
    (closed / "alias.sock").symlink_to(closed / "file")
    assert not server.private(str(closed / "alias.sock"))
    closed.chmod(0o755)
    assert not server.private(str(closed / "s.sock"))


def test_serve_never_removes_a_file_that_is_not_its_socket(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    keep = tmp_path / "id_ed25519"
    keep.write_text("a key")
    assert "nothing but a socket" in _refused_serve(keep)
    assert keep.read_text() == "a key"


def test_ctrl_c_reaches_the_served_command(warm: Server, tmp_path: Path) -> None:
    client = _long_check(warm, tmp_path)
    client.send_signal(signal.SIGINT)
    _out, err = client.communicate(timeout=30)
    assert client.returncode == 1
    assert "Aborted!" in err.decode()
    assert any(line.endswith("-> exit 1") for line in warm.served())


def test_parse_reads_a_run_request() -> None:
    message = _run_request(server.HERE, "tei-pipeline", "validate", "x y.xml")
    verb, request = server.parse(message.split(b"\n", 1)[1])
    assert verb == "run"
    assert request is not None
    assert (request.package, request.cwd) == (server.HERE, str(ROOT))
    assert request.argv == ["tei-pipeline", "validate", "x y.xml"]
    assert (request.out_encoding, request.err_errors) == ("utf-8", "backslashreplace")
    assert request.env == {"LANG": "C"}
    assert server.parse(b"tei-pipeline-serve/0\0status") == ("", None)
    assert server.parse(server.frame("status").split(b"\n", 1)[1]) == ("status", None)
    short = server.frame("run", server.HERE, "/", "utf-8", "strict", "utf-8", "strict", "9", "x")
    assert server.parse(short.split(b"\n", 1)[1]) == ("", None)


def test_an_edited_schema_is_compiled_again(tmp_path: Path) -> None:
    rng = tmp_path / "custom.rng"
    shutil.copy(validate.PROJECT_RNG, rng)
    first = validate.grammar(rng)
    assert validate.grammar(rng) is first
    rng.write_text(rng.read_text().replace("<start>", "<start>\n  ", 1))
    os.utime(rng, ns=(1, rng.stat().st_mtime_ns + 1_000_000_000))
    assert validate.grammar(rng) is not first
