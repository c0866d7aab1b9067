"""Entity markup: the authority list, the recogniser and the TEI pass."""

from __future__ import annotations

import copy
import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import tei, xmlio
from pipeline.entities.authority import Authority, Entry, load_authority, make_id
from pipeline.entities.markup import ENTITY_TAGS, NER_RESP, list_mentions, mark_entities
from pipeline.entities.recognise import recognise, recognise_plain
from pipeline.spans import READING, local, text_of

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = PROJECT / "tests" / "entities"
AUTHORITY = PROJECT / "tei" / "authority.xml"
TEI_ALL = SHARED / "reference" / "tei_all.rng"
NS = {"tei": tei.TEI_NS, "xml": tei.XML_NS}


@functools.lru_cache(maxsize=1)
def _authority():
    return load_authority(AUTHORITY)


@pytest.fixture(scope="module")
def authority():
    return _authority()


def found(text: str, authority) -> list[tuple[str, str, str | None]]:
    return [(m.type, text[m.start : m.end], m.ref) for m in recognise(text, authority)]


def _jing(path: Path) -> None:
    if not TEI_ALL.exists() or shutil.which("jing") is None:
        pytest.skip("jing or shared/reference/tei_all.rng not available")
    result = subprocess.run(
        ["jing", str(TEI_ALL), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- the authority list ------------------------------------------------------------


def test_authority_list_is_valid_tei():
    _jing(AUTHORITY)


def test_authority_entries_have_forms_and_notes(authority):
    assert len(authority) > 50
    for entry in authority:
        assert entry.forms and entry.note, entry.id
        for kind, value in entry.idnos:
            assert kind == "wikidata" and re.fullmatch(r"Q[1-9][0-9]*", value), entry.id


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Marx", "marx"),
        ("Marx's", "marx"),
        ("Krassin’s", "krasin"),
        ("R.C.P.", "rcp"),
        ("S.R.s", "sr-party"),
        ("the International", "iwma"),
        ("Union  of\nSoviet Republics", "ussr"),
    ],
)
def test_lookup_variants_and_possessives(authority, name, expected):
    entry = authority.lookup(name)
    assert entry is not None and entry.id == expected


def test_lookup_respects_type(authority):
    assert authority.lookup("Russia", "person") is None
    assert authority.lookup("Nobody at all") is None


# ---- the recogniser ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "At the conference Comrades Osinski and Krassin spoke.",
            [
                ("person", "Osinski", "authority.xml#osinsky"),
                ("person", "Krassin", "authority.xml#krasin"),
            ],
        ),
        (
            "The Synod condemned Patriarch Tikhon last year.",
            [("person", "Tikhon", "authority.xml#tikhon")],
        ),
        ("A friend of his (Madame F.) was reading.", [("person", "F.", None)]),
        ("Once Madame Marx heard it.", [("person", "Marx", None)]),
        (
            "It was Marx's idea, and Engels' too.",
            [
                ("person", "Marx", "authority.xml#marx"),
                ("person", "Engels", "authority.xml#engels"),
            ],
        ),
        (
            "He spoke at the request of the Prussian Government yesterday.",
            [("org", "Prussian Government", None)],
        ),
        (
            "Then the Russian S.R.s. anathematised the S.R. Party.",
            [
                ("org", "S.R.s", "authority.xml#sr-party"),
                ("org", "S.R. Party", "authority.xml#sr-party"),
            ],
        ),
        (
            "He met members of the National Council of the International in Spain.",
            [
                ("org", "National Council of the International", None),
                ("place", "Spain", "authority.xml#spain"),
            ],
        ),
        (
            "He settled in Regent's Park Road near Maitland Park.",
            [("place", "Regent's Park Road", None), ("place", "Maitland Park", None)],
        ),
        (
            "They met at the Café de la Regence in Paris.",
            [("place", "Café de la Regence", None), ("place", "Paris", "authority.xml#paris")],
        ),
        ("His friend Samuel Moore translated it.", [("person", "Samuel Moore", None)]),
        ("One day Mr. Smith arrived.", [("person", "Smith", None)]),
        (
            "He went to Genoa and then to the East.",
            [("place", "Genoa", None), ("place", "the East", "authority.xml#east")],
        ),
        ("What about it? – J.B.", [("person", "J.B.", None)]),
        (
            "The Bolsheviks published Pravda and Kerensky fled to Pskov.",
            [
                ("org", "Bolsheviks", "authority.xml#rcp"),
                ("person", "Kerensky", "authority.xml#kerensky"),
                ("place", "Pskov", None),
            ],
        ),
        (
            "The French Ambassador Noulens intrigued with General Kornilov.",
            [("person", "Noulens", None), ("person", "Kornilov", None)],
        ),
        (
            "For instance, Wolff was ill at Manchester.",
            [("person", "Wolff", None), ("place", "Manchester", "authority.xml#manchester")],
        ),
    ],
)
def test_recognises(authority, text, expected):
    assert found(text, authority) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The State and the Party, the Press and the Government are words.",
        "Russian Menshevism and Bolshevik tactics; the Chartist movement.",
        "The Workers' Government and the Proletarian Government own stock.",
        "It appeared in Die Neue Zeit and in the New York Tribune and the Pall Mall Gazette.",
        "He read aloud with him The Romancers, without a dictionary.",
        "Yesterday it rained. Blorf arrived.",
        "In August the Commissary met the White Emigrants.",
        "The International Consolidation of Trade.",
    ],
)
def test_avoids_classic_false_positives(authority, text):
    assert found(text, authority) == []


