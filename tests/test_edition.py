"""An edition end to end from the command line: init, build, the review of
entity suggestions (entities, accept, reject), hand edits as the master copy,
correct, and references that resolve wherever TEI is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.edition.fingerprint import State, digest, file_state
from pipeline.xmlio import parse_file

TEXTS = {
    "letter": (
        "Karl Smith 1901\n\nA Letter on the Strike\n\nSource: The Weekly People, 1901.\n"
        "Transcription: Ann Typist.\n\n"
        "Dear Comrades, Frederick Moore wrote from Glasgow that Peter Holt will speak.\n\n"
        "We met Frederick Moore again at the Hall. The strike goes on.\n"
    ),
    "report": (
        "Mary Jones 1905\n\nReport of the Committee\n\nSource: The Socialist, 1905.\n\n"
        "The Committee sent Thomas Quill to Dundee. Thomas Quill came back on Monday.\n\n"
        "The Dental Committee of the party moved the resolution.\n"
    ),
    "speech": (
        "John Brown 1910\n\nA Speech at the Meeting\n\nSource: The Call, 1910.\n\n"
        "Comrades, Helen Marsh and William Grove spoke at Leeds before the meeting.\n"
    ),
}
CORRECTION = """editor = "A. Editor"

[[ correction ]]
sic = "Dental"
corr = "Central"
context = "The Dental Committee of the party"
reason = "Transcription error: the Central Committee."
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def edition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new edition with three texts, the current folder."""
    monkeypatch.chdir(tmp_path)
    result = run("init", "--title", "Test Edition", "--editor", "A. Editor")
    assert result.exit_code == 0, result.output
    for name, text in TEXTS.items():
        (tmp_path / "seeds" / f"{name}.txt").write_text(text, "utf-8")
    return tmp_path


def test_init_makes_a_valid_edition(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "ed"), "--title", "Letters & Papers")
    assert result.exit_code == 0, result.output
    root = tmp_path / "ed"
    for name in (
        "tei-pipeline.toml",
        "tei/authority.xml",
        "seeds/README.md",
        "schema/tei-pipeline.rng",
        "schema/tei-pipeline.sch",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/tei.yml",
    ):
        assert (root / name).is_file(), name
        assert f"{root / name}: created" in result.stdout
    authority = root / "tei" / "authority.xml"
    assert "Letters &amp; Papers" in authority.read_text("utf-8")
    assert "<listPerson>" in authority.read_text("utf-8")  # the commented example
    assert run("validate", str(authority)).exit_code == 0
    assert _model_targets(authority) == [
        root / "schema/tei-pipeline.rng",
        root / "schema/tei-pipeline.sch",
    ]
    workflow = (root / ".github/workflows/tei.yml").read_text("utf-8")
    assert "tei-pipeline build --check" in workflow and "tei-pipeline validate" in workflow
    hooks = (root / ".pre-commit-config.yaml").read_text("utf-8")
    assert "entry: tei-pipeline validate" in hooks and "files: ^tei/.*\\.xml$" in hooks
    assert "/build/" in (root / ".gitignore").read_text("utf-8")
    # a second init keeps every file
    authority.write_text(authority.read_text("utf-8") + "<!-- mine -->\n", "utf-8")
    again = run("init", str(root))
    assert again.exit_code == 0
    assert f"{authority}: exists: kept" in again.stdout
    assert authority.read_text("utf-8").endswith("<!-- mine -->\n")


def _model_targets(tei: Path) -> list[Path]:
    """The files the <?xml-model?> instructions of ``tei`` name."""
    head = tei.read_text("utf-8")[:2000]
    return [(tei.parent / h).resolve() for h in re.findall(r'<\?xml-model href="([^"]+)"', head)]


def test_build_without_seeds_is_an_error(tmp_path: Path) -> None:
    result = run("build", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / 'seeds'}: no such folder: nothing to build here"
        " (start an edition with `tei-pipeline init`, or pass --root)\n"
    )


def test_a_new_edition_builds_with_no_texts(edition: Path) -> None:
    for path in (edition / "seeds").glob("*.txt"):
        path.unlink()
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "0 texts, 0 failed, 3 files written in build (put the texts in seeds/ as NAME.txt)\n"
    )


def test_review_loop_keeps_the_build_current(edition: Path) -> None:
    first = run("build")
    assert first.exit_code == 0, first.output
    assert "3 texts, 0 failed, 12 files written in build" in first.stdout
    index = (edition / "build" / "index.html").read_text("utf-8")
    assert all(f'href="{name}.html"' in index for name in TEXTS)
    for name in TEXTS:
        tei = edition / "tei" / f"{name}.xml"
        assert _model_targets(tei) == [
            edition / "schema/tei-pipeline.rng",
            edition / "schema/tei-pipeline.sch",
        ]
    pending = run("entities", "--unreviewed", "--format", "json")
    assert pending.exit_code == 1
    assert "Frederick Moore" in pending.stdout and "Thomas Quill" in pending.stdout
    accepted = run("accept")
    assert accepted.exit_code == 0, accepted.output
    assert "tei/authority.xml: " in accepted.stdout and "person frederick-moore" in accepted.stdout
    for step in (["build"], ["build", "--check"]):
        result = run(*step)
        assert result.exit_code == 0, result.output
        assert "stale" not in result.output
    assert run("entities", "--unreviewed").exit_code == 0
    letter = (edition / "tei" / "letter.xml").read_text("utf-8")
    assert '<persName ref="authority.xml#frederick-moore">Frederick Moore</persName>' in letter
    assert file_state(edition / "tei" / "letter.xml") is State.GENERATED
    assert run("validate", "tei/").exit_code == 0


def test_accept_one_name_then_reject_one_for_good(edition: Path) -> None:
    assert run("build").exit_code == 0
    one = run("accept", "--only", "Thomas Quill")
    assert one.exit_code == 0, one.output
    listing = parse_file(edition / "tei" / "authority.xml")
    assert listing.xpath("//*[@xml:id='thomas-quill']")
    assert not listing.xpath("//*[@xml:id='frederick-moore']")
    rejected = run("reject", "tei/letter.xml", "--only", "Peter Holt")
    assert rejected.exit_code == 0, rejected.output
    assert "1 rejections remembered: person 'Peter Holt'" in rejected.stdout
    assert run("build").exit_code == 0
    check = run("build", "--check")
    assert check.exit_code == 0, check.output
    letter = (edition / "tei" / "letter.xml").read_text("utf-8")
    assert "Peter Holt" in letter and ">Peter Holt</persName>" not in letter
    assert '<persName cert="low" resp="#ner">Frederick Moore</persName>' in letter
    names = [m["text"] for m in _json(run("entities", "--unreviewed", "--format", "json"))]
    assert "Peter Holt" not in names and "Frederick Moore" in names
    assert run("validate", "tei/authority.xml").exit_code == 0


def _json(result) -> list[dict]:  # type: ignore[no-untyped-def]
    import json

    return json.loads(result.stdout)


def test_accept_keeps_the_authority_files_formatting(edition: Path) -> None:
    authority = edition / "tei" / "authority.xml"
    mine = authority.read_text("utf-8").replace(
        "  </standOff>",
        '    <listPerson>\n        <person xml:id="ann">'
        '<persName type="main">Ann   Typist</persName><note>Our typist.</note></person>\n'
        "    </listPerson>\n  </standOff>",
    )
    authority.write_text(mine, "utf-8")
    assert run("build").exit_code == 0
    assert run("accept", "--only", "Thomas Quill").exit_code == 0
    after = authority.read_text("utf-8")
    start = mine.rindex("    </listPerson>")
    assert after[:start] == mine[:start]  # nothing before the new entry changed
    assert after[start:].startswith(
        '        <person xml:id="thomas-quill">\n'
        '            <persName type="main">Thomas Quill</persName>\n'
    )
    assert after.endswith(mine[start:])
    assert run("validate", str(authority)).exit_code == 0


def test_hand_edit_is_the_master_copy_and_correct_applies_new_corrections(
    edition: Path,
) -> None:
    assert run("build").exit_code == 0
    tei = edition / "tei" / "report.xml"
    tei.write_text(tei.read_text("utf-8").replace("on Monday", "on Monday morning"), "utf-8")
    kept = run("build")
    assert kept.exit_code == 0, kept.output
    assert "tei/report.xml: kept: edited by hand, the master copy of this text" in kept.stdout
    assert "on Monday morning" in tei.read_text("utf-8")
    assert "on Monday morning" in (edition / "build" / "report.html").read_text("utf-8")
    assert 'href="report.html"' in (edition / "build" / "index.html").read_text("utf-8")
    # a new correction: the hand-edited file is behind until it is corrected
    (edition / "seeds" / "report.corrections.toml").write_text(CORRECTION, "utf-8")
    behind = run("build")
    assert behind.exit_code == 0
    assert (
        "warning: tei/report.xml: behind: its corrections changed"
        " (apply them: tei-pipeline correct tei/report.xml)" in behind.stderr
    )
    corrected = run("correct", "tei/report.xml")
    assert corrected.exit_code == 0, corrected.output
    assert "tei/report.xml: 1 corrections applied, 0 already there" in corrected.stdout
    text = tei.read_text("utf-8")
    assert "on Monday morning" in text
    assert (
        '<choice><sic>Dental</sic><corr resp="#editor" xml:id="corr-1">Central</corr></choice>'
        in text
    )
    assert (
        '<note type="correction" resp="#editor" target="#corr-1">'
        "Transcription error: the Central Committee.</note>" in text
    )
    assert file_state(tei) is State.EDITED
    again = run("build")
    assert again.exit_code == 0 and "behind" not in again.stderr
    assert "Transcription error: the Central Committee." in (
        edition / "build" / "report.html"
    ).read_text("utf-8")
    assert run("correct", "tei/report.xml").stdout.endswith(
        "0 corrections applied, 1 already there\n"
    )
    assert run("build", "--check").exit_code == 0


def test_correct_names_a_changed_or_withdrawn_correction_and_keeps_hand_edits(
    edition: Path,
) -> None:
    assert run("build").exit_code == 0
    corrections = edition / "seeds" / "report.corrections.toml"
    corrections.write_text(CORRECTION, "utf-8")
    tei = edition / "tei" / "report.xml"
    tei.write_text(tei.read_text("utf-8").replace("on Monday", "on Monday morning"), "utf-8")
    assert run("correct", "tei/report.xml").exit_code == 0
    # the editor rewords the correction in the text: correct leaves it so
    edited = tei.read_text("utf-8").replace(">Central</corr>", ">Central (Executive)</corr>")
    tei.write_text(edited, "utf-8")
    again = run("correct", "tei/report.xml")
    assert again.exit_code == 0 and tei.read_text("utf-8") == edited
    assert "1 corrections read otherwise in the text than in" in again.stderr
    assert "'Central (Executive)'" in again.stderr and "the file 'Central'" in again.stderr
    # ... and a hand-made correction under its own xml:id is the editor's
    made = edited.replace(
        "on Monday morning",
        '<choice><sic>on</sic><corr resp="#editor" xml:id="corr-hand">upon</corr></choice>'
        " Monday morning",
    ).replace(
        "</div>\n    </back>",
        '<note type="correction" target="#corr-hand">x</note></div>\n    </back>',
    )
    assert 'target="#corr-hand"' in made
    tei.write_text(made, "utf-8")
    assert "no longer in" not in run("correct", "tei/report.xml").stderr
    # the correction withdrawn from the file: named, left for the editor, the text behind
    corrections.write_text('editor = "A. Editor"\n', "utf-8")
    withdrawn = run("correct", "tei/report.xml")
    assert withdrawn.exit_code == 0
    assert "1 corrections in the text are no longer in" in withdrawn.stderr
    assert "'Dental' -> 'Central (Executive)'" in withdrawn.stderr
    assert tei.read_text("utf-8") == made
    assert "behind: its corrections changed" in run("build").stderr


def test_correct_on_a_generated_text_gives_what_build_gives(edition: Path) -> None:
    assert run("build").exit_code == 0
    (edition / "seeds" / "report.corrections.toml").write_text(CORRECTION, "utf-8")
    assert run("correct", "tei/report.xml").exit_code == 0
    assert file_state(edition / "tei" / "report.xml") is State.GENERATED
    assert run("build", "--check").exit_code == 0
    # withdrawn: the text is made afresh without it, nothing left to do by hand
    (edition / "seeds" / "report.corrections.toml").write_text('editor = "A. Editor"\n', "utf-8")
    withdrawn = run("correct", "tei/report.xml")
    assert withdrawn.exit_code == 0 and "no longer in" not in withdrawn.stderr
    assert "<choice>" not in (edition / "tei" / "report.xml").read_text("utf-8")
    assert run("build", "--check").exit_code == 0


def test_convert_elsewhere_writes_references_that_resolve_there(edition: Path) -> None:
    assert run("build").exit_code == 0
    assert run("accept").exit_code == 0
    out = edition / "elsewhere" / "deeper"
    result = run("convert", "seeds/", "-o", str(out))
    assert result.exit_code == 0, result.output
    letter = (out / "letter.xml").read_text("utf-8")
    assert 'ref="../../tei/authority.xml#frederick-moore"' in letter
    assert _model_targets(out / "letter.xml") == [
        edition / "schema/tei-pipeline.rng",
        edition / "schema/tei-pipeline.sch",
    ]
    checked = run("validate", str(out))
    assert checked.exit_code == 0, checked.output
    assert "3 files checked: 3 valid" in checked.stdout


def test_convert_outside_an_edition_points_at_the_installed_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXTS["speech"], "utf-8")
    assert run("convert", "a.txt", "-o", "out/a.xml").exit_code == 0
    targets = _model_targets(tmp_path / "out" / "a.xml")
    assert [t.name for t in targets] == ["tei-pipeline.rng", "tei-pipeline.sch"]
    assert all(t.is_file() for t in targets)


def test_settings_of_the_edition_reach_the_tei(edition: Path) -> None:
    config = edition / "tei-pipeline.toml"
    text = config.read_text("utf-8")
    text = text.replace('id = "editor"', 'id = "ae"').replace(
        'licence = ""', 'licence = "CC BY 4.0"'
    )
    config.write_text(text, "utf-8")
    (edition / "seeds" / "report.corrections.toml").write_text(
        CORRECTION.replace('editor = "A. Editor"\n', ""), "utf-8"
    )
    assert run("build").exit_code == 0
    tree = parse_file(edition / "tei" / "report.xml")
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert tree.xpath("//t:corr/@resp", namespaces=ns) == ["#ae"]
    assert tree.xpath("string(//t:respStmt[@xml:id='ae']/t:persName)", namespaces=ns) == "A. Editor"
    assert tree.xpath("string(//t:availability/t:licence)", namespaces=ns) == "CC BY 4.0"
    assert tree.xpath("string(//t:publicationStmt/t:publisher)", namespaces=ns) == "Test Edition"


def test_bad_settings_are_refused_with_their_file(edition: Path) -> None:
    config = edition / "tei-pipeline.toml"
    config.write_text('[paths]\ntei = "../../etc"\n[editions]\n', "utf-8")
    result = run("build")
    assert result.exit_code == 3
    assert result.stderr == ("error: tei-pipeline.toml: unknown section [editions]\n")
    config.write_text('[paths]\ntei = "../../etc"\n', "utf-8")
    result = run("build")
    assert result.exit_code == 3
    assert "paths.tei = '../../etc' leads outside the edition folder" in result.stderr


def _readme_block(after: str) -> list[str]:
    """The indented command lines of the README that follow the line ``after``."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    lines = readme[readme.index(after) :].splitlines()[2:]
    block = []
    for line in lines:
        if not line.startswith("    "):
            break
        block.append(line.split("  #")[0].strip())
    return block


