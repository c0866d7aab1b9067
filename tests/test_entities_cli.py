"""`tei-pipeline annotate`, `entities` and `accept` through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.entities.authority import load_authority

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "entities"


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A folder with small.xml, sample.xml and a copy of the authority list."""
    shutil.copy(FIXTURES / "small.xml", tmp_path / "small.xml")
    shutil.copy(FIXTURES / "sample.xml", tmp_path / "sample.xml")
    shutil.copy(PROJECT / "tei" / "authority.xml", tmp_path / "authority.xml")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


TABLE = """\
 line  type    status     entry             text
   17  person  unlinked   -                 Jacques Bonhomme
   18  person  linked     lenin             Lenin
   18  person  suggested  -                 Schorlemmer
3 mentions: 1 linked, 1 suggested, 1 unlinked
"""


def test_annotate_in_place_then_nothing_to_do(work: Path):
    target = work / "small.xml"
    result = run("annotate", str(target))
    assert result.exit_code == 0
    assert result.output == f"{target}: 2 mentions added or linked (1 linked, 1 suggestions)\n"
    first = target.read_bytes()
    result = run("annotate", str(target))
    assert result.exit_code == 0
    assert result.output == f"{target}: 0 mentions added or linked (0 linked, 0 suggestions)\n"
    assert target.read_bytes() == first


def test_annotate_output_leaves_the_input_alone(work: Path):
    source, out = work / "sample.xml", work / "out.xml"
    before = source.read_bytes()
    result = run("annotate", str(source), "-o", str(out))
    # sample.xml points at an editor it does not declare: what is written is
    # invalid, and the exit status says so
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out}: written, but 1 validation errors\n")
    assert '[resp-resolves] @resp="#editor" does not resolve' in result.stderr
    assert source.read_bytes() == before
    assert b'<persName ref="authority.xml#tikhon">Tikhon</persName>' in out.read_bytes()
    assert b"<!-- an editor's comment -->" in out.read_bytes()
    assert b"<?editor check?>" in out.read_bytes()


def test_entities_table(work: Path):
    run("annotate", str(work / "small.xml"))
    result = run("entities", str(work / "small.xml"))
    assert result.exit_code == 0
    assert result.output == TABLE


def test_entities_unreviewed_fails_ci_while_suggestions_remain(work: Path):
    run("annotate", str(work / "small.xml"))
    result = run("entities", str(work / "small.xml"), "--unreviewed", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output) == [
        {
            "line": 18,
            "type": "person",
            "text": "Schorlemmer",
            "ref": None,
            "status": "suggested",
            "in": "text",
            "file": str(work / "small.xml"),
        }
    ]


def test_entities_unreviewed_passes_when_none(work: Path):
    result = run("entities", str(work / "small.xml"), "--unreviewed", "--format", "json")
    assert result.exit_code == 0
    assert result.output == "[]\n"


def test_entities_authority_format_prints_entries_to_paste(work: Path):
    run("annotate", str(work / "small.xml"))
    result = run("entities", str(work / "small.xml"), "--unreviewed", "--format", "authority")
    assert result.exit_code == 1
    assert result.output == (
        "<!-- listPerson: complete each note; add idno only when verified -->\n"
        '<person xml:id="schorlemmer">\n'
        '  <persName type="main">Schorlemmer</persName>\n'
        "  <note>TODO: identify (accepted from a machine suggestion).</note>\n"
        "</person>\n"
    )


def test_accept_adds_entries_and_links_mentions(work: Path):
    run("annotate", str(work / "small.xml"))
    result = run("accept", str(work / "small.xml"))
    assert result.exit_code == 0
    assert result.output == (
        f"{work / 'authority.xml'}: 1 entries added: person schorlemmer (Schorlemmer)\n"
        f"{work / 'small.xml'}: 1 mentions linked\n"
    )
    assert load_authority(work / "authority.xml").lookup("Schorlemmer").id == "schorlemmer"
    assert (
        b'<persName ref="authority.xml#schorlemmer">Schorlemmer</persName>'
        in (work / "small.xml").read_bytes()
    )
    result = run("entities", str(work / "small.xml"), "--unreviewed")
    assert result.exit_code == 0
    assert result.output.endswith("0 mentions: 0 linked, 0 suggested, 0 unlinked\n")


def test_unreadable_file_exits_3(work: Path):
    bad = work / "bad.xml"
    bad.write_text("<TEI><p>unclosed</TEI>", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(bad)])
    assert result.exit_code == 3
    assert result.output.startswith(f"error: {bad}:1:")


