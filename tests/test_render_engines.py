"""The stylesheets run unchanged under lxml and the xsltproc command (both
libxslt, but different parsers and drivers): the output must be identical.
The HTML stylesheet reads the prepared document (``prepare.prepare``), the
text stylesheet TEI with its list items' own markers marked
(``blocks.labelled_items``); either is written to a file for xsltproc."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED
from lxml import etree

from pipeline.render import transform as render
from pipeline.render.blocks import labelled_items
from pipeline.render.prepare import Options, prepare
from pipeline.render.site import _site_document, describe
from pipeline.xmlio import parse_file

FIXTURES = sorted((Path(__file__).resolve().parent / "render").glob("*.xml"))
CASES = sorted(
    p
    for p in (Path(__file__).resolve().parent / "render" / "cases").glob("*.xml")
    if p.name != "authority.xml"
)
TEI_P5_TEST = sorted((SHARED / "corpus" / "tei-real" / "tei-p5-test").glob("*.xml"))
XSLTPROC = shutil.which("xsltproc")
VIEWS = [("html", "reading"), ("html", "diplomatic"), ("text", "reading"), ("text", "diplomatic")]

pytestmark = pytest.mark.skipif(
    XSLTPROC is None, reason="xsltproc is not installed (Debian package xsltproc)"
)


def xsltproc(name: str, view: str, path: Path, *params: str) -> str:
    # --novalid: load no DTD; --nonet: fetch nothing; --nowrite/--nomkdir: write nothing.
    done = subprocess.run(
        [
            XSLTPROC or "xsltproc",
            "--nonet",
            "--novalid",
            "--nowrite",
            "--nomkdir",
            "--stringparam",
            "view",
            view,
            *params,
            str(render.XSLT_DIR / f"{name}.xsl"),
            str(path),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def both(name: str, view: str, path: Path, tmp: Path) -> tuple[str, str]:
    """The output of lxml and of xsltproc for one file and view."""
    if name == "text":
        marked = labelled_items(parse_file(path))
        assert isinstance(marked, etree._ElementTree)  # a tree in, a tree out
        copy = tmp / f"{path.stem}.marked.xml"
        marked.write(str(copy), encoding="utf-8")
        ours = str(render.stylesheet(name)(marked, view=etree.XSLT.strparam(view)))
        return ours, xsltproc(name, view, copy)
    prepared = prepare(parse_file(path), None, Options(reading=view == "reading")).tree
    copy = tmp / f"{path.stem}.prepared.xml"
    prepared.write(str(copy), encoding="utf-8")
    return str(render.stylesheet(name)(prepared)), xsltproc(name, view, copy)


@pytest.mark.parametrize("path", FIXTURES + CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("name,view", VIEWS)
def test_fixture_renders_identically_under_lxml_and_xsltproc(
    path: Path, name: str, view: str, tmp_path: Path
) -> None:
    ours, theirs = both(name, view, path, tmp_path)
    assert ours == theirs


def test_site_pages_render_identically_under_lxml_and_xsltproc(tmp_path: Path) -> None:
    texts = [describe(p.stem, parse_file(p), prepare(parse_file(p)).entries, None) for p in CASES]
    site = _site_document(texts, "en")
    copy = tmp_path / "site.xml"
    site.write(str(copy), encoding="utf-8")
    for which in ("texts", "names"):
        ours = str(render.stylesheet("site")(site, which=etree.XSLT.strparam(which)))
        assert ours == xsltproc("site", "reading", copy, "--stringparam", "which", which)


def test_tei_p5_test_files_render_identically_under_lxml_and_xsltproc(tmp_path: Path) -> None:
    if not TEI_P5_TEST:
        pytest.skip("shared/corpus/tei-real/tei-p5-test is absent (no shared folder)")
    different = [
        f"{path.name} {name} {view}"
        for path in TEI_P5_TEST
        for name, view in VIEWS[::2]
        if len(set(both(name, view, path, tmp_path))) != 1
    ]
    assert different == []
