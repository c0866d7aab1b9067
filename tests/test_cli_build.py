"""``convert`` and ``build`` from the command line: bad input, protection of
hand edits, ``build --check``, and the committed edition being current."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT, SEED

from pipeline.cli import main
from pipeline.edition.fingerprint import State, file_state


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


BAD_INPUTS = [
    ("empty", b"", "empty.txt:1:1: empty file: nothing to convert"),
    ("blank", b"\n  \n\t\n", "blank.txt:1:1: empty file: nothing to convert"),
    (
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "binary.txt:1:1: binary file (NUL bytes), not a text transcription",
    ),
    (
        "latin1",
        "Ana\n\nTitle\n\nCaf\u00e9 text.\n".encode("latin-1"),
        "latin1.txt:5:4: not UTF-8: byte 0xe9 cannot be decoded (Latin-1 or cp1252? re-save it as UTF-8, or pass --encoding cp1252)",
    ),
    (
        "noheader",
        ("A long first paragraph " * 20 + "\n\nmore\n\nmore\n").encode(),
        "noheader.txt:1:1: no header block: expected an author line, a blank line, a title and then"
        " the text (MIA layout)",
    ),
    (
        "control",
        b"Ana\n\nTitle\n\nText \x07 bell.\n",
        "control.txt:5:6: control character U+0007 is not allowed in XML",
    ),
]


@pytest.mark.parametrize("name,data,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_position(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    source = tmp_path / f"{name}.txt"
    source.write_bytes(data)
    out = tmp_path / "out.xml"
    result = run("convert", str(source), "-o", str(out))
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert first == f"error: {source.parent}/{message}"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_convert_to_stdout_is_the_tei(tmp_path: Path) -> None:
    result = run("convert", "--no-entities", str(PROJECT / "tests" / "cases" / "info-note.txt"))
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<?xml-model")
    assert '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">' in result.stdout


def test_convert_refuses_to_overwrite_a_hand_edit(tmp_path: Path) -> None:
    source = PROJECT / "tests" / "cases" / "info-note.txt"
    out = tmp_path / "info-note.xml"
    assert run("convert", "--no-entities", str(source), "-o", str(out)).exit_code == 0
    assert file_state(out) is State.GENERATED
    edited = out.read_text("utf-8").replace("Body text follows", "Body text, edited, follows")
    out.write_text(edited, "utf-8")
    assert file_state(out) is State.EDITED
    result = run("convert", "--no-entities", str(source), "-o", str(out))
    assert result.exit_code == 4
    assert "refusing to overwrite: the file was edited by hand" in result.stderr
    assert out.read_text("utf-8") == edited
    forced = run("convert", "--no-entities", str(source), "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "info-note.xml.bak").read_text("utf-8") == edited
    assert file_state(out) is State.GENERATED


def test_convert_a_folder_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(PROJECT / "tests" / "cases" / "info-note.txt", sources / "a.txt")
    (sources / "b.txt").write_bytes(b"")
    shutil.copy(PROJECT / "tests" / "cases" / "chapter-notes.txt", sources / "c.txt")
    out = tmp_path / "out"
    result = run("convert", "--no-entities", str(sources), "-o", str(out))
    assert result.exit_code == 3
    assert sorted(p.name for p in out.iterdir()) == ["a.xml", "c.xml"]
    assert "b.txt:1:1: empty file" in result.stderr
    assert "1 of 3 files failed" in result.stderr


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project's sources, schema and authority list."""
    for folder in ("seeds", "schema"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    (tmp_path / "tei").mkdir()
    if (PROJECT / "tei" / "authority.xml").exists():
        shutil.copy(PROJECT / "tei" / "authority.xml", tmp_path / "tei" / "authority.xml")
    return tmp_path


def test_build_writes_validates_renders_and_protects_edits(project: Path) -> None:
    first = run("build", "--root", str(project))
    assert first.exit_code == 0, first.output
    tei = project / "tei" / f"{SEED.stem}.xml"
    assert file_state(tei) is State.GENERATED
    for name in (
        f"{SEED.stem}.html",
        f"{SEED.stem}.txt",
        f"{SEED.stem}.diplomatic.txt",
        "index.html",
    ):
        assert (project / "build" / name).stat().st_size > 1000
    assert run("build", "--root", str(project), "--check").exit_code == 0

    # a hand edit is the master copy of its text: kept, validated, rendered, listed
    tei.write_text(tei.read_text("utf-8").replace("Ted Crawford", "T. Crawford", 1), "utf-8")
    kept = run("build", "--root", str(project))
    assert kept.exit_code == 0, kept.output
    assert (
        f"tei/{SEED.stem}.xml: kept: edited by hand, the master copy of this text\n" in kept.stdout
    )
    assert "T. Crawford" in tei.read_text("utf-8")
    assert file_state(tei) is State.EDITED
    assert "T. Crawford" in (project / "build" / f"{SEED.stem}.html").read_text("utf-8")
    assert f'href="{SEED.stem}.html"' in (project / "build" / "index.html").read_text("utf-8")
    check = run("build", "--root", str(project), "--check")
    assert check.exit_code == 0, check.output
    assert "kept: edited by hand" in check.stdout
    # --force replaces it, keeping the edit as NAME.xml.bak
    forced = run("build", "--root", str(project), "--force")
    assert forced.exit_code == 0, forced.output
    assert "T. Crawford" in (project / "tei" / f"{SEED.stem}.xml.bak").read_text("utf-8")
    assert file_state(tei) is State.GENERATED


def test_invalid_hand_edit_fails_the_build_and_check(project: Path) -> None:
    assert run("build", "--root", str(project)).exit_code == 0
    tei = project / "tei" / f"{SEED.stem}.xml"
    tei.write_text(tei.read_text("utf-8").replace("<p>", "<p><p/>", 1), "utf-8")
    for args in ([], ["--check"]):
        result = run("build", "--root", str(project), *args)
        assert result.exit_code == 1, result.output
        assert f"{tei} (edited by hand): " in result.stderr
    assert file_state(tei) is State.EDITED


def test_build_check_detects_a_stale_edition(project: Path) -> None:
    assert run("build", "--root", str(project)).exit_code == 0
    corrections = project / "seeds" / f"{SEED.stem}.corrections.toml"
    text = corrections.read_text("utf-8")
    corrections.write_text(text[: text.rindex("[[correction]]")], "utf-8")
    check = run("build", "--root", str(project), "--check")
    assert check.exit_code == 1
    assert "stale: the sources changed" in check.stderr


def test_build_reports_a_bad_correction_with_its_line(project: Path) -> None:
    corrections = project / "seeds" / f"{SEED.stem}.corrections.toml"
    corrections.write_text(
        corrections.read_text("utf-8")
        + '\n[[correction]]\nsic = "Krassin"\ncorr = "Krasin"\ncontext = "Krassin"\nreason = "x"\n',
        "utf-8",
    )
    line = corrections.read_text("utf-8").splitlines().index('context = "Krassin"', -6) + 1
    result = run("build", "--root", str(project))
    assert result.exit_code == 3
    assert f"{SEED.stem}.corrections.toml:{line}:1: context matches no place" not in result.stderr
    assert f"{SEED.stem}.corrections.toml:{line}:1: context matches" in result.stderr


def test_committed_edition_is_current() -> None:
    """The tei/ files in the repository are what the pipeline makes today."""
    result = run("build", "--root", str(PROJECT), "--check")
    assert result.exit_code == 0, result.output


# ---- encodings: decoded only when asked -------------------------------------------

CP1252_TEXT = "Ana Author\n\nA “Quoted” Title\n\nCafé – text, naïve.\n"


def test_cp1252_is_refused_without_encoding_and_converted_with_it(tmp_path: Path) -> None:
    source = tmp_path / "old.txt"
    source.write_bytes(CP1252_TEXT.encode("cp1252"))
    out = tmp_path / "old.xml"
    refused = run("convert", "--no-entities", str(source), "-o", str(out))
    assert refused.exit_code == 3 and not out.exists()
    assert refused.stderr.startswith(f"error: {source}:3:3: not UTF-8: byte 0x93")
    done = run("convert", "--no-entities", "--encoding", "cp1252", str(source), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    tei = out.read_text("utf-8")
    assert '<title type="main">A “Quoted” Title</title>' in tei
    assert "<p>Café – text, naïve.</p>" in tei


def test_latin1_reading_of_cp1252_is_caught_with_its_position(tmp_path: Path) -> None:
    source = tmp_path / "old.txt"
    source.write_bytes(CP1252_TEXT.encode("cp1252"))
    result = run("convert", "--no-entities", "--encoding", "latin-1", str(source))
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:3] == [
        f"error: {source}:3:3: control character U+0093 after decoding as iso8859-1:"
        " cp1252 text? pass --encoding cp1252",
        "    A \ufffdQuoted\ufffd Title",
        "      ^",
    ]


@pytest.mark.parametrize(
    "encoding,data",
    [
        ("utf-16", CP1252_TEXT.encode("utf-16")),
        ("utf-8-sig", b"\xef\xbb\xbf" + CP1252_TEXT.encode("utf-8")),
        (
            "latin-1",
            CP1252_TEXT.replace("“", '"').replace("”", '"').replace("–", "-").encode("latin-1"),
        ),
    ],
)
def test_other_encodings_on_request(tmp_path: Path, encoding: str, data: bytes) -> None:
    source = tmp_path / "text.txt"
    source.write_bytes(data)
    result = run("convert", "--no-entities", "--encoding", encoding, str(source))
    assert result.exit_code == 0, result.stderr
    assert "Café" in result.stdout and "naïve" in result.stdout


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text(CP1252_TEXT)
    result = run("convert", "--encoding", "klingon", str(source))
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_error_excerpt_of_a_long_line_is_a_window_with_a_caret() -> None:
    from pipeline.errors import InputError

    line = "word " * 200_000 + "\x0b" + " tail"
    error = InputError(
        "control character U+000B is not allowed in XML", "big.txt", 7, 1_000_001, line
    )
    message, shown, caret = str(error).splitlines()
    assert message == "big.txt:7:1000001: control character U+000B is not allowed in XML"
    assert len(shown) <= 4 + 102 and shown.startswith("    …") and "\u240b tail" in shown
    assert shown[len(caret) - 1] == "\u240b" and caret.strip() == "^"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--encoding", "hex"], "'hex' is not a text encoding"),
        (["--jobs", "\u00b2"], "is not a positive number or 'auto'"),
        (["--jobs", "0"], "is not a positive number or 'auto'"),
    ],
)
def test_bad_encoding_or_jobs_is_a_usage_error(
    tmp_path: Path, args: list[str], message: str
) -> None:
    source = tmp_path / "text.txt"
    source.write_text(CP1252_TEXT)
    result = run("convert", *args, str(source))
    assert result.exit_code == 2
    assert message in result.stderr


