"""The entity recogniser: names of persons, places and organisations in a string.

Offline, rule-based, deterministic and linear in the text.  Candidates come
from layers, strongest evidence first:

1. the authority list, the document's own names (``doc_forms``: names seen
   with good evidence elsewhere in the document, surnames of persons seen in
   full) and the gazetteer (``knowledge``);
2. patterns: honorifics ("Comrades X and Y", "Madame X": the title stays
   outside the span), bodies named by a head word ("Prussian Government",
   "Irish Transport and General Workers' Union", "Bank of England"), polities
   ("French Republic", "Soviet Russia"), streets and buildings, towns named by
   a word where the document never writes it in lower case ("Cork"), credit lines
   ("Transcribed by X"), initials ("J. B. Smith"), dotted abbreviations
   ("S.R.s", "R.S.F.S.R"), acronyms, and a party's members named after it
   ("the Liberals");
3. a capitalised word that English mostly capitalises (lexicon evidence), not
   a common word of the document, not a nationality or ideology: a
   low-confidence person (or place after "in"/"at", or by its ending).

Titles of works, events, ``Source:`` lines and URLs are masked first; licence
lines only take authority matches.  The caller (``markup``) supplies what the
string cannot tell: sentence starts at element boundaries and spans already marked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

from pipeline.entities import names as n
from pipeline.entities.abbreviations import _acronyms, _dotted, _initials
from pipeline.entities.authority import Authority, Entry, normalize_form
from pipeline.entities.evidence import (
    ALONE,
    STRONG,
    Cand,
    Context,
    DocForms,
    Mention,
    document_names,
    is_title_case,
    normalise_quotes,
    person_cue,
    sentence_starts,
    vocabulary,
)
from pipeline.entities.knowledge import lexicon
from pipeline.entities.lone import locative, unknown_names
from pipeline.entities.masks import Taken, masks
from pipeline.entities.matcher import Matcher, build_matcher
from pipeline.entities.patterns import (
    _bodies,
    _credits,
    _given_names,
    _headed,
    _honorifics,
    _hyphen_ok,
    _members,
    _place_heads,
    _regions,
    _soviet_places,
    _town_words,
    known_forms,
    member_words,
)

__all__ = [
    "Mention",
    "document_names",
    "recognise",
    "sentence_starts",
    "strong_forms",
    "vocabulary",
]


# ---- the recogniser ----------------------------------------------------------------


_REGION_WORDS = n.COMPASS | {"Orient", "Occident", "Continent"}


def _named_layers(ctx: Context, known: list[Cand], words: set[str]) -> list[Iterable[Cand]]:
    """The layers that need one of their words in the string: (the words,
    the layer), each layer made only where one of its words stands."""
    known_orgs = {s: e for s, e, t, _, _ in known if t == "org"}
    lex = ctx.lex
    table: list[tuple[Collection[str], Callable[[], Iterable[Cand]]]] = [
        (n._HONORIFIC_WORDS, lambda: _honorifics(ctx)),
        (n._ORG_HEAD_WORDS, lambda: _headed(ctx, n.ORG_HEAD_RE, "org", known_orgs)),
        (n.ONE_WORD_BODIES, lambda: _bodies(ctx)),
        (n._POLITY_HEAD_WORDS, lambda: _headed(ctx, n.POLITY_HEAD_RE, "place", known_orgs)),
        (("Soviet",), lambda: _soviet_places(ctx)),
        (_REGION_WORDS, lambda: _regions(ctx)),
        (n._PLACE_WORDS, lambda: _place_heads(ctx)),
        (lex.given, lambda: _given_names(ctx)),
        (lex.town_words, lambda: _town_words(ctx)),
        (member_words(lex), lambda: _members(ctx)),
    ]
    return [layer() for needed, layer in table if not words.isdisjoint(needed)]


def _layers(ctx: Context, known: list[Cand], words: set[str]) -> list[Iterable[Cand]]:
    layers: list[Iterable[Cand]] = [known, *_named_layers(ctx, known, words)]
    if n._INITIAL_QUICK.search(ctx.norm):
        layers += [_initials(ctx), _dotted(ctx)]
    if not words.isdisjoint(n.CREDIT_WORDS):
        layers.append(_credits(ctx))
    if not is_title_case(ctx.norm):
        layers += [_acronyms(ctx), unknown_names(ctx)]
    return layers


def capitalised_words(text: str) -> set[str]:
    """The capitalised words of ``text`` as the recogniser reads it (its
    quotes normalised): what ``words`` of ``recognise`` and ``with_document`` are."""
    return set(n.CAP_WORD.findall(normalise_quotes(text)))


def recognise(
    text: str,
    authority: Authority,
    *,
    starts: Iterable[int] = (),
    blocked: Sequence[tuple[int, int]] = (),
    vocab: frozenset[str] | None = None,
    authority_only: bool = False,
    names: frozenset[str] = frozenset(),
    doc_forms: DocForms | None = None,
    words: set[str] | None = None,
) -> list[Mention]:
    """Non-overlapping mentions in ``text``, in order.

    ``starts`` are extra sentence starts (element boundaries); ``blocked``
    spans are never touched (existing markup, journal titles); ``vocab`` is
    the document's lower-case vocabulary (default: this text's);
    ``authority_only`` keeps only authority matches (licences); ``names``
    are the document's names (``document_names``), taken even sentence-initially;
    ``doc_forms`` the names found with good evidence elsewhere in the document;
    ``words`` the capitalised words of ``text`` (``capitalised_words``), if
    the caller has them.
    """
    if not text.strip():
        return []
    norm = normalise_quotes(text)
    words = capitalised_words(text) if words is None else words
    ctx = Context(
        text=text,
        norm=norm,
        authority=authority,
        lex=lexicon(),
        vocab=vocab if vocab is not None else vocabulary(text),
        starts=sentence_starts(norm, starts),
        names=names,
        words=words,
    )
    known = list(known_forms(ctx, doc_forms or {}))
    if authority_only or n.LICENCE_RE.match(norm):
        layers: list[Iterable[Cand]] = [[k for k in known if k[4] == "authority"]]
        if not words.isdisjoint(n._ORG_HEAD_WORDS):  # "... Internet Archive (2007)"
            layers.append(_headed(ctx, n.ORG_HEAD_RE, "org", {}))
    else:
        layers = _layers(ctx, known, words)
    candidates = sorted(
        (c for layer in layers for c in layer if c[1] > c[0]),
        key=lambda c: (c[0], -(c[1] - c[0]), -c[3]),
    )
    taken = Taken(list(blocked) + masks(norm, words))
    chosen: list[Mention] = []
    last_end = -1
    for start, end, type_, _prio, source in candidates:
        if start < last_end or taken.overlaps(start, end):
            continue
        start, end, type_, entry = _finish(ctx, start, end, type_, source, doc_forms or {})
        if start >= end:
            continue
        type_, source = _by_cue(ctx, start, end, type_, source, entry)
        chosen.append(Mention(start, end, type_, entry, source))
        last_end = end
    return _lists(ctx.norm, chosen)


# Between the names of a list: "Engels, Marx and Feuerbach".
_JOINED = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:and|or|nor)[ \t]+)?|[ \t]+(?:and|or|nor|&)[ \t]+)")
# What a lone name's kind rests on when nothing but a list can outweigh it.
_LISTED = frozenset({"gazetteer", "capitalised", "town-word"})


def _lists(text: str, chosen: list[Mention]) -> list[Mention]:
    """Names listed together are of one kind: a lone name that only weak
    evidence typed takes the kind most names of its list have ("Engels,
    Marx and Feuerbach": not the town).  A tie changes nothing ("their Leith
    or London brothers" keeps Leith a person: an unknown name next to a town
    is as often a person next to a surname the gazetteer knows), nor does a
    list after "in", "at", "went to"."""
    out = list(chosen)
    i = 0
    while i < len(out):
        j = i + 1
        while j < len(out) and _JOINED.fullmatch(text, out[j - 1].end, out[j].start):
            j += 1
        if j - i > 1:
            kinds = [m.type for m in out[i:j]]
            persons, places = kinds.count("person"), kinds.count("place")
            kind = "person" if persons > places else "place" if places > persons else ""
            if locative(text, out[i].start):
                kind = ""
            for k in range(i, j):
                m = out[k]
                lone = m.entry is None and m.source in _LISTED and " " not in text[m.start : m.end]
                if kind and lone and m.type not in (kind, "org"):
                    out[k] = Mention(m.start, m.end, kind, None, "list")
        i = j
    return out


def _by_cue(
    ctx: Context, start: int, end: int, type_: str, source: str, entry: Entry | None
) -> tuple[str, str]:
    """A lone name that only weak evidence typed, retyped by what its
    context says of people ("the works of Engels": not the town)."""
    weak = entry is None and source in WEAK and type_ != "person"
    if weak and " " not in ctx.norm[start:end] and person_cue(ctx.norm, start, end):
        return "person", "person-cue"
    return type_, source


def _finish(
    ctx: Context, start: int, end: int, type_: str, source: str, doc_forms: DocForms
) -> tuple[int, int, str, Entry | None]:
    span = ctx.norm[start:end]
    entry = None
    if source != "honorific-female":
        entry = ctx.authority.lookup(span)
        if entry is None and span in doc_forms:
            entry = doc_forms[span][1]  # a surname: the person seen in full
    if entry is not None and source != "authority" and entry.type != type_:
        entry = None
    if entry is not None:
        type_ = entry.type
    return _without_the(ctx.norm, start, end, type_), end, type_, entry


def _without_the(text: str, start: int, end: int, type_: str) -> int:
    """Where a name starts: "the" stays outside all but places ("the Hague")."""
    if type_ == "place":
        return start
    the = _THE.match(text, start, end)
    return the.end() if the and the.end() < end else start


_THE = re.compile(r"[Tt]he\s+")


# A lone capitalised name seen elsewhere in the document: found again, linked to nothing.
WEAK_FORM: Entry = Entry("", "person", ())

# Sources a document's own evidence overrides: "Engels" is the person seen in
# full, not the town the gazetteer knows.
WEAK = frozenset({"gazetteer", "capitalised", "author", "town-word", "list"})


def document_matcher(doc_forms: DocForms) -> Matcher:
    """A matcher of the document's own names (``strong_forms``)."""
    return build_matcher(dict(doc_forms))


