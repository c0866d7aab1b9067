"""A custom Schematron (``--schematron``) whose rules are about attributes
and text nodes, or whose assertions carry diagnostics: each failure is
reported at its node, with the diagnostic text in the message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

TEI = """\
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p>\
</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div>
  <p
     rend="bold">TODO fix</p>
  <p xml:lang="fr"><hi>a</hi> and TODO</p>
  </div></body></text>
</TEI>
"""

RULES = """\
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <sch:ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <sch:pattern>
    <sch:rule context="tei:p/@rend">
      <sch:assert test=". = 'italic'" id="rend-italic">rend must be italic</sch:assert>
    </sch:rule>
    <sch:rule context="tei:p/@xml:lang">
      <sch:assert test=". = 'en'" id="lang-en">lang must be en</sch:assert>
    </sch:rule>
  </sch:pattern>
  <sch:pattern>
    <sch:rule context="tei:p/text()">
      <sch:assert test="not(contains(., 'TODO'))" id="no-todo">no TODO in text</sch:assert>
    </sch:rule>
  </sch:pattern>
  <sch:pattern>
    <sch:rule context="tei:div">
      <sch:assert test="tei:head" id="div-head" diagnostics="d">div needs a head</sch:assert>
    </sch:rule>
  </sch:pattern>
  <sch:diagnostics>
    <sch:diagnostic id="d">found <sch:value-of select="count(*)"/> children</sch:diagnostic>
  </sch:diagnostics>
</sch:schema>
"""


@pytest.fixture(autouse=True)
def _files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEI_PIPELINE_NO_SERVER", "1")
    (tmp_path / "r.xml").write_text(TEI, encoding="utf-8")
    (tmp_path / "r.sch").write_text(RULES, encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--schematron", "r.sch", *args, "r.xml"])
    return result.exit_code, result.output


def test_attribute_text_and_diagnostic_failures_are_located() -> None:
    assert run() == (
        1,
        "r.xml:3:15: error [div-head] div needs a head (found 2 children)\n"
        "r.xml:4:3: error [no-todo] no TODO in text\n"
        "r.xml:5:6: error [rend-italic] rend must be italic\n"
        "r.xml:6:3: error [no-todo] no TODO in text\n"
        "r.xml:6:6: error [lang-en] lang must be en\n"
        "\n"
        "1 file checked: 0 valid, 1 invalid (5 errors, 0 warnings)\n",
    )


def test_json_names_the_attribute_in_the_xpath() -> None:
    code, out = run("--format", "json")
    assert code == 1
    found = [
        (i["code"], i["line"], i["column"], i["xpath"], i["message"])
        for i in json.loads(out)["files"][0]["issues"]
    ]
    assert found == [
        ("div-head", 3, 15, "/TEI/text/body/div", "div needs a head (found 2 children)"),
        ("no-todo", 4, 3, "/TEI/text/body/div/p[1]", "no TODO in text"),
        ("rend-italic", 5, 6, "/TEI/text/body/div/p[1]/@rend", "rend must be italic"),
        ("no-todo", 6, 3, "/TEI/text/body/div/p[2]", "no TODO in text"),
        ("lang-en", 6, 6, "/TEI/text/body/div/p[2]/@xml:lang", "lang must be en"),
    ]