def test_utf8_file_read_as_cp1252_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text(CP1252_TEXT, "utf-8")
    result = run("convert", "--encoding", "cp1252", str(source))
    assert result.exit_code == 3
    assert result.stderr.startswith(
        f"error: {source}:1:1: this file is UTF-8, not cp1252: read it without --encoding"
    )


def test_utf16_without_a_mark_and_its_decoding_errors(tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_bytes("\ufeff".encode("utf-16-le") + CP1252_TEXT.encode("utf-16-le"))
    result = run("convert", "--no-entities", "--encoding", "utf-16-le", str(source))
    assert result.exit_code == 0, result.stderr
    assert "\ufeff" not in result.stdout and "<p>Café – text, naïve.</p>" in result.stdout
    # an unpaired surrogate after the 18 characters of line 5: columns count characters, not bytes
    source.write_bytes(CP1252_TEXT.encode("utf-16-le")[:-4] + b"\x00\xd8\x0a\x00")
    result = run("convert", "--encoding", "utf-16-le", str(source))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {source}:5:19: not utf-16-le: byte 0x00")


def test_caret_counts_terminal_columns() -> None:
    from pipeline.errors import excerpt

    shown, caret = excerpt("Буха\u0301рин и Ле\u0301нин\x01 z", 18)
    assert shown[17] == "\u2401" and caret == 15  # two accents take no column
    shown, caret = excerpt("日本語\x01", 4)
    assert caret == 6


def _edited_outputs(tmp_path: Path) -> tuple[Path, Path]:
    """Two sources converted into a folder, both outputs then edited by hand."""
    sources, out = tmp_path / "src", tmp_path / "out"
    sources.mkdir()
    for name in ("info-note", "chapter-notes"):
        shutil.copy(PROJECT / "tests" / "cases" / f"{name}.txt", sources / f"{name}.txt")
    assert run("convert", "--no-entities", str(sources), "-o", str(out)).exit_code == 0
    for path in out.glob("*.xml"):
        path.write_text(path.read_text("utf-8").replace("</TEI>", "<!-- mine --></TEI>"), "utf-8")
    return sources, out


def test_two_refused_overwrites_exit_4(tmp_path: Path) -> None:
    sources, out = _edited_outputs(tmp_path)
    result = run("convert", "--no-entities", str(sources), "-o", str(out))
    assert result.exit_code == 4
    assert result.stderr.count("refusing to overwrite: the file was edited by hand") == 2
    assert result.stderr.endswith("2 of 2 files failed\n")


def test_an_unreadable_source_outranks_a_refused_overwrite(tmp_path: Path) -> None:
    sources, out = _edited_outputs(tmp_path)
    (sources / "chapter-notes.txt").write_bytes(b"\x00")
    result = run("convert", "--no-entities", str(sources), "-o", str(out))
    assert result.exit_code == 3  # precedence: 5 > 3 > 4 > 1 > 0
    assert "refusing to overwrite" in result.stderr and "binary file" in result.stderr