def test_source_line_journal_is_not_annotated(authority):
    text = "Source: The Communist International, 1923, No. 25"
    assert found(text, authority) == []


def test_licence_line_takes_only_authority_names(authority):
    text = "CopyLeft: Creative Commons (Attribute & ShareAlike) marxists.org 2006;"
    assert found(text, authority) == [("org", "marxists.org", "authority.xml#mia")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body's name in a licence, with no list to know it from
        (
            "Public Domain: Marxists Internet Archive (2007). You may freely copy it.",
            [("org", "Marxists Internet Archive", None)],
        ),
        # what only a person does outweighs a town of the name
        ("These are the works of Engels, read them.", [("person", "Engels", None)]),
        ("Only Engels himself saw it.", [("person", "Engels", None)]),
        # ... but a country is "she"
        ("At war with Spain herself, they won.", [("place", "Spain", None)]),
        # a lone given name after "At" is a town
        ("At Nancy, in 1907, they met.", [("place", "Nancy", None)]),
        # one common word capitalised before a head names a body ...
        ("He met the Civic Federation there.", [("org", "Civic Federation", None)]),
        # ... a description does not
        ("They called for a Workers' Government there.", []),
        # a follower is no person, nor a letter a surname
        ("He was a staunch Parnellite then.", []),
        ("He sat as M.P. for the town.", []),
    ],
)
def test_context_decides_with_no_list(text, expected):
    assert found(text, Authority()) == expected


def test_plain_text_author_line(authority):
    source = "Ivan Nobodyevich 1922\n\nA Title\n\nHe went to Moscow.\n"
    got = [(m.type, source[m.start : m.end]) for m in recognise_plain(source, authority)]
    assert got == [("person", "Ivan Nobodyevich"), ("place", "Moscow")]


def test_recogniser_is_deterministic(authority):
    text = (FIXTURES / "sample.xml").read_text("utf-8")
    assert recognise(text, authority) == recognise(text, authority)


# ---- names in any script ----------------------------------------------------------


def test_a_capital_is_an_uppercase_or_titlecase_letter_of_any_script():
    import unicodedata

    from pipeline.entities import names

    bmp = "".join(map(chr, range(0x10000)))
    assert {c for c in bmp if unicodedata.category(c) in ("Lu", "Lt")} == names.CAPITALS
    # the patterns' capitals are the same letters, and Latin-1's are as they were
    assert set(re.findall(f"[{names._UP}]", bmp)) == names.CAPITALS
    assert set(re.findall("[A-ZÀ-ÖØ-Þ]", bmp[:256])) == {c for c in names.CAPITALS if c <= "ÿ"}