def test_the_readmes_edition_workflow_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    monkeypatch.chdir(tmp_path)
    [start] = _readme_block("`init` starts one:")
    assert run(*shlex.split(start)[1:]).exit_code == 0
    monkeypatch.chdir(tmp_path / "my-edition")
    expected = {"entities --unreviewed": 1}
    for line in _readme_block("The work on an edition, from its folder:"):
        words = shlex.split(line)
        if words[0] == "cp":  # the reader's own texts: ours
            for name, text in TEXTS.items():
                Path("seeds", f"{name}.txt").write_text(text, "utf-8")
            continue
        assert words[0] == "tei-pipeline", line
        result = run(*words[1:])
        assert result.exit_code == expected.get(" ".join(words[1:]), 0), (line, result.output)
    assert run("build", "--check").exit_code == 0
    correct = _readme_block("place, touching nothing else:")
    assert correct == ["tei-pipeline correct tei/NAME.xml"]


def test_rewrites_on_the_pipelines_behalf_keep_its_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """annotate (like accept, reject and correct) re-stamps a generated file,
    and leaves a hand-edited one recognisably edited."""
    monkeypatch.chdir(tmp_path)
    Path("letter.txt").write_text(TEXTS["letter"], "utf-8")
    assert run("convert", "--no-entities", "letter.txt", "-o", "out/letter.xml").exit_code == 0
    listing = Path("out", "authority.xml")
    assert run("init", "ed").exit_code == 0
    listing.write_text(
        Path("ed/tei/authority.xml")
        .read_text("utf-8")
        .replace(
            "  </standOff>",
            '    <listPlace><place xml:id="glasgow"><placeName>Glasgow</placeName></place>'
            "</listPlace>\n  </standOff>",
        ),
        "utf-8",
    )
    out = Path("out", "letter.xml")
    result = run("annotate", str(out))
    assert result.exit_code == 0, result.output
    assert '<placeName ref="authority.xml#glasgow">Glasgow</placeName>' in out.read_text("utf-8")
    assert file_state(out) is State.GENERATED
    out.write_text(out.read_text("utf-8").replace("The strike", "The great strike"), "utf-8")
    assert run("annotate", str(out)).exit_code == 0
    assert file_state(out) is State.EDITED and "The great strike" in out.read_text("utf-8")


