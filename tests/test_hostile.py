"""Hostile XML fed to every command that parses it: external entities (XXE),
entity-expansion bombs and XInclude are refused or ignored, nothing outside
the document is read, and the refusal is quick."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT

from pipeline.cli import main
from pipeline.entities.authority import load_authority
from pipeline.errors import PipelineError

SECRET = "SECRET-CONTENT-7c1f"
TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>'
TEI_CLOSE = "</p></body></text></TEI>\n"


def _laughs() -> str:
    entities = '<!ENTITY a "aaaaaaaaaa">'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        entities += f'<!ENTITY {name} "{("&" + prev + ";") * 10}">'
    return f"<?xml version='1.0'?>\n<!DOCTYPE TEI [{entities}]>\n{TEI_OPEN}&i;{TEI_CLOSE}"


@pytest.fixture()
def attacks(tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, "utf-8")
    docs = {
        "xxe": f"<?xml version='1.0'?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM \"{secret.as_uri()}\">]>\n"
        f"{TEI_OPEN}&x;{TEI_CLOSE}",
        "xxe-parameter": f"<?xml version='1.0'?>\n<!DOCTYPE TEI [<!ENTITY % p SYSTEM \"{secret.as_uri()}\"> %p;]>\n"
        f"{TEI_OPEN}x{TEI_CLOSE}",
        "laughs": _laughs(),
    }
    paths = {}
    for name, text in docs.items():
        paths[name] = tmp_path / f"{name}.xml"
        paths[name].write_text(text, "utf-8")
    paths["xinclude"] = tmp_path / "xinclude.xml"
    paths["xinclude"].write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        f'<teiHeader/><text><body><p>before <xi:include href="{secret.as_uri()}" parse="text"/>'
        " after</p></body></text></TEI>\n",
        "utf-8",
    )
    return paths


EXPECTED = {
    "xxe": "external entity declared: refused (external entities are never read)",
    "xxe-parameter": "external entity declared: refused (external entities are never read)",
    "laughs": "entity expansion bomb refused",
}
COMMANDS = [
    ["validate"],
    ["render", "--to", "text"],
    ["render", "--to", "html"],
    ["entities"],
    ["annotate", "--authority", str(PROJECT / "tei" / "authority.xml"), "-o", "OUT"],
]


@pytest.mark.parametrize("attack", sorted(EXPECTED))
@pytest.mark.parametrize(
    "command", COMMANDS, ids=lambda c: c[0] + (c[2] if c[0] == "render" else "")
)
def test_entity_attacks_are_refused(
    attacks: dict[str, Path], attack: str, command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.xml"
    args = [str(out) if a == "OUT" else a for a in command]
    start = time.monotonic()
    result = CliRunner().invoke(main, [*args, str(attacks[attack])])
    assert time.monotonic() - start < 10
    assert result.exit_code == 3, result.output
    assert EXPECTED[attack] in result.output
    assert SECRET not in result.output
    assert not out.exists()


def test_xinclude_is_never_followed(attacks: dict[str, Path]) -> None:
    for fmt in ("text", "html"):
        result = CliRunner().invoke(main, ["render", "--to", fmt, str(attacks["xinclude"])])
        assert result.exit_code == 0
        assert SECRET not in result.output
        assert "before" in result.output and "after" in result.output


def test_authority_file_with_xxe_is_refused(attacks: dict[str, Path]) -> None:
    with pytest.raises(PipelineError, match="external entity declared"):
        load_authority(attacks["xxe"])