def _in_scripts() -> Authority:
    listing = Authority()
    for id_, type_, form in [
        ("lodz", "place", "Łódź"),
        ("smeral", "person", "Šmeral"),
        ("osugi", "person", "Ōsugi"),
        ("zurich", "place", "Zürich"),
        ("plekhanov", "person", "Плеханов"),
        ("alexander", "person", "Ἀλέξανδρος"),
        ("mao", "person", "毛泽东"),
        ("deseret", "place", "𐐔𐐯𐑅𐐨𐑉𐐯𐐻"),  # a capital beyond the BMP: found as written
    ]:
        listing.add(Entry(id_, type_, (form,)))
    return listing


def test_links_names_whose_capital_is_not_latin_1():
    text = (
        "The workers of Łódź struck. Comrade Šmeral and Comrade Ōsugi wrote, as did Zürich;"
        " Плеханов replied, and Ἀλέξανδρος, 毛泽东 and 𐐔𐐯𐑅𐐨𐑉𐐯𐐻 too."
    )
    assert found(text, _in_scripts()) == [
        ("place", "Łódź", "authority.xml#lodz"),
        ("person", "Šmeral", "authority.xml#smeral"),
        ("person", "Ōsugi", "authority.xml#osugi"),
        ("place", "Zürich", "authority.xml#zurich"),
        ("person", "Плеханов", "authority.xml#plekhanov"),
        ("person", "Ἀλέξανδρος", "authority.xml#alexander"),
        ("person", "毛泽东", "authority.xml#mao"),
        ("place", "𐐔𐐯𐑅𐐨𐑉𐐯𐐻", "authority.xml#deseret"),
    ]


def test_suggests_names_whose_capital_is_not_latin_1_whole():
    text = (
        "At the meeting Mr. Łukasz Kowalski and Comrade Štefan Novák spoke,"
        " and Ł. Kowalski wrote for the РСДРП."
    )
    assert found(text, Authority()) == [
        ("person", "Łukasz Kowalski", None),
        ("person", "Štefan Novák", None),
        ("person", "Ł. Kowalski", None),
        ("org", "РСДРП", None),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("S.R. Party", "s-r-party"),
        ("Jaurès", "jaures"),
        ("Zürich", "zurich"),
        ("Łukasz Kowalski", "łukasz-kowalski"),
        ("Плеханов", "плеханов"),
        ("Ἀλέξανδρος", "αλεξανδρος"),
        ("毛泽东", "毛泽东"),
        ("1917 Group", "n-1917-group"),
        ("a²", "a2"),
        ("— ", "entry"),
    ],
)
def test_new_ids_keep_letters_without_a_latin_base(name: str, expected: str) -> None:
    made = make_id(name)
    assert made == expected
    etree.QName(made)  # a name an xml:id may be
    assert make_id(name, {expected}) == f"{expected}-2"


# ---- the TEI pass -------------------------------------------------------------------


@pytest.fixture()
def sample(authority):
    original = xmlio.parse_file(FIXTURES / "sample.xml")
    annotated = copy.deepcopy(original)
    added = mark_entities(annotated, authority)
    return original, annotated, added


def _entities(tree) -> list[etree._Element]:
    return [el for el in tree.iter() if isinstance(el.tag, str) and local(el) in ENTITY_TAGS]


def test_second_run_changes_nothing(sample, authority):
    _original, annotated, added = sample
    assert added
    before = xmlio.serialize(annotated)
    assert mark_entities(annotated, authority) == []
    assert xmlio.serialize(annotated) == before


def test_never_nests_entities(sample):
    for el in _entities(sample[1]):
        assert not any(local(a) in ENTITY_TAGS for a in el.iterancestors()), el.sourceline


