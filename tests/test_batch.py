"""Batch work that loses nothing: a build killed midway leaves every TEI file
whole (old or new), and ``--jobs 2`` writes exactly what ``--jobs 1`` writes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT

from pipeline.edition.fingerprint import State, file_state
from pipeline.xmlio import parse_file

sys.path.insert(0, str(PROJECT / "benchmarks"))
from corpus import generate


def _project(root: Path, count: int) -> Path:
    generate(root / "seeds", count)
    shutil.copytree(PROJECT / "schema", root / "schema")
    (root / "tei").mkdir()
    if (PROJECT / "tei" / "authority.xml").exists():
        shutil.copy(PROJECT / "tei" / "authority.xml", root / "tei")
    return root


# ``python -m pipeline.cli`` with Ctrl-C as at a terminal, even where the
# tests run in the background of a shell (which starts them with SIGINT
# ignored, and Python keeps ignoring what it inherits ignored).
_CLI = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('pipeline.cli', run_name='__main__', alter_sys=True)"
)


def _build(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _CLI, "build", "--root", str(root), *args],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killed_build_leaves_only_whole_files(tmp_path: Path) -> None:
    root = _project(tmp_path, 80)
    process = _build(root)
    deadline = time.monotonic() + 60
    while len(list((root / "tei").glob("text-*.xml"))) < 10:
        assert process.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = sorted((root / "tei").glob("text-*.xml"))
    assert 10 <= len(written) < 80
    for path in written:
        assert file_state(path) is State.GENERATED, path
        parse_file(path)
    # a second build finishes the job and sweeps away the interrupted temporary files
    again = _build(root)
    assert again.wait(timeout=300) == 0
    assert len(list((root / "tei").glob("text-*.xml"))) == 80
    assert list((root / "tei").glob(".*.tmp")) == []


def test_interrupted_build_with_ctrl_c(tmp_path: Path) -> None:
    root = _project(tmp_path, 60)
    process = _build(root)
    while len(list((root / "tei").glob("text-*.xml"))) < 5:
        assert process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) != 0
    for path in (root / "tei").glob("text-*.xml"):
        assert file_state(path) is State.GENERATED, path
    assert list((root / "tei").glob(".*.tmp")) == []


@pytest.mark.parametrize("jobs", ["2"])
def test_parallel_build_writes_the_same_files(tmp_path: Path, jobs: str) -> None:
    one = _project(tmp_path / "one", 12)
    two = _project(tmp_path / "two", 12)
    assert _build(one, "--jobs", "1").wait(timeout=300) == 0
    assert _build(two, "--jobs", jobs).wait(timeout=300) == 0
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def _convert(sources: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "convert", str(sources), "-o", str(out), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_parallel_convert_writes_the_same_files_and_lists_failures_last(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    generate(sources, 12)
    (sources / "text-00005.txt").write_bytes(b"Author\n\nTitle\n\nA \x07 bell.\n")
    one, two = tmp_path / "one", tmp_path / "two"
    first, second = _convert(sources, one, "--jobs", "1"), _convert(sources, two, "--jobs", "2")
    for run in (first, second):
        assert run.returncode == 3
        assert run.stderr.splitlines()[-4:] == [
            f"error: {sources}/text-00005.txt:5:3: control character U+0007 is not allowed in XML",
            "    A \u2407 bell.",
            "      ^",
            "1 of 12 files failed",
        ]
    names = sorted(p.name for p in one.iterdir())
    assert len(names) == 11 and "text-00005.xml" not in names
    assert names == sorted(p.name for p in two.iterdir())
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_rewritten_file_keeps_its_permissions_and_new_files_get_the_usual_ones(
    tmp_path: Path,
) -> None:
    from pipeline.xmlio import write_atomic

    shared = tmp_path / "shared.xml"
    shared.write_bytes(b"<old/>")
    shared.chmod(0o664)
    write_atomic(shared, b"<new/>")
    assert shared.read_bytes() == b"<new/>"
    assert shared.stat().st_mode & 0o777 == 0o664
    mask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "fresh.xml", b"<fresh/>")
    finally:
        os.umask(mask)
    assert (tmp_path / "fresh.xml").stat().st_mode & 0o777 == 0o640


def _stderr_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What a command writes to its standard error when that is a terminal."""
    import pty

    leader, follower = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "pipeline.cli", *args],
            cwd=PROJECT,
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=env,
            timeout=300,
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed and read to its end
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("command", ["convert", "validate"])
def test_progress_bar_on_a_terminal_only(tmp_path: Path, command: str) -> None:
    sources = tmp_path / "src"
    generate(sources, 30)
    out = tmp_path / "tei"
    assert _convert(sources, out, "--no-entities").returncode == 0
    args = (
        [command, str(sources), "-o", str(tmp_path / "again")]
        if command == "convert"
        else [command, "--no-schematron", str(out)]
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    label = "converting" if command == "convert" else "validating"
    shown = _stderr_on_a_terminal(args, env)
    assert label in shown and "100%" in shown
    assert label not in _stderr_on_a_terminal(args, {**env, "CI": "true"})
    piped = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert label not in piped.stderr
