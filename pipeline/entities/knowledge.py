"""What the recogniser knows besides the authority list: place names, how
English capitalises words, the small hand-kept word lists of ``data/``, and
the matcher that finds known name forms in a string.

``places.tsv.gz``, ``given.tsv.gz`` and ``lexicon.tsv.gz`` are derived from
GeoNames, ISO 3166, the US Census name lists and spaCy's lexeme
probabilities by ``scripts/derive_entity_data.py`` (their headers name
package, version and licence); the ``.txt`` lists are kept by hand and stay
small and general.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from pipeline.entities import names as n
from pipeline.entities.authority import Authority, Entry, normalize_form
from pipeline.entities.matcher import Matcher, build_matcher

# Languages the recogniser has knowledge for (its lexicon, honorifics, heads).
LANGUAGES = frozenset({"en"})
# A capitalised word the lexicon does not know is most likely a name.
UNKNOWN_MARGIN = 3.0


@dataclass(frozen=True, eq=False)  # hashed by identity: one per process
class Lexicon:
    gazetteer: frozenset[str]  # place names
    lands: frozenset[str]  # the countries and continents among them
    town_words: frozenset[str]  # towns named by an English word: places only by the document's use
    margin: dict[str, float]  # lower-case word -> log P(Capitalised) - log P(lower)
    stop: frozenset[str]  # capitalised words that are never a name
    polity: frozenset[str]  # nationality adjectives that may head a body
    group: frozenset[str]  # nationalities, ideologies, a member: never a name alone
    given: frozenset[str]  # given names: a name starting so is a person's
    members: frozenset[str]  # "Bolsheviks", "Home Rulers": a body's members, plural

    def nameness(self, word: str) -> float:
        """How much more often English capitalises ``word`` than not."""
        return self.margin.get(word.lower(), UNKNOWN_MARGIN)


def _data(name: str) -> str:
    path = resources.files("pipeline.entities").joinpath("data").joinpath(name)
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def _data_lines(name: str) -> list[str]:
    return [line for line in _data(name).splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    places: set[str] = set()
    lands: set[str] = set()
    town_words: set[str] = set()
    for line in _data_lines("places.tsv.gz"):
        name, _, kind = line.partition("\t")
        (town_words if kind == "town-word" else places).add(normalize_form(name))
        if kind in ("country", "continent"):
            lands.add(normalize_form(name))
    margin = {}
    for line in _data_lines("lexicon.tsv.gz"):
        word, _, value = line.partition("\t")
        margin[word] = float(value)
    stop = {w for line in _data_lines("stopwords.txt") for w in line.split()}
    kinds: dict[str, set[str]] = {"polity": set(), "group": set(), "members": set()}
    for line in _data_lines("demonyms.txt"):
        kind, _, words = line.partition(":")
        kinds[kind.strip()].update(word.replace("_", " ") for word in words.split())
    polity, group = kinds["polity"], kinds["group"]
    given = frozenset(_data_lines("given.tsv.gz"))
    return Lexicon(
        frozenset(places - (stop - n.COMPASS)),  # "March" the town is no match for the month
        frozenset(lands),
        # a town-word that heads or names a body is that ("Union", "Temple"... "Commune")
        frozenset(town_words - stop - polity - group - n.HEAD_WORDS),
        margin,
        frozenset(stop),
        frozenset(polity),
        frozenset(group),
        given,
        frozenset(kinds["members"]),
    )


# ---- the matcher of known forms ---------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer_matcher() -> Matcher:
    return build_matcher({form: ("place", None) for form in lexicon().gazetteer})


def matcher(authority: Authority) -> Matcher:
    """The matcher of ``authority``'s forms and the gazetteer (cached on the
    list; one for every empty list)."""
    if len(authority) == 0:
        return _gazetteer_matcher()
    cached = authority.cache.get("matcher")
    if isinstance(cached, Matcher):
        return cached
    known: dict[str, tuple[str, Entry | None]] = {}
    for form in lexicon().gazetteer:
        known[form] = ("place", None)
    for form, entry in authority.forms():
        known[form] = (entry.type, entry)
    result = build_matcher(known)
    authority.cache["matcher"] = result
    return result


# ---- language ---------------------------------------------------------------------

# Frequent English function words that are not also frequent words of the
# other languages of European archives ("at", "for", "de", "her" are).
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "is",
        "that",
        "which",
        "with",
        "was",
        "were",
        "this",
        "from",
        "have",
        "has",
        "been",
        "are",
        "his",
        "not",
        "they",
        "their",
        "would",
        "should",
        "there",
        "what",
        "when",
        "these",
        "those",
        "who",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+")


def looks_english(text: str, sample: int = 3000) -> bool:
    """Is ``text`` (its first ``sample`` words) English running text?
    English prose has one word in five or more from ``_ENGLISH``; Danish,
    German or French prose almost none."""
    words = [m.group(0).lower() for m in islice(_WORDS.finditer(text), sample)]
    if len(words) < 20:
        return True  # too short to tell: a title, a name
    hits = sum(1 for w in words if w in _ENGLISH)
    return hits / len(words) >= 0.06