def test_keeps_every_other_element_attribute_comment_and_pi(sample):
    original, annotated, _ = sample
    # what the pass adds: entity elements, @ref on old ones, the ner respStmt
    stripped, plain = copy.deepcopy(annotated), copy.deepcopy(original)
    for resp in stripped.iterfind(".//tei:respStmt[@xml:id='ner']", NS):
        resp.getparent().remove(resp)
    for tree in (stripped, plain):
        etree.strip_tags(tree, *(f"{{{tei.TEI_NS}}}{t}" for t in ENTITY_TAGS))
        for el in tree.iter():  # indentation around the added respStmt may differ
            if el.tail is not None and not el.tail.strip():
                el.tail = None
            if isinstance(el.tag, str) and el.text is not None and not el.text.strip():
                el.text = None
    assert etree.tostring(stripped, method="c14n") == etree.tostring(plain, method="c14n")


def test_existing_entity_markup_is_kept(sample):
    original, annotated, _ = sample
    london = annotated.find(".//tei:placeName[@ref='authority.xml#london']", NS)
    assert london is not None and london.text == "London"
    old = [(local(el), text_of(el, READING)) for el in _entities(original)]
    new = [(local(el), text_of(el, READING)) for el in _entities(annotated)]
    assert all(item in new for item in old)


def test_name_inside_correction_encloses_the_choice(sample):
    annotated = sample[1]
    org = annotated.find(".//tei:orgName[tei:choice]", NS)
    assert org is not None and org.get("ref") == "authority.xml#rcp-cc"
    assert text_of(org, READING) == "Central Committee"


def test_names_inside_quotations_heads_items_and_notes(sample):
    annotated = sample[1]
    assert annotated.find(".//tei:q/tei:persName[@ref='authority.xml#krasin']", NS) is not None
    assert annotated.find(".//tei:q/tei:placeName[@ref='authority.xml#moscow']", NS) is not None
    assert annotated.find(".//tei:head/tei:orgName[@ref='authority.xml#rcp']", NS) is not None
    assert annotated.find(".//tei:item/tei:persName[@ref='authority.xml#tikhon']", NS) is not None
    note_name = annotated.find(".//tei:note/tei:persName", NS)
    assert note_name is not None and note_name.text == "J.B." and note_name.get("resp") == NER_RESP


def test_names_split_by_hi_and_lb(sample):
    annotated = sample[1]
    marx = [el for el in annotated.iterfind(".//tei:persName[@ref='authority.xml#marx']", NS)]
    assert any(el.find("tei:hi", NS) is not None for el in marx)
    assert any(el.find("tei:lb", NS) is not None for el in marx)
    manchester = annotated.find(".//tei:placeName[@ref='authority.xml#manchester']", NS)
    assert manchester is not None and manchester.find("tei:lb", NS) is not None


def test_name_split_by_a_note(authority):
    tree = etree.ElementTree(
        etree.fromstring(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>Then Karl<note n="1">See'
            " Lenin.</note> Marx wrote.</p></body></text></TEI>"
        )
    )
    mark_entities(tree, authority)
    marx = tree.find(".//tei:persName", NS)
    assert marx.get("ref") == "authority.xml#marx"
    assert marx.find("tei:note", NS) is not None
    assert tree.find(".//tei:note//tei:persName", NS) is None  # never nested
    assert mark_entities(tree, authority) == []


def test_note_with_text_and_paragraphs_is_read_whole(authority):
    """A note whose first paragraph is its own text and the rest ``<p>``s."""
    tree = etree.ElementTree(
        etree.fromstring(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><back><div><note n="1">'
            "<label>[1]</label> Letters from Karl Marx.<p>Printed in London.</p></note>"
            "</div></back></text></TEI>"
        )
    )
    mark_entities(tree, authority)
    note = tree.find(".//tei:note", NS)
    assert [text_of(e) for e in note.findall("tei:persName", NS)] == ["Karl Marx"]
    assert [text_of(e) for e in note.findall("tei:p/tei:placeName", NS)] == ["London"]
    assert mark_entities(tree, authority) == []