def with_document(
    text: str,
    mentions: list[Mention],
    doc_forms: DocForms,
    found: Matcher,
    blocked: Sequence[tuple[int, int]] = (),
    words: set[str] | None = None,
) -> list[Mention]:
    """The mentions of a first reading of ``text``, completed by the names the
    whole document gave good evidence for: weak mentions take the document's
    type and link, a surname links to the person seen in full, and the
    document's names are found where nothing else was (a sentence start, a
    heading).  Cheap: no second reading of the text."""
    norm = normalise_quotes(text)
    out = [_as_seen(norm, m, doc_forms) for m in mentions]
    words = capitalised_words(text) if words is None else words
    gaps = [
        (start, end, form)
        for start, end, form in found.finditer(norm, words)
        if (not start or not (norm[start - 1].isalnum() or norm[start - 1] in "_.'"))
        and _hyphen_ok(norm, start, end)
    ]
    if gaps:
        taken = Taken([*blocked, *((m.start, m.end) for m in mentions)])
        gaps = [g for g in gaps if not taken.overlaps(g[0], g[1])]
    if gaps:
        masked = Taken(masks(norm, words))
        for start, end, form in gaps:
            if not masked.overlaps(start, end):
                type_, entry = doc_forms[form]
                start = _without_the(norm, start, end, type_)
                if entry is WEAK_FORM:
                    out.append(Mention(start, end, type_, None, "capitalised"))
                else:
                    out.append(Mention(start, end, type_, entry, "document"))
        out.sort(key=lambda m: m.start)
    return out


