"""Entity markup pass: ``persName``, ``placeName`` and ``orgName`` in a TEI tree.

``mark_entities`` is the converter's last pass and the engine of ``tei-pipeline
annotate``.  It reads each container (``p``, ``head``, ``item``, ``note``,
``docAuthor``, ``titlePart``, header ``title``/``author``/``licence``/``bibl``
...) as flat text in the *reading* (choice → corr), asks the recogniser for
mentions and wraps each with ``spans.wrap_span``, which refuses to cross an
element boundary.  Markup already present is never entered, nested or
enclosed, so a second run changes nothing.  Mentions linked to the authority
list carry ``@ref="authority.xml#ID"``; the others are machine suggestions,
``@cert="low" @resp="#ner"``, until an editor accepts them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree

from pipeline import tei
from pipeline.entities.authority import (
    ELEMENT_OF_TYPE,
    TYPE_OF_ELEMENT,
    Authority,
)
from pipeline.entities.knowledge import LANGUAGES, looks_english
from pipeline.entities.listing import Listed, list_mentions, ref_id
from pipeline.entities.names import _FEMALE, HONORIFIC_RE
from pipeline.entities.recognise import (
    Mention,
    capitalised_words,
    document_matcher,
    recognise,
    strong_forms,
    vocabulary,
    with_document,
)
from pipeline.entities.wrapping import (
    ENCLOSABLE,
    _child_ranges,
    _inside_entity,
    _is_blocking,
    _text_segments,
    _wrap_anywhere,
    _wrap_in_child,
    _wrap_in_text,
    segment_of,
)
from pipeline.spans import READING, SILENT, local, make, text_of
from pipeline.tei import NSMAP, TEI_NS, XML_NS

NER_ID = "ner"
NER_RESP = "#" + NER_ID  # the same as listing.NER_RESP
ENTITY_TAGS = tei.ENTITY_NAMES
# Elements whose running text is read for names.
CONTAINERS = (
    tei.PARAGRAPHS
    | tei.VERSE
    | tei.DIV_TOP
    | tei.DIV_BOTTOM
    | tei.TITLE_PAGE
    | tei.HEADER_TEXT
    | tei.BLOCK_QUOTE
    | (tei.LISTS - {"list", "table", "row"})
    | {"note"}
) - {"lg", "docTitle", "docDate"}
# Containers whose whole text is a person's name when nothing else is found.
NAME_CONTAINERS = frozenset({"docAuthor", "signed", "author"})
# Elements that make their parent more than a phrase (a note's label does not).
BLOCK_LEVEL = (
    tei.PARAGRAPHS | tei.VERSE | tei.LISTS | tei.DIV_TOP | tei.DIV_BOTTOM | tei.TITLE_PAGE | {"div"}
) - {"label"}
_NO_ENCLOSE = tei.ENTITY_NAMES | {"p", "div", "item", "list", "head"}


@dataclass(frozen=True)
class Found:
    """A mention added (or linked) by a run of ``mark_entities``."""

    type: str
    text: str
    ref: str | None
    element: etree._Element


def _has_block(el: etree._Element) -> bool:
    for child in el:
        if not isinstance(child.tag, str) or local(child) == "note":
            continue
        if local(child) in BLOCK_LEVEL or _has_block(child):
            return True
    return False


def _walk(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        name = local(child)
        if name == "div" and child.get("type") in tei.APPARATUS_DIVS:
            continue  # editors' notes (a correction's reason): not the text's names
        is_container = name in CONTAINERS and not (name == "title" and _is_blocking(child))
        if is_container and not _has_block(child):
            yield child
            for note in _outer_notes(child):
                yield from _walk_note(note)
            continue
        if is_container and _own_text(child):
            yield child  # "text <p>more</p>": its own text, the blocks read apart
        yield from _walk(child)


def _own_text(el: etree._Element) -> bool:
    """Does ``el`` hold running text of its own beside its children?"""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _outer_notes(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if local(child) == "note":
            yield child
        else:
            yield from _outer_notes(child)


def _walk_note(note: etree._Element) -> Iterator[etree._Element]:
    if _has_block(note):
        if _own_text(note):
            yield note
        yield from _walk(note)
    else:
        yield note


def _containers(tree: etree._ElementTree) -> Iterator[etree._Element]:
    root = tree.getroot()
    text = root.find("tei:text", NSMAP)
    if text is not None:
        yield from _walk(text)
    file_desc = root.find("tei:teiHeader/tei:fileDesc", NSMAP)
    if file_desc is not None:
        for part in tei.HEADER_STATEMENTS:
            scope = file_desc.find(f"tei:{part}", NSMAP)
            if scope is not None:
                yield from _walk(scope)


def document_vocabulary(tree: etree._ElementTree) -> frozenset[str]:
    root = tree.getroot()
    parts = [root.find("tei:text", NSMAP), root.find("tei:teiHeader/tei:fileDesc", NSMAP)]
    return vocabulary(" ".join(str(t) for p in parts if p is not None for t in p.itertext()))


def _entity(type_: str, ref: str | None) -> etree._Element:
    attrib = {"ref": ref} if ref else {"cert": "low", "resp": NER_RESP}
    return make(ELEMENT_OF_TYPE[type_], attrib)


@dataclass
class _Container:
    """A container read once: its flat text and what the recogniser needs."""

    el: etree._Element
    flat: str
    ranges: list
    blocked: list[tuple[int, int]]
    starts: list[int]
    words: set[str]  # its capitalised words, read once for both readings
    mentions: list[Mention] = field(default_factory=list)


def _read(el: etree._Element) -> _Container | None:
    flat = text_of(el, READING)
    if not flat.strip() or _inside_entity(el):
        return None  # e.g. a note inside a name: marking it would nest entities
    ranges = list(_child_ranges(el, READING)) if len(el) else []
    blocked = [
        (s, e) for s, e, child in ranges if _is_blocking(child) or local(child) in BLOCK_LEVEL
    ]
    starts = [s for s, _, child in ranges if local(child) in ("q", "quote", "said", "item", "head")]
    return _Container(el, flat, ranges, blocked, starts, capitalised_words(flat))


def _recognise(c: _Container, authority, vocab, names, doc_forms=None) -> list[Mention]:
    name = local(c.el)
    mentions = recognise(
        c.flat,
        authority,
        starts=c.starts,
        blocked=c.blocked,
        vocab=vocab,
        authority_only=name == "licence",
        names=names,
        doc_forms=doc_forms,
        words=c.words,
    )
    if not mentions and name in NAME_CONTAINERS and not c.blocked:
        m = re.match(r"\s*(.*?)[\s,]*(?:\d{4})?\s*$", c.flat)
        if m and m.group(1) and len(m.group(1).split()) <= 5:
            entry = authority.lookup(m.group(1), "person")
            mentions = [Mention(m.start(1), m.end(1), "person", entry, "author")]
    return _not_rejected(c, mentions, authority)


def _not_rejected(c: _Container, mentions: list[Mention], authority: Authority) -> list[Mention]:
    """What an editor rejected is not suggested again."""
    return [
        m
        for m in mentions
        if m.entry is not None or not authority.is_rejected(c.flat[m.start : m.end], m.type)
    ]


def _mark_container(c: _Container, found: list[Found]) -> None:
    el, flat, mentions = c.el, c.flat, c.mentions
    if _inside_entity(el):
        return  # a note taken into a name just now: marking it would nest entities
    kids = list(el)
    segments = _text_segments(el) if kids else [(0, len(flat))]
    no_enclose = _NO_ENCLOSE | {local(d) for d in el.iterdescendants()} - ENCLOSABLE
    spans = [(m.start, m.end) for m in mentions]
    added: list[Found] = []
    # Right to left, so that earlier offsets stay valid; the mentions of one
    # text segment at once (``segments`` is read as the runs are formed: a
    # wrap across children below renews it).
    runs = groupby(reversed(mentions), key=lambda m: segment_of(segments, m.start, m.end))
    for i, run in runs:
        if i is not None:
            in_text = list(run)[::-1]
            wraps = [(m.start, m.end, _entity(m.type, m.ref)) for m in in_text]
            _wrap_in_text(el, kids, segments, i, wraps)
            added += [
                Found(m.type, flat[m.start : m.end], m.ref, new)
                for m, (*_, new) in zip(in_text, wraps, strict=True)
            ][::-1]
            continue
        for mention in run:
            new = _entity(mention.type, mention.ref)
            done = _wrap_in_child(el, kids, segments, mention.start, mention.end, new, no_enclose)
            if done is None:
                done = _wrap_anywhere(
                    el, c.ranges, c.blocked, mention.start, mention.end, new, no_enclose, spans
                )
                if done:
                    kids, segments = list(el), _text_segments(el)
            if done:
                added.append(Found(mention.type, text_of(new, READING), mention.ref, new))
    found.extend(reversed(added))


def _text_before(el: etree._Element, limit: int = 80) -> str:
    """The text just before ``el`` in its container (notes left out), at most
    about ``limit`` characters: a bounded walk, never a scan of the document."""
    parts: list[str] = []
    size, node = 0, el
    while size < limit:
        prev = node.getprevious()
        if prev is not None:
            piece = (text_of(prev, READING) if local(prev) not in SILENT else "") + (
                prev.tail or ""
            )
            node = prev
        else:
            parent = node.getparent()
            if parent is None:
                break
            piece, node = parent.text or "", parent
            if local(parent) in CONTAINERS:
                parts.append(piece)
                break
        parts.append(piece)
        size += len(piece)
    return "".join(reversed(parts))[-limit:]


def _after_female_title(el: etree._Element) -> bool:
    """Is ``el`` a name after "Madame", "Mrs." (or in a list after one)?  The
    recogniser leaves those unlinked: "Madame Marx" is not Karl Marx."""
    before = _text_before(el)
    context = before + text_of(el, READING)
    for m in HONORIFIC_RE.finditer(context):
        if m.group(1) in _FEMALE and m.start() < len(before) <= m.end():
            return True
    return False


def _link_existing(tree: etree._ElementTree, authority: Authority, found: list[Found]) -> None:
    """Give existing unlinked entity elements their authority @ref."""
    for el in tree.getroot().iter(*(f"{{{TEI_NS}}}{t}" for t in ENTITY_TAGS)):
        if el.get("ref"):
            continue
        type_ = TYPE_OF_ELEMENT[local(el)]
        entry = authority.lookup(text_of(el, READING), type_)
        if entry is None or _after_female_title(el):
            continue  # "Madame Marx" is not Karl Marx
        el.set("ref", entry.ref)
        if el.get("resp") == NER_RESP:
            del el.attrib["resp"]
            if el.get("cert") == "low":
                del el.attrib["cert"]
        found.append(Found(type_, text_of(el, READING), entry.ref, el))


def ensure_ner_resp(tree: etree._ElementTree) -> bool:
    """Add ``respStmt xml:id="ner"`` to the titleStmt when a suggestion points to it."""
    root = tree.getroot()
    if root.find(f".//*[@resp='{NER_RESP}']") is None:
        return False
    if root.find(f".//*[@{{{XML_NS}}}id='{NER_ID}']") is not None:
        return False
    title_stmt = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NSMAP)
    if title_stmt is None:
        return False
    resp_stmt = etree.SubElement(title_stmt, f"{{{TEI_NS}}}respStmt")
    resp_stmt.set(f"{{{XML_NS}}}id", NER_ID)
    resp = etree.SubElement(resp_stmt, f"{{{TEI_NS}}}resp")
    resp.text = "Named-entity suggestions awaiting review"
    name = etree.SubElement(resp_stmt, f"{{{TEI_NS}}}name")
    name.text = "tei-pipeline entity recogniser"
    previous = resp_stmt.getprevious()
    if previous is not None:
        resp_stmt.tail = previous.tail
        previous.tail = title_stmt.text
    return True


def _language(el: etree._Element) -> str | None:
    """The primary language subtag in force at ``el`` (``xml:lang``), if any."""
    for node in (el, *el.iterancestors()):
        lang = node.get(f"{{{XML_NS}}}lang")
        if lang is not None:
            return lang.split("-")[0].lower() or None
    return None


def _known_language(containers: list[etree._Element], tree: etree._ElementTree, notes) -> list:
    """The containers in a language the recogniser has knowledge for; the
    others are left alone, and ``notes`` says so.  Where no ``xml:lang`` says,
    the text itself must read as English."""
    undeclared: bool | None = None
    kept: list[etree._Element] = []
    skipped: dict[str, int] = {}
    for el in containers:
        lang = _language(el)
        if lang is None:
            if undeclared is None:
                undeclared = looks_english(" ".join(str(t) for t in tree.getroot().itertext()))
            lang = "en" if undeclared else "und"
        if lang in LANGUAGES:
            kept.append(el)
        else:
            skipped[lang] = skipped.get(lang, 0) + 1
    if skipped and notes is not None:
        langs = ", ".join(f"{k} ({v})" for k, v in sorted(skipped.items()))
        known = ", ".join(sorted(LANGUAGES))
        notes.append(
            f"entities: {sum(skipped.values())} passages left unmarked: no knowledge for their"
            f" language ({langs.replace('und', 'not English')}); known: {known}"
        )
    return kept


def mark_entities(
    tree: etree._ElementTree, authority: Authority, notes: list[str] | None = None
) -> list[Found]:
    """Mark persons, places and organisations in ``tree`` (in place).

    Two readings: the first finds names with their evidence, the second
    marks the names found with good evidence everywhere in the document (a
    surname alone links to the person seen in full).  Returns the mentions
    added or newly linked; a second run returns [].  ``notes`` receives what
    a user should be told once (no authority list, languages left alone).
    """
    found: list[Found] = []
    _link_existing(tree, authority, found)
    if notes is not None and len(authority) == 0:
        notes.append("entities: no authority list: every name found is an unlinked suggestion")
    vocab = document_vocabulary(tree)
    elements = _known_language(list(_containers(tree)), tree, notes)
    containers = [c for c in map(_read, elements) if c is not None]
    for c in containers:
        c.mentions = _recognise(c, authority, vocab, frozenset())
    doc_forms = strong_forms((c.flat[m.start : m.end], m) for c in containers for m in c.mentions)
    document = document_matcher(doc_forms) if doc_forms else None
    for c in containers:
        if document is not None:
            mentions = with_document(c.flat, c.mentions, doc_forms, document, c.blocked, c.words)
            c.mentions = _not_rejected(c, mentions, authority)
        _mark_container(c, found)
    ensure_ner_resp(tree)
    return found


__all__ = ["Found", "Listed", "ensure_ner_resp", "list_mentions", "mark_entities", "ref_id"]
