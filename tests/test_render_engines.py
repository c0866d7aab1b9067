"""The stylesheets run unchanged under lxml and the xsltproc command (both
libxslt, but different parsers and drivers): the output must be identical."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SHARED
from lxml import etree

from pipeline.render import transform as render
from pipeline.xmlio import parse_file

FIXTURES = sorted((Path(__file__).resolve().parent / "render").glob("*.xml"))
TEI_P5_TEST = sorted((SHARED / "corpus" / "tei-real" / "tei-p5-test").glob("*.xml"))
XSLTPROC = shutil.which("xsltproc")
VIEWS = [("html", "reading"), ("html", "diplomatic"), ("text", "reading"), ("text", "diplomatic")]

pytestmark = pytest.mark.skipif(
    XSLTPROC is None, reason="xsltproc is not installed (Debian package xsltproc)"
)


def xsltproc(name: str, view: str, path: Path) -> str:
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
            str(render.XSLT_DIR / f"{name}.xsl"),
            str(path),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def lxml_output(name: str, view: str, path: Path) -> str:
    return str(render.stylesheet(name)(parse_file(path), view=etree.XSLT.strparam(view)))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("name,view", VIEWS)
def test_fixture_renders_identically_under_lxml_and_xsltproc(
    path: Path, name: str, view: str
) -> None:
    assert lxml_output(name, view, path) == xsltproc(name, view, path)


def test_tei_p5_test_files_render_identically_under_lxml_and_xsltproc() -> None:
    if not TEI_P5_TEST:
        pytest.skip("shared/corpus/tei-real/tei-p5-test is absent (no shared folder)")
    different = [
        f"{path.name} {name} {view}"
        for path in TEI_P5_TEST
        for name, view in VIEWS[::2]
        if lxml_output(name, view, path) != xsltproc(name, view, path)
    ]
    assert different == []
