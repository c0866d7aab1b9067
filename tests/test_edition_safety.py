"""An edition in an untrusted repository, and faults: no write through a
link, no read of a link out of the edition, one bad file never sinks a
batch, no lost update when commands run at once, faults are one-line
messages with nothing half-written."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT

from pipeline.cli import main
from pipeline.edition.fingerprint import State, file_state
from pipeline.xmlio import parse_file, write_atomic

SECRET = "SECRET-LINE-4b1d"
TEXT = (
    "Karl Smith 1901\n\nA Letter on the Strike\n\nSource: The Weekly People, 1901.\n\n"
    "Dear Comrades, Frederick Moore wrote from Glasgow that the strike goes on.\n"
)
FIRST = [
    "Anna",
    "Bruno",
    "Carla",
    "Dieter",
    "Elsa",
    "Franz",
    "Greta",
    "Hans",
    "Ilse",
    "Jakob",
    "Karla",
    "Ludwig",
    "Marta",
    "Nils",
    "Olga",
]
FIRST += ["Paul", "Rosa", "Stefan", "Tilde", "Ulrich"]
LAST = [
    "Adler",
    "Becker",
    "Claus",
    "Dorn",
    "Eber",
    "Falk",
    "Gerber",
    "Hahn",
    "Imhof",
    "Jung",
    "Kessler",
    "Lang",
    "Maurer",
    "Neff",
    "Ott",
]
LAST += ["Pohl", "Quast", "Roth", "Sauer", "Thiel"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _cli(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )


@pytest.fixture()
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "edition"
    assert run("init", str(root)).exit_code == 0
    (root / "seeds" / "letter.txt").write_text(TEXT, "utf-8")
    (root / "seeds" / "other.txt").write_text(TEXT.replace("Letter", "Note"), "utf-8")
    monkeypatch.chdir(root)
    return root


@pytest.fixture()
def victim(tmp_path: Path) -> Path:
    """A file outside the edition that must never be read or written."""
    path = tmp_path / "victim.sh"
    path.write_text(f"#!/bin/sh\necho {SECRET}\n", "utf-8")
    path.chmod(0o755)
    return path


# ---- writes never follow a link ---------------------------------------------------


def test_forced_build_never_writes_a_backup_through_a_link(edition: Path, victim: Path) -> None:
    assert run("build").exit_code == 0
    tei = edition / "tei" / "letter.xml"
    tei.write_text(tei.read_text("utf-8").replace("goes on", "went on"), "utf-8")
    (edition / "tei" / "letter.xml.bak").symlink_to(victim)
    result = run("build", "--force")
    assert result.exit_code == 3
    assert (
        "error: tei/letter.xml.bak: is a symbolic link:"
        " refused to write through it (remove the link first)" in result.stderr
    )
    assert victim.read_text("utf-8") == f"#!/bin/sh\necho {SECRET}\n"
    assert "went on" in tei.read_text("utf-8")  # the edit is kept: no backup, no overwrite


def test_convert_never_writes_through_a_link(edition: Path, victim: Path) -> None:
    link = edition / "out.xml"
    link.symlink_to(victim)
    result = run("convert", "seeds/letter.txt", "-o", "out.xml", "--force")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: out.xml: is a symbolic link: refused to write")
    assert SECRET not in result.output
    assert victim.read_text("utf-8").endswith(f"echo {SECRET}\n") and link.is_symlink()


def test_atomic_write_refuses_a_link_and_keeps_mode_and_owner(tmp_path: Path, victim: Path) -> None:
    from pipeline.errors import WriteError

    link = tmp_path / "link.xml"
    link.symlink_to(victim)
    with pytest.raises(WriteError, match="is a symbolic link"):
        write_atomic(link, b"<x/>")
    assert victim.read_text("utf-8").endswith(f"echo {SECRET}\n")
    shared = tmp_path / "shared.xml"
    shared.write_bytes(b"<old/>")
    shared.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(shared, 65534, 65534)
    write_atomic(shared, b"<new/>")
    info = shared.stat()
    assert shared.read_bytes() == b"<new/>" and info.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (65534, 65534)


# ---- reads stay inside the edition -------------------------------------------------


def test_a_seed_linked_out_of_the_edition_is_never_read_or_published(
    edition: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET} Author\n\n{SECRET} Title\n\n{SECRET} text.\n", "utf-8")
    (edition / "seeds" / "leak.txt").symlink_to(secret)
    for args in (["build", "--check"], ["build"]):
        result = run(*args)
        assert result.exit_code == 3
        assert SECRET not in result.output
        assert (
            "seeds/leak.txt: a symbolic link to a file outside the edition folder:"
            " refused (not read)" in result.stderr
        )
    assert not (edition / "tei" / "leak.xml").exists()
    assert not list((edition / "build").glob("leak*"))
    assert (edition / "build" / "letter.html").exists()  # the others are built


@pytest.mark.parametrize("what", ["seed", "authority", "tei"])
def test_links_to_devices_are_refused_at_once(edition: Path, what: str) -> None:
    assert run("build").exit_code == 0
    path = {
        "seed": edition / "seeds" / "zero.txt",
        "authority": edition / "tei" / "authority.xml",
        "tei": edition / "tei" / "letter.xml",
    }[what]
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    done = _cli(edition, "build", "--check", timeout=60)
    assert done.returncode == 3, done.stderr
    assert "a symbolic link to a file outside the edition folder: refused" in done.stderr


def test_a_fifo_among_the_seeds_is_refused_and_the_others_built(edition: Path) -> None:
    os.mkfifo(edition / "seeds" / "pipe.txt")
    done = _cli(edition, "build", timeout=120)
    assert done.returncode == 3
    assert "seeds/pipe.txt: not a regular file: refused" in done.stderr
    index = (edition / "build" / "index.html").read_text("utf-8")
    assert 'href="letter.html"' in index and 'href="other.html"' in index


def test_a_missing_file_is_named_without_a_position(edition: Path) -> None:
    (edition / "seeds" / "gone.txt").symlink_to(edition / "seeds" / "nothing.txt")
    result = run("build")
    assert result.exit_code == 3
    assert "error: seeds/gone.txt: cannot read: No such file or directory\n" in result.stderr


def test_reported_names_cannot_forge_lines(edition: Path) -> None:
    (edition / "seeds" / "x\n::error file=a::forged\x1b[31m.txt").write_bytes(b"")
    result = run("build")
    assert result.exit_code == 3
    lines = result.output.splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert "\x1b" not in result.output and "\u241b[31m" in result.output


# ---- faults are messages -----------------------------------------------------------


@pytest.mark.parametrize(
    "code", [errno.ENOSPC, errno.EROFS, errno.EACCES], ids=["disk-full", "read-only", "denied"]
)
def test_write_faults_are_one_line_and_leave_nothing_behind(
    edition: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def refuse(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", refuse)
    result = run("convert", "seeds/letter.txt", "-o", "out/letter.xml")
    assert result.exit_code == 3
    assert result.stderr == f"error: out/letter.xml: cannot write: {os.strerror(code)}\n"
    assert list((edition / "out").iterdir()) == []
    built = run("build")
    assert built.exit_code == 3
    assert f"tei/letter.xml: cannot write: {os.strerror(code)}" in built.stderr
    assert not list((edition / "tei").glob(".*.tmp"))
    assert not (edition / "tei" / "letter.xml").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_message(edition: Path) -> None:
    assert run("build").exit_code == 0
    (edition / "seeds" / "letter.txt").write_text(TEXT.replace("goes on", "ends"), "utf-8")
    (edition / "tei").chmod(0o555)
    try:
        result = run("build")
    finally:
        (edition / "tei").chmod(0o755)
    assert result.exit_code == 3
    assert "tei/letter.xml: cannot write: Permission denied" in result.stderr


# ---- no lost update ----------------------------------------------------------------


def test_two_builds_at_once_take_turns(edition: Path) -> None:
    for _ in range(3):
        first = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "build"],
            cwd=edition,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
        )
        second = _cli(edition, "build")
        _out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
        assert second.returncode == 0, second.stderr
        for name in ("letter", "other"):
            assert file_state(edition / "tei" / f"{name}.xml") is State.GENERATED


@pytest.mark.parametrize("command", [["build"], ["accept"]])
def test_writers_wait_for_the_edition_lock(edition: Path, command: list[str]) -> None:
    from pipeline.edition.files import locked

    assert run("build").exit_code == 0
    with locked(edition / "tei"):  # as another build or review, writing
        waiting = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", *command],
            cwd=edition,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(PROJECT)},
        )
        try:
            waiting.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        assert waiting.poll() is None  # it has not run while the lock was held
    assert waiting.wait(timeout=300) == 0


def _people_edition(root: Path) -> list[list[str]]:
    """Two texts naming twenty-five people each, built; the names suggested
    in each (the recogniser decides which of them are names)."""
    import json

    names = [f"{first} {last}" for first in FIRST for last in LAST[:3]][:50]
    for part, ours in (("a", names[:25]), ("b", names[25:])):
        body = "\n\n".join(f"Comrade {name} spoke at the meeting in the hall." for name in ours)
        text = f"Karl Smith 1901\n\nMinutes {part}\n\nSource: The Weekly, 1901.\n\n{body}\n"
        (root / "seeds" / f"{part}.txt").write_text(text, "utf-8")
    assert _cli(root, "build").returncode == 0
    found = json.loads(_cli(root, "entities", "--unreviewed", "--format", "json").stdout)
    return [
        sorted({m["text"] for m in found if m["file"] == f"tei/{part}.xml" and m["text"] in names})
        for part in ("a", "b")
    ]


def test_concurrent_accepts_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "edition"
    assert run("init", str(root)).exit_code == 0
    in_a, in_b = _people_edition(root)
    assert len(in_a) >= 20 and len(in_b) >= 20
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    for name_a, name_b in list(zip(in_a, in_b))[:20]:  # twenty pairs of accepts at once
        both = [
            subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "accept", file, "--only", name],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for file, name in (("tei/a.xml", name_a), ("tei/b.xml", name_b))
        ]
        for process in both:
            _out, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
    listing = parse_file(root / "tei" / "authority.xml")
    accepted = {str(n) for n in listing.xpath("//*[local-name()='persName']/text()")}
    assert accepted == set(in_a[:20]) | set(in_b[:20])
    checked = _cli(root, "validate", "tei/")
    assert checked.returncode == 0, checked.stdout
    assert _cli(root, "build", "--check").returncode == 0


def test_accept_interrupted_between_list_and_texts_leaves_no_dangling_reference(
    edition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.edition import review

    assert run("build").exit_code == 0

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # as a kill between the two writes

    monkeypatch.setattr(review, "update_text", killed)
    interrupted = CliRunner().invoke(main, ["accept"])
    assert interrupted.exit_code == 1 and "Aborted!" in interrupted.output
    listing = parse_file(edition / "tei" / "authority.xml")
    assert listing.xpath("//*[@xml:id='frederick-moore']")  # the list was written first
    assert run("validate", "tei/").exit_code == 0  # no reference to a missing entry
    monkeypatch.undo()
    monkeypatch.chdir(edition)
    again = run("accept")
    assert again.exit_code == 0, again.output
    assert "entries added" not in again.stdout  # the list had them already
    assert "tei/letter.xml: 2 mentions linked" in again.stdout
    assert run("build", "--check").exit_code == 0
