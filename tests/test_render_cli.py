"""``tei-pipeline render`` from the command line: exit codes and exact output."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.render import transform as render
from pipeline.xmlio import parse_file

FIXTURES = Path(__file__).resolve().parent / "render"
ARTICLE = FIXTURES / "article.xml"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_text_to_standard_output() -> None:
    result = run("render", ARTICLE, "--to", "text", "--diplomatic", "--width", "60")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == render.render(parse_file(ARTICLE), "text", reading=False, width=60)
    assert "The Slate apparatus grew" in result.stdout


def test_html_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = run("render", ARTICLE, "--to", "html", "-o", out)
    assert (result.exit_code, result.output) == (0, "")
    assert out.read_text("utf-8") == render.render(parse_file(ARTICLE), "html")


def test_one_file_into_an_existing_folder(tmp_path: Path) -> None:
    result = run("render", ARTICLE, "--to", "text", "-o", tmp_path)
    assert (result.exit_code, result.stdout) == (
        0,
        f"1 of 1 files rendered as text in {tmp_path}\n",
    )
    assert (tmp_path / "article.txt").read_text("utf-8") == render.render(
        parse_file(ARTICLE), "text"
    )


def test_folder_in_parallel_keeps_its_layout(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    for fixture in FIXTURES.glob("*.xml"):
        shutil.copy(fixture, source / "sub")
    out = tmp_path / "out"
    result = run("render", source, "--to", "html", "-o", out, "--jobs", "2")
    count = len(list(FIXTURES.glob("*.xml")))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{count} of {count} files rendered as html in {out}\n",
    )
    assert (out / "sub" / "article.html").read_text("utf-8") == render.render(
        parse_file(ARTICLE), "html"
    )


def test_unreadable_file_exits_3_naming_the_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI>\n<text>\n</TEI>\n")
    result = run("render", bad, "--to", "text", "-o", tmp_path / "bad.txt")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: {bad}:3:7: not well-formed XML: "
        "Opening and ending tag mismatch: text line 2 and TEI\n"
    )
    assert not (tmp_path / "bad.txt").exists()


def test_folder_with_a_bad_file_renders_the_rest_and_exits_3(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(ARTICLE, source / "a.xml")
    (source / "b.xml").write_text("")
    result = run("render", source, "--to", "text", "-o", tmp_path / "out")
    assert result.exit_code == 3
    assert result.stderr == f"error: {source / 'b.xml'}:1:1: empty file: no XML document\n"
    assert result.stdout == f"1 of 2 files rendered as text in {tmp_path / 'out'}\n"
    assert (tmp_path / "out" / "a.txt").exists() and not (tmp_path / "out" / "b.txt").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run("render", ARTICLE, "--to", "html", "--width", "70")
    assert result.exit_code == 2 and "Error: --width applies to --to text only" in result.stderr
    result = run("render", ARTICLE, ARTICLE, "--to", "html")
    assert (
        result.exit_code == 2
        and "Error: several files or a folder need -o OUTPUT_FOLDER" in result.stderr
    )
    result = run("render", ARTICLE, "--to", "pdf")
    assert result.exit_code == 2


def test_output_name_ending_in_a_slash_is_a_folder(tmp_path: Path) -> None:
    result = run("render", ARTICLE, "--to", "html", "-o", f"{tmp_path / 'site'}/")
    assert result.exit_code == 0
    assert result.stdout == f"1 of 1 files rendered as html in {tmp_path / 'site'}\n"
    assert (tmp_path / "site" / "article.html").is_file()


CASES = FIXTURES / "cases"


def test_a_folder_of_html_is_a_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("render", CASES, "--to", "html", "-o", out, "--jobs", "1")
    count = len(list(CASES.glob("*.xml"))) - 1  # the authority list is not a text
    assert (result.exit_code, result.stdout) == (
        0,
        f"{count} of {count} files rendered as html in {out}\n",
    )
    assert not (out / "authority.html").exists()
    index = (out / "index.html").read_text("utf-8")
    assert 'href="names.html"' in index and 'href="verse.html"' in index
    names = (out / "names.html").read_text("utf-8")
    assert 'href="names-text.html#m-1"' in names and "Marx, Karl" in names  # from authority.xml
    assert (out / "names-text.html").is_file()  # a text called "names" keeps its page
    assert (out / "search-index.js").read_text("utf-8").startswith("window.SEARCH_INDEX = {")
    assert 'href="index.html"' in (out / "verse.html").read_text("utf-8")


def test_review_and_lang_options(tmp_path: Path) -> None:
    source = CASES / "names.xml"
    published = run("render", source, "--to", "html").stdout
    review = run("render", source, "--to", "html", "--review").stdout
    assert "Hermann Schlüter" in published and "ix-p-Hermann-Schluter" not in published
    assert 'class="mention persName suggested"' in review
    danish = run("render", source, "--to", "html", "--lang", "da").stdout
    assert ">Indhold</h2>" in danish and ">Contents</h2>" in published
    # The authority list beside the file describes the index; --authority names another.
    assert "German philosopher" in published
    other = tmp_path / "other.xml"
    other.write_text(
        (CASES / "authority.xml").read_text("utf-8").replace("German philosopher", "Thinker")
    )
    assert "Thinker" in run("render", source, "--to", "html", "--authority", other).stdout


def test_broken_stylesheet_exits_5(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "xslt"
    shutil.copytree(render.XSLT_DIR, broken)
    (broken / "html.xsl").write_text("<xsl:stylesheet")
    monkeypatch.setattr(render, "XSLT_DIR", broken)
    render.stylesheet.cache_clear()
    try:
        single = run("render", ARTICLE, "--to", "html", "-o", tmp_path / "a.html")
        assert single.exit_code == 5 and "broken stylesheet" in single.stderr
        batch = run("render", ARTICLE, ARTICLE, "--to", "html", "-o", tmp_path / "out", "-j", "1")
        assert batch.exit_code == 5 and batch.stdout.startswith("0 of 2 files rendered")
        assert not (tmp_path / "a.html").exists()
    finally:
        render.stylesheet.cache_clear()