def test_annotate_with_no_list_suggests_and_says_so(tmp_path: Path, monkeypatch):
    shutil.copy(FIXTURES / "small.xml", tmp_path / "small.xml")
    monkeypatch.chdir(tmp_path)
    result = run("annotate", "small.xml")
    assert result.exit_code == 0
    assert result.output == (
        "small.xml: 2 mentions added or linked (0 linked, 2 suggestions);"
        " entities: no authority list: every name found is an unlinked suggestion\n"
    )
    first = (tmp_path / "small.xml").read_bytes()
    assert run("annotate", "small.xml").output.startswith("small.xml: 0 mentions added")
    assert (tmp_path / "small.xml").read_bytes() == first


def test_accept_with_no_list_is_a_usage_error(tmp_path: Path, monkeypatch):
    shutil.copy(FIXTURES / "small.xml", tmp_path / "small.xml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["accept", "small.xml"])
    assert result.exit_code == 2
    assert "no authority list" in result.output


def test_accept_reads_the_list_once_per_folder_of_texts(work: Path, monkeypatch):
    from pipeline.edition import review

    (work / "sub").mkdir()
    shutil.copy(work / "small.xml", work / "sub" / "small.xml")
    shutil.copy(work / "small.xml", work / "again.xml")
    texts = [work / "small.xml", work / "again.xml", work / "sub" / "small.xml"]
    for text in texts:
        run("annotate", str(text))
    reads = []

    def counted(*args, **kwargs):
        reads.append(args[2] if len(args) > 2 else kwargs.get("href"))
        return authority_from_tree(*args, **kwargs)

    authority_from_tree = review.authority_from_tree
    monkeypatch.setattr(review, "authority_from_tree", counted)
    result = run("accept", *map(str, texts))
    assert result.exit_code == 0
    # once to add the entries, then once for each way the texts refer to the list
    assert reads == [None, "authority.xml", "../authority.xml"]
    for text, pointer in zip(texts, ["authority.xml", "authority.xml", "../authority.xml"]):
        assert f'<persName ref="{pointer}#schorlemmer">'.encode() in text.read_bytes()


def _edition(root: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """A new edition in ``root`` (the current folder) with one text, built."""
    monkeypatch.chdir(root)
    assert run("init", "--title", "T", "--editor", "E").exit_code == 0
    head = "John Testwriter\n\nLetters\n\n(1905)\n\nSource: The Test Journal, 1905.\n\n"
    (root / "seeds" / "a.txt").write_text(head + body + "\n", "utf-8")
    assert run("build").exit_code == 0


def test_accept_then_rebuild_keeps_names_in_other_scripts_linked(tmp_path: Path, monkeypatch):
    _edition(tmp_path, monkeypatch, "In Łódź Comrade Плеханов wrote to them, as Ἀλέξανδρος had.")
    names = ("Łódź", "Плеханов", "Ἀλέξανδρος")
    accepted = run("accept", *(arg for name in names for arg in ("--only", name)))
    assert accepted.exit_code == 0, accepted.output
    assert "tei/a.xml: 3 mentions linked" in accepted.output
    for _ in range(2):  # as accepted, then made afresh from the source
        listed = json.loads(run("entities", "tei/a.xml", "--format", "json").output)
        assert [m["status"] for m in listed if m["text"] in names] == ["linked"] * 3
        assert run("build", "--force").exit_code == 0
    assert run("build", "--check").exit_code == 0


def test_accept_counts_every_mention_it_links(tmp_path: Path, monkeypatch):
    # a text made afresh links the surname too once the full name is accepted
    _edition(
        tmp_path,
        monkeypatch,
        "Frederick Engels lived in Manchester. Later Engels wrote to Kautsky;"
        " Frederick Engels died in 1895, and Engels is read.",
    )
    result = run("accept", "--only", "Frederick Engels")
    assert result.exit_code == 0, result.output
    assert "tei/a.xml: 4 mentions linked" in result.output
    text = (tmp_path / "tei" / "a.xml").read_text("utf-8")
    assert text.count('ref="authority.xml#frederick-engels"') == 4


def test_accept_names_what_the_text_made_afresh_still_suggests(tmp_path: Path, monkeypatch):
    # "Madame Marx" is not Marx: made afresh, the text suggests her again
    _edition(tmp_path, monkeypatch, "Karl Marx wrote. Marx was learned. Once Madame Marx spoke.")
    first = run("accept")
    assert first.exit_code == 0, first.output
    again = run("accept")
    assert "0 mentions linked" in again.output
    assert "suggestions accepted stay suggestions in the text made afresh (line " in again.stderr
    assert ': "Marx"): the recogniser does not link them there' in again.stderr
    assert run("reject", "--only", "Marx").exit_code == 0
    assert run("entities", "--unreviewed").exit_code == 0