def _as_seen(norm: str, m: Mention, doc_forms: DocForms) -> Mention:
    if m.entry is not None or m.source == "honorific-female":
        return m  # "Madame Marx" is not Karl Marx
    # ``norm``'s quotes are straight already: its form is its words, single-spaced
    seen = doc_forms.get(" ".join(norm[m.start : m.end].split()))
    if seen is None:
        return m
    type_, entry = seen
    if entry is WEAK_FORM:
        return m
    if m.source in WEAK and type_ != m.type:
        return Mention(m.start, m.end, type_, entry, "document")
    if entry is not None and entry.type == m.type:
        return Mention(m.start, m.end, m.type, entry, m.source)
    return m


def strong_forms(mentions: Iterable[tuple[str, Mention]]) -> dict[str, tuple[str, Entry | None]]:
    """The document's names worth marking everywhere: (text, mention) pairs
    found with good evidence; a person seen in full lends its surname, a
    body its short forms ("the Corporation").  A lone capitalised name comes
    last (``WEAK_FORM``): it is marked again where nothing else was found
    (at a sentence start), never retypes."""
    forms: dict[str, tuple[str, Entry | None]] = {}
    lone: dict[str, tuple[str, Entry | None]] = {}
    short: dict[str, tuple[str, Entry | None]] = {}
    for text, m in mentions:
        form = normalize_form(text)
        if m.source == "capitalised" and " " not in form:
            lone.setdefault(form, (m.type, WEAK_FORM))
        if m.source not in STRONG or m.source == "gazetteer":
            continue
        forms.setdefault(form, (m.type, m.entry))
        parts = form.split()
        last = parts[-1] if len(parts) > 1 else ""  # a surname, a body's head
        if m.type == "person" and n.capitalised(last) and lexicon().nameness(last) >= ALONE:
            forms.setdefault(last, ("person", m.entry))
        if m.type == "org" and last in n.SHORT_FORM_HEADS:
            for tail in _short_forms(parts):
                # two bodies with one head: the short form links to neither
                seen = short.setdefault(tail, ("org", m.entry))
                if seen[1] is not m.entry:
                    short[tail] = ("org", None)
    for form, seen in [*lone.items(), *short.items()]:
        forms.setdefault(form, seen)
    return forms


