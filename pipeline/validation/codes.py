"""Every issue code validation reports, in one table: which engine reports
it, its usual severity, what it means and how to fix it. SARIF rules and the
README's table of codes are made from it (``python -m
pipeline.validation.codes`` prints the table).

Codes of rules that come with a schema (the Schematron file given with
``--schematron``, the rules embedded in an official schema) are the rules'
own ids: each such engine has one entry standing for all its codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    engine: str
    severity: str
    description: str
    hint: str = ""


_TABLE = [
    # well-formedness
    Code("xml-empty", "well-formedness", "error", "The file is empty or holds only white space."),
    Code("xml-binary", "well-formedness", "error", "The file is binary, not XML text."),
    Code("xml-not-xml", "well-formedness", "error", "The file does not start with '<': not XML."),
    Code(
        "xml-malformed",
        "well-formedness",
        "error",
        "The XML is not well-formed.",
        "Fix the markup at the position given.",
    ),
    Code(
        "xml-external-entity",
        "well-formedness",
        "error",
        "An external entity is declared: refused, never read.",
    ),
    Code(
        "xml-entity-bomb",
        "well-formedness",
        "error",
        "Entity expansion beyond the parser's limits: refused.",
    ),
    Code("xml-entity", "well-formedness", "error", "An entity reference that is not expanded."),
    Code(
        "xml-fatal",
        "well-formedness",
        "error",
        "jing could not read the document (a missing DTD, a failed XInclude).",
    ),
    # input
    Code(
        "io-unreadable",
        "io",
        "error",
        "The file cannot be read: missing, no regular file, or over the size limit.",
        "Set TEI_PIPELINE_MAX_BYTES to allow larger files.",
    ),
    Code("io-missing", "io", "error", "No file, folder or glob match of that name."),
    Code("jing-fatal", "io", "error", "jing stopped on the document without saying where."),
    # RelaxNG
    Code(
        "wrong-namespace",
        "relaxng",
        "error",
        "An element outside the TEI namespace.",
        'Declare xmlns="http://www.tei-c.org/ns/1.0".',
    ),
    Code(
        "rng-element-not-allowed",
        "relaxng",
        "error",
        "An element the schema does not allow at that place.",
    ),
    Code("rng-element-missing", "relaxng", "error", "A required element is missing."),
    Code("rng-element-order", "relaxng", "error", "An allowed element in the wrong order."),
    Code("rng-attribute-missing", "relaxng", "error", "A required attribute is missing."),
    Code(
        "rng-attribute-value", "relaxng", "error", "An attribute value the schema does not allow."
    ),
    Code(
        "rng-attribute-not-allowed", "relaxng", "error", "An attribute the element does not take."
    ),
    Code("rng-text-not-allowed", "relaxng", "error", "Text where only elements are allowed."),
    Code("rng-bad-value", "relaxng", "error", "Element content of the wrong data type."),
    Code("rng-invalid-content", "relaxng", "error", "Content the element does not allow."),
    Code("rng-invalid", "relaxng", "error", "Invalid for the schema (another RelaxNG error)."),
    Code(
        "id-unique",
        "relaxng",
        "error",
        "An xml:id used twice.",
        "Rename one and update the pointers to it.",
    ),
    # the project's rules (schema/tei-pipeline.sch)
    Code("ref-form", "schematron", "error", "@ref is not a pointer (authority.xml#ID or #ID)."),
    Code(
        "ref-resolves",
        "schematron",
        "error",
        "@ref names no entry of the authority list or the document.",
    ),
    Code(
        "authority-missing",
        "schematron",
        "error",
        "The authority list @ref names cannot be read (missing, no regular file, not XML, a URL).",
    ),
    Code("resp-resolves", "schematron", "error", "@resp points at no xml:id of the document."),
    Code("target-resolves", "schematron", "error", "@target points at no xml:id of the document."),
    Code(
        "date-iso",
        "schematron",
        "error",
        "A date attribute that is no ISO date (YYYY, YYYY-MM, YYYY-MM-DD).",
    ),
    Code(
        "choice-pair",
        "schematron",
        "error",
        "choice does not hold one pair (sic/corr, orig/reg, abbr/expan).",
    ),
    Code("corr-resp", "schematron", "error", "A correction that does not say who made it (@resp)."),
    Code("p-empty", "schematron", "error", "An empty paragraph."),
    Code("head-empty", "schematron", "error", "An empty heading."),
    Code("biblscope-range", "schematron", "error", "biblScope's @from exceeds its @to."),
    Code(
        "extent-words", "schematron", "warning", "The extent's word count is off by more than 10%."
    ),
    Code(
        "entity-unreviewed", "schematron", "warning", "A machine-suggested name not yet reviewed."
    ),
    Code(
        "schematron-failed",
        "schematron",
        "error",
        "A rule of the Schematron file stopped with an error on this document"
        " (a malformed URI in document(), say).",
    ),
    # the schema's embedded rules
    Code(
        "embedded-rules-failed",
        "embedded-rules",
        "error",
        "The schema's embedded rules stopped with an error on this document.",
    ),
]
CODES = {c.code: c for c in _TABLE}
PROJECT_RULES = [c.code for c in _TABLE if c.engine == "schematron"] + ["id-unique"]

# Engines whose codes are the ids of rules that come with a schema.
FAMILIES = {
    "schematron": Code(
        "schematron",
        "schematron",
        "error",
        "A rule of the Schematron file given with --schematron (code: the assertion's id).",
    ),
    "embedded-rules": Code(
        "embedded-rules",
        "embedded-rules",
        "error",
        "A Schematron rule embedded in the RelaxNG schema (code: the rule's id or context).",
    ),
}


def describe(code: str, engine: str) -> Code | None:
    """The table's entry for a code reported by ``engine``; None if it has none."""
    return CODES.get(code) or FAMILIES.get(engine)


def markdown() -> str:
    """The table as Markdown, for the README."""
    rows = ["| code | engine | severity | meaning |", "| --- | --- | --- | --- |"]
    rows += [f"| `{c.code}` | {c.engine} | {c.severity} | {c.description} |" for c in _TABLE]
    rows += [
        f"| (rule id) | {c.engine} | as the rule says | {c.description} |"
        for c in FAMILIES.values()
    ]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