def _crlf(path: Path) -> None:
    """``path`` as a Windows checkout has it (git's ``autocrlf``)."""
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def test_crlf_sources_give_the_tei_an_lf_build_gave(edition: Path) -> None:
    (edition / "seeds" / "report.corrections.toml").write_text(CORRECTION, "utf-8")
    assert run("build").exit_code == 0
    tei = {path: path.read_bytes() for path in (edition / "tei").glob("*.xml")}
    for seed in (edition / "seeds").iterdir():
        _crlf(seed)
    check = run("build", "--check")
    assert check.exit_code == 0, check.output
    assert "tei/report.xml: up to date" in check.stdout
    assert run("build").exit_code == 0
    assert {path: path.read_bytes() for path in tei} == tei


def test_generated_tei_checked_out_with_crlf_is_generated_and_up_to_date(edition: Path) -> None:
    assert run("build").exit_code == 0
    tei = edition / "tei" / "letter.xml"
    _crlf(tei)
    crlf = tei.read_bytes()
    assert file_state(tei) is State.GENERATED
    check = run("build", "--check")
    assert check.exit_code == 0, check.output
    assert "tei/letter.xml: up to date" in check.stdout
    build = run("build")
    assert "tei/letter.xml: unchanged" in build.stdout
    assert tei.read_bytes() == crlf  # the checkout's line ends are left alone


