"""The TEI vocabulary the pipeline speaks: namespaces and named groups of
elements, in the spirit of the TEI's own classes (``model.pLike``,
``model.phrase``, ``model.divTop`` ...).

Every stage asks these groups what an element is (a block of running text, a
piece of phrase-level markup, a name, a milestone) instead of keeping a list
of its own, so that a new element is taught to the whole pipeline here.
"""

from __future__ import annotations

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

# ---- structure --------------------------------------------------------------

# The document's frame: header, text and its parts, divisions (model.divLike).
FRAME = frozenset(
    {"TEI", "teiHeader", "text", "front", "body", "back", "div", "titlePage", "figure"}
)
# Paragraph-like blocks (model.pLike) and verse lines and groups (model.lLike, lg).
PARAGRAPHS = frozenset({"p", "ab"})
VERSE = frozenset({"lg", "l"})
# Lists and tables with their parts (model.listLike and its members' children).
LISTS = frozenset({"list", "item", "label", "table", "row", "cell"})
# What opens or closes a division or a letter (model.divTop, model.divBottom).
DIV_TOP = frozenset({"head", "opener", "dateline", "salute", "byline", "epigraph", "argument"})
DIV_BOTTOM = frozenset({"closer", "signed", "trailer"})
# The parts of a title page (model.titlepagePart).
TITLE_PAGE = frozenset(
    {"docAuthor", "docDate", "docTitle", "titlePart", "docImprint", "docEdition", "byline"}
)
# Drama (model.divPart members used by performance texts).
DRAMA = frozenset({"sp", "speaker"})
# Block-level quotation, and a quotation with its source.
BLOCK_QUOTE = frozenset({"quote", "cit"})

# ---- notes and milestones -----------------------------------------------------

# Read as containers of their own: their text is not part of the sentence
# they are attached to (model.noteLike, forme work, figure descriptions).
ASIDES = frozenset({"note", "fw", "figDesc"})
# Empty elements that mark a point in the text (model.milestoneLike, ptr, anchor).
MILESTONES = frozenset({"lb", "pb", "cb", "milestone", "anchor", "gap", "ptr"})

# ---- phrase level ---------------------------------------------------------------

# Highlighting and quotation inside a sentence (model.hiLike, model.emphLike, q).
HIGHLIGHTS = frozenset(
    {"hi", "emph", "foreign", "q", "said", "soCalled", "mentioned", "term", "seg"}
)
# Editorial intervention (model.choicePart, model.pPart.edit, choice).
EDITORIAL = frozenset(
    {
        "choice",
        "sic",
        "corr",
        "reg",
        "orig",
        "abbr",
        "expan",
        "am",
        "ex",
        "unclear",
        "supplied",
        "add",
        "del",
    }
)
# Characters and words (model.segLike, model.gLike).
TOKENS = frozenset({"c", "g", "w", "pc"})
# Names and what names a thing (model.nameLike, model.persNamePart, model.measureLike).
ENTITY_NAMES = frozenset({"persName", "placeName", "orgName"})
OTHER_NAMES = frozenset({"name", "rs", "geogName", "roleName", "idno"})
MEASURES = frozenset({"date", "time", "num", "measure"})
# Pointers to elsewhere (model.ptrLike).
POINTERS = frozenset({"ref", "ptr"})

# ---- header --------------------------------------------------------------------

# The header's statements whose text names people, places and bodies.
HEADER_STATEMENTS = (
    "titleStmt",
    "editionStmt",
    "publicationStmt",
    "seriesStmt",
    "notesStmt",
    "sourceDesc",
)
HEADER_TEXT = frozenset({"title", "author", "licence", "publisher", "bibl"})

# ---- the edition's own apparatus ------------------------------------------------

# Types of the back divisions where editors' notes are kept (each correction's
# reason): not words of the source, never searched for names or corrections.
APPARATUS = "corrections"  # the back division of each correction's reason
APPARATUS_DIVS = frozenset({APPARATUS})

# ---- derived groups ---------------------------------------------------------------

# Elements that end a word wherever they start or stop, when a whole document
# is read as one string.
BLOCKS = (
    FRAME
    | PARAGRAPHS
    | VERSE
    | LISTS
    | DIV_TOP
    | DIV_BOTTOM
    | TITLE_PAGE
    | DRAMA
    | BLOCK_QUOTE
    | {"note", "milestone"}
)
# Elements whose inside is never re-marked: a choice is atomic (its two
# readings must stay parallel); a note is read as a container of its own.
ATOMIC = frozenset({"choice", "note"}) | (MILESTONES - {"milestone"})


def tei(name: str) -> str:
    """The Clark name ``{TEI_NS}name`` of a TEI element."""
    return f"{{{TEI_NS}}}{name}"