def test_header_names_get_their_ref(sample):
    annotated = sample[1]
    author = annotated.find(".//tei:titleStmt/tei:author/tei:persName", NS)
    assert author.get("ref") == "authority.xml#bukharin"
    assert annotated.find(".//tei:bibl/tei:title//tei:orgName", NS) is None  # journal title


def test_suggestions_point_to_a_resp_statement(sample):
    annotated = sample[1]
    resp = annotated.findall(".//tei:titleStmt/tei:respStmt[@xml:id='ner']", NS)
    assert len(resp) == 1
    suggestions = annotated.findall(f".//*[@resp='{NER_RESP}']", NS)
    assert suggestions and all(s.get("cert") == "low" and s.get("ref") is None for s in suggestions)


def test_annotated_sample_is_valid_tei(sample, tmp_path):
    out = tmp_path / "annotated.xml"
    out.write_bytes(xmlio.serialize(sample[1]))
    _jing(out)


def test_listing(sample):
    listed = list_mentions(sample[1])
    statuses = {m.status for m in listed}
    assert statuses == {"linked", "suggested"}
    assert [m.text for m in listed if m.status == "suggested"] == ["J.B.", "Marx"]


def test_converter_output_is_already_annotated(authority):
    from pipeline import convert

    source = (PROJECT / "seeds" / "bukharin-1923-twelfth-congress.txt").read_text("utf-8")
    tree = convert.convert(source, convert.Options(authority=authority))
    assert len(list_mentions(tree)) > 50
    before = xmlio.serialize(tree)
    assert mark_entities(tree, authority) == []
    assert xmlio.serialize(tree) == before


# ---- properties ------------------------------------------------------------------

_WORDS = [
    "Marx",
    "Engels's",
    "the",
    "State",
    "Party",
    "Comrade",
    "Comrades",
    "and",
    "went",
    "to",
    "Paris",
    "Madame",
    "F.",
    "J.B.",
    "Central",
    "Committee",
    "of",
    "International",
    "S.R.s",
    "Prussian",
    "Government",
    "Wolff",
    "said",
    ".",
    ",",
    "Karl",
    "Soviet",
    "Russia",
    "in",
    "Regent's",
    "Park",
    "Road",
    "The",
    "Die",
    "Neue",
    "Zeit",
    "–",
    "East",
    "Schorlemmer",
]
_INLINE = [
    "",
    "<hi>",
    "</hi>",
    "<q>",
    "</q>",
    "<lb/>",
    '<note n="1">Lenin in Berlin.</note>',
    " <choice><sic>Dental</sic><corr>Central</corr></choice>",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_INLINE)), max_size=30))
def test_any_paragraph_keeps_its_text_and_never_nests(tokens):
    authority = _authority()
    body, open_tag = [], None
    for word, tag in tokens:
        if tag in ("<hi>", "<q>"):
            tag, open_tag = (tag, tag[1:-1]) if open_tag is None else ("", open_tag)
        elif tag in ("</hi>", "</q>"):
            tag, open_tag = (tag, None) if open_tag == tag[2:-1] else ("", open_tag)
        body.append(word + tag)
    if open_tag:
        body.append(f"</{open_tag}>")
    xml = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
        + " ".join(body)
        + "</p></body></text></TEI>"
    )
    tree = etree.ElementTree(etree.fromstring(xml))
    p = tree.find(".//tei:p", NS)
    before = text_of(p, READING), "".join(p.itertext())
    mark_entities(tree, authority)
    assert (text_of(p, READING), "".join(p.itertext())) == before
    for el in _entities(tree):
        assert not any(local(a) in ENTITY_TAGS for a in el.iterancestors())
    once = xmlio.serialize(tree)
    assert mark_entities(tree, authority) == []
    assert xmlio.serialize(tree) == once