def test_a_hand_edit_checked_out_with_crlf_stays_the_master_copy(edition: Path) -> None:
    assert run("build").exit_code == 0
    tei = edition / "tei" / "report.xml"
    tei.write_text(tei.read_text("utf-8").replace("on Monday", "on Monday morning"), "utf-8")
    _crlf(tei)
    _crlf(edition / "seeds" / "report.txt")
    edited = tei.read_bytes()
    assert file_state(tei) is State.EDITED
    kept = run("build")
    assert kept.exit_code == 0, kept.output
    assert "tei/report.xml: kept: edited by hand, the master copy of this text" in kept.stdout
    assert "behind" not in kept.stderr  # its source has the same text
    assert tei.read_bytes() == edited
    forced = run("build", "--force")
    assert forced.exit_code == 0, forced.output
    assert (edition / "tei" / "report.xml.bak").read_bytes() == edited


def test_fingerprints_of_a_sources_bytes_made_earlier_still_hold(edition: Path) -> None:
    """Earlier versions recorded the digest of a source's bytes, not of its
    text: for one with a byte-order mark the two differ."""
    seeds, tei = edition / "seeds", edition / "tei"
    for name in ("letter", "report"):
        seed = seeds / f"{name}.txt"
        seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes())
    assert run("build").exit_code == 0
    for name in ("letter", "report"):
        made = (tei / f"{name}.xml").read_text("utf-8")
        recorded = digest((seeds / f"{name}.txt").read_bytes())
        earlier = re.sub(r'source="sha256:\w+"', f'source="sha256:{recorded}"', made)
        assert earlier != made
        (tei / f"{name}.xml").write_text(earlier, "utf-8")
    report = tei / "report.xml"
    report.write_text(report.read_text("utf-8").replace("on Monday", "on Monday morning"), "utf-8")
    letter = (tei / "letter.xml").read_bytes()
    check = run("build", "--check")
    assert check.exit_code == 0, check.output
    assert "tei/letter.xml: up to date" in check.stdout
    build = run("build")
    assert "tei/letter.xml: unchanged" in build.stdout and "behind" not in build.stderr
    assert (tei / "letter.xml").read_bytes() == letter