def _short_forms(parts: list[str]) -> list[str]:
    """How a text refers again to a body named in full: "Cork City Council"
    -> "the Council", "the City Council" (and "The ..." at a sentence start)."""
    tails = [parts[-1]]
    if len(parts) > 2 and n.capitalised(parts[-2]):
        tails.append(" ".join(parts[-2:]))
    return [f"{the} {tail}" for tail in tails for the in ("the", "The")]


def recognise_plain(source: str, authority: Authority) -> list[Mention]:
    """Mentions in a plain-text source, line by line (offsets in ``source``).

    The first non-blank line of an MIA text is its author line: a name there
    that no layer found is still a person.
    """
    vocab = vocabulary(source)
    found_names = frozenset(
        name for line in source.splitlines() for name in document_names(line, vocab)
    )
    mentions: list[Mention] = []
    offset = 0
    first = True
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            found = recognise(body, authority, vocab=vocab, names=found_names)
            if first and not found:
                name = re.match(r"\s*(.*?)(?:\s+\d{4})?\s*$", body)
                if name and name.group(1):
                    entry = authority.lookup(name.group(1), "person")
                    found = [Mention(name.start(1), name.end(1), "person", entry, "author")]
            first = False
            mentions.extend(
                Mention(m.start + offset, m.end + offset, m.type, m.entry, m.source) for m in found
            )
        offset += len(line)
    return mentions
