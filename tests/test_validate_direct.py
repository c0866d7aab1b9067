"""Large documents are validated straight through libxml2 (``direct.py``):
the issues must be exactly those lxml's route gives, on every conformance
set (every file sent both ways), and the route must be the one taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import SETS, SHARED
from lxml import etree

from pipeline.validation import direct, jing, relaxng
from pipeline.validation.batch import check_files
from pipeline.validation.document import Document
from pipeline.validation.validate import PROJECT_RNG
from pipeline.validation.wellformed import parse

TEI_ALL = SHARED / "reference" / "tei_all.rng"
SEED = Path(__file__).parent / "validate" / "valid" / "seed-example.xml"
needs_library = pytest.mark.skipif(
    direct._LIB is None, reason="libxml2's functions are not reachable from lxml here"
)


@needs_library
@pytest.mark.parametrize("name", sorted(SETS))
def test_same_issues_both_routes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_name, make = SETS[name]
    if schema_name == "tei-all" and not TEI_ALL.is_file():
        pytest.skip("../shared/reference/tei_all.rng is absent")
    if name in {"tei-p5-test", "adl-mutants"} and not SHARED.is_dir():
        pytest.skip("../shared is absent")
    monkeypatch.setattr(jing, "command", lambda: None)
    files = [str(f) for f in make(tmp_path / name)]
    taken: list[bool] = []
    validate = direct.Schema.validate

    def counted(self: direct.Schema, tree: object) -> object:
        found = validate(self, tree)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    schema = str(TEI_ALL) if schema_name == "tei-all" else "project"
    monkeypatch.setattr(relaxng, "LARGE", 1 << 60)
    through_lxml = check_files(files, schema=schema, schematron=False, embedded=False)
    monkeypatch.setattr(relaxng, "LARGE", 0)
    monkeypatch.setattr(direct.Schema, "validate", counted)
    direct_ = check_files(files, schema=schema, schematron=False, embedded=False)
    assert [r.issues for r in direct_] == [r.issues for r in through_lxml]
    assert sum(len(r.issues) for r in direct_) > 0  # the set has invalid files
    assert sum(taken) >= 0.8 * len(taken) > 0  # and most went the direct way (no DTD subset)


def _document(text: str) -> Document:
    document = parse(text.encode(), "big.xml")
    assert isinstance(document, Document)
    return document


@needs_library
def test_a_large_document_goes_direct_and_points_at_each_element() -> None:
    bad = "".join(f'<date when="1923-{13 + n % 5}">x</date>' for n in range(6000))
    document = _document(SEED.read_text().replace("<p>Engels in", f"<p>{bad}Engels in", 1))
    assert len(document.data) >= relaxng.LARGE
    grammar = relaxng.Grammar(PROJECT_RNG)
    entries = direct.Schema(grammar._compiled, PROJECT_RNG).validate(document.tree)
    assert entries is not None and len(entries) == 6000
    issues = grammar.check(document)
    assert [i.xpath for i in issues[:2]] == [
        "/TEI/text/body/div[3]/p[2]/date[1]/@when",
        "/TEI/text/body/div[3]/p[2]/date[2]/@when",
    ]
    assert issues[-1].message == '@when="1923-17" is not allowed on <date>'
    columns = [i.column for i in issues]
    assert columns == sorted(columns) and len(set(columns)) == 6000  # each its own place


def _grammar(tmp_path: Path, rng: str, name: str = "schema.rng") -> relaxng.Grammar:
    (tmp_path / name).write_text(f'<grammar xmlns="{RNG}" {DATATYPES}>{rng}</grammar>')
    return relaxng.Grammar(tmp_path / name, tei=False)


RNG = "http://relaxng.org/ns/structure/1.0"
DATATYPES = 'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"'
MANY = b"<e/>" * 40_000  # enough to make a document large


def _issues(grammar: relaxng.Grammar, data: bytes, route: str, mp: pytest.MonkeyPatch) -> list:
    mp.setattr(relaxng, "LARGE", 0 if route == "direct" else 1 << 60)
    document = parse(data, "doc.xml")
    assert isinstance(document, Document)
    return grammar.check(document)


@needs_library
def test_a_dangling_idref_is_reported_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libxml2 says "invalid" but reports the IDREF outside the handler: lxml's route
    grammar = _grammar(
        tmp_path,
        '<start><element name="r"><zeroOrMore><element name="e">'
        '<optional><attribute name="id"><data type="ID"/></attribute></optional>'
        '<optional><attribute name="ref"><data type="IDREF"/></attribute></optional>'
        "</element></zeroOrMore></element></start>",
    )
    data = b'<r><e id="a"/><e ref="zz"/>' + MANY + b"</r>"
    tree = etree.fromstring(data).getroottree()
    assert direct.Schema(grammar._compiled, grammar.path).validate(tree) is None
    direct_ = _issues(grammar, data, "direct", monkeypatch)
    assert direct_ == _issues(grammar, data, "lxml", monkeypatch)
    assert ["unknown ID" in i.message for i in direct_] == [True]


@needs_library
def test_includes_resolve_where_the_schema_really_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, content in (("real", "<empty/>"), ("links", "<text/>")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "part.rng").write_text(
            f'<grammar xmlns="{RNG}"><define name="r"><element name="r">{content}'
            "</element></define></grammar>"
        )
    (tmp_path / "real" / "schema.rng").write_text(
        f'<grammar xmlns="{RNG}"><include href="part.rng"/><start><ref name="r"/></start></grammar>'
    )
    (tmp_path / "links" / "schema.rng").symlink_to(tmp_path / "real" / "schema.rng")
    grammar = relaxng.Grammar(tmp_path / "links" / "schema.rng", tei=False)
    data = b"<r>" + b"x" * 200_000 + b"</r>"  # text where real/part.rng wants none
    direct_ = _issues(grammar, data, "direct", monkeypatch)
    assert direct_ == _issues(grammar, data, "lxml", monkeypatch) and len(direct_) == 1


def test_messages_are_decoded_as_lxml_decodes_them() -> None:
    assert direct._message("é".encode()) == "é"
    assert direct._message("é".encode()[:1]) == "\\xc3"  # cut inside a character
    assert direct._message(b"") == "unknown error"


def _with_entity(encoding: str, declaration: str, use: tuple[str, str]) -> bytes:
    """The seed with an internal DTD subset declaring an entity, and a use of it;
    in UTF-7 "<!" is written "<+ACE-" (no "<!ENTITY" among the bytes)."""
    body = SEED.read_text().split("?>", 1)[1].replace("\u2013", "-")
    body = body.replace("<TEI ", f"<!DOCTYPE TEI [<!ENTITY {declaration}>]>\n<TEI ", 1)
    body = body.replace(use[0], use[1], 1)
    if encoding == "UTF-7":
        body = body.replace("<!", "<+ACE-")
    return f'<?xml version="1.0" encoding="{encoding}"?>{body}'.encode("ascii")


@needs_library
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-7"])
@pytest.mark.parametrize(
    ("declaration", "use", "code"),
    [
        ('j "junk"', ('<list type="simple">', '<list type="simple">&j;'), "rng-text-not-allowed"),
        (
            "d \"<date when='1923-13'>x</date>\"",
            ("<p>Engels in", "<p>&d;Engels in"),
            "rng-element-not-allowed",
        ),
    ],
    ids=["text", "markup"],
)
def test_entities_are_validated_as_lxml_expanded_them(
    encoding: str,
    declaration: str,
    use: tuple[str, str],
    code: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _with_entity(encoding, declaration, use)
    grammar = relaxng.Grammar(PROJECT_RNG)
    document = parse(data, "entities.xml")
    assert isinstance(document, Document)
    assert direct.Schema(grammar._compiled, PROJECT_RNG).validate(document.tree)  # not None, not []
    direct_ = _issues(grammar, data, "direct", monkeypatch)
    assert direct_ == _issues(grammar, data, "lxml", monkeypatch)
    assert [i.code for i in direct_] == [code]


@needs_library
def test_a_tree_over_an_inner_element_goes_through_lxml() -> None:
    document = _document(SEED.read_text())
    root = document.tree.getroot()
    schema = direct.Schema(relaxng.Grammar(PROJECT_RNG)._compiled, PROJECT_RNG)
    assert schema.validate(document.tree) == []  # the whole document: valid
    assert schema.validate(etree.ElementTree(root[1])) is None  # inside it
    removed = root[1]
    root.remove(removed)  # still held by its old document
    assert schema.validate(etree.ElementTree(removed)) is None
    assert schema.validate(etree.ElementTree()) is None
