"""``tei-pipeline serve`` end to end, as an editor runs it: validate runs
handed to a warm server are indistinguishable from runs in their own
process, and the server starts, refuses a second one, is not held up by an
idle connection, and stops cleanly. (The protocol and the server's
bookkeeping are tested in-process: ``test_serve_protocol``, ``test_serve_server``.)"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.serve import client
from pipeline.validation import validate

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the server needs fork and Unix sockets")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "validate"
PATIENCE = 120.0  # seconds to wait for an event; generous, never asserted on


class Server:
    """A ``tei-pipeline serve`` in a private folder, and runs of the command line."""

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
        self.wait_for("serving tei-pipeline validate at")

    def run(self, *args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[bytes]:
        """``tei-pipeline ARGS`` as a user runs it, with the server there."""
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            check=False,
            capture_output=True,
            cwd=cwd,
            env=dict(self.env, **env),
            timeout=PATIENCE,
        )

    def wait_for(self, text: str) -> None:
        """Until the server's log says ``text``."""
        deadline = time.monotonic() + PATIENCE
        while text not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, f"not in the server's log: {text}"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=PATIENCE)


@pytest.fixture
def folder() -> Iterator[Path]:
    made = Path(tempfile.mkdtemp(prefix="tps-", dir="/tmp"))  # short: socket paths are limited
    os.chmod(made, 0o700)
    yield made
    shutil.rmtree(made, ignore_errors=True)


def test_served_runs_are_runs_here(folder: Path, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "valid" / "seed-example.xml", tmp_path / "doc.xml")
    shutil.copy(FIXTURES / "valid" / "authority.xml", tmp_path / "authority.xml")
    shutil.copy(FIXTURES / "invalid" / "date-month-13.xml", tmp_path / "café.xml")
    cases: list[tuple[tuple[str, ...], Path, dict[str, str]]] = [
        (("validate", "tests/validate/valid/seed-example.xml"), ROOT, {}),
        (("validate", "tests/validate/invalid/date-month-13.xml"), ROOT, {}),
        (("validate", "tests/validate/valid", "--format", "json"), ROOT, {}),
        (("validate", "--format", "github", "tests/validate/invalid/duplicate-id.xml"), ROOT, {}),
        (("validate", "no-such-file.xml"), ROOT, {}),
        (("validate", "tests/validate/invalid/not-well-formed.xml"), ROOT, {}),
        (("validate", "--format", "yaml", "tests/validate/valid"), ROOT, {}),
        # the working folder and the environment reach the server
        (("validate", "doc.xml"), tmp_path, {}),
        (("validate", "--schema", "tei-all", "doc.xml"), tmp_path, {"TEI_PIPELINE_TEI_ALL": "/no"}),
        # and the client's stream encodings
        (("validate", "café.xml"), tmp_path, {"PYTHONIOENCODING": "latin-1"}),
    ]
    warm = Server(folder)
    try:
        for args, cwd, env in cases:
            served = warm.run(*args, cwd=cwd, **env)
            here = warm.run(*args, cwd=cwd, TEI_PIPELINE_NO_SERVER="1", **env)
            assert (served.returncode, served.stdout, served.stderr) == (
                here.returncode,
                here.stdout,
                here.stderr,
            ), args
            assert served.stdout or served.stderr
            warm.wait_for(f"tei-pipeline {' '.join(args)} -> exit {here.returncode}")
    finally:
        warm.stop()
    assert b"caf\xe9.xml:" in here.stdout
    assert warm.process.returncode == 0


def test_start_refuse_a_second_ignore_an_idle_client_stop(folder: Path) -> None:
    # started with stdout closed, as a service manager may start it
    warm = Server(folder, close_stdout=True)
    try:
        second = warm.run("serve")
        assert (second.returncode, b"already listening" in second.stderr) == (2, True)
        status = warm.run("serve", "--status")
        assert status.returncode == 0
        assert f"serving pid {warm.process.pid}".encode() in status.stdout
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
            idle.connect(warm.path)  # connects, and says nothing
            idle.sendall(b"12")
            served = warm.run("validate", "tests/validate/valid")
            assert (served.returncode, served.stderr) == (0, b""), served.stderr
            warm.wait_for("tei-pipeline validate tests/validate/valid -> exit 0")
        assert warm.run("serve", "--stop").returncode == 0
        assert warm.process.wait(timeout=PATIENCE) == 0
    finally:
        warm.stop()
    assert "stop requested" in warm.log.read_text()
    assert not os.path.exists(warm.path)
    after = warm.run("serve", "--status")
    assert (after.returncode, b"no server at" in after.stderr) == (1, True)
    # with no server, validate runs in its own process
    alone = warm.run("validate", "tests/validate/valid")
    assert alone.returncode == 0
    assert b"3 files checked: 3 valid" in alone.stdout
    assert client.ask(warm.path, "status") is None


def test_an_edited_schema_is_compiled_again(tmp_path: Path) -> None:
    # a warm server keeps compiled schemas: they must follow their files
    rng = tmp_path / "custom.rng"
    shutil.copy(validate.PROJECT_RNG, rng)
    first = validate.grammar(rng)
    assert validate.grammar(rng) is first
    rng.write_text(rng.read_text().replace("<start>", "<start>\n  ", 1))
    os.utime(rng, ns=(1, rng.stat().st_mtime_ns + 1_000_000_000))
    assert validate.grammar(rng) is not first
