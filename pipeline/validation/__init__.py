"""Validation: documents in, ``Issue`` records out.

``document`` reads and parses a file once (``wellformed`` says why it is no
XML) and states the protocol every validator follows: ``check(document)``.
The validators: ``relaxng`` (lxml, with ``hints`` in plain words,
``grammar`` for safe loading and reduced compiles, and ``direct`` reading a
large document's errors straight from libxml2), ``jing``, ``rules`` (the
project's rules), ``schematron`` (any .sch through lxml) and ``embedded``
(the rules a schema carries: ``triggers`` says which a document can fire,
``xpath1`` runs those XPath 1.0 can, Saxon the rest). ``validate`` plans and runs them
over one document, ``batch`` over many; ``report`` writes the results as
text, JSON, JUnit, GitHub annotations or SARIF, with the codes of ``codes``.
``locate`` turns an element into a line, column and path.
"""
