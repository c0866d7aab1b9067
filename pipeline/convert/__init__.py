"""Convert: a plain-text transcription in the MIA layout to a TEI P5 tree.

The passes run in the order ``passes.PASSES`` lists them: ``source`` reads the
layout into blocks, ``header`` builds the ``teiHeader`` and ``front``,
``structure`` the divisions of ``body`` and ``back``, ``inline`` and ``dates``
the phrase-level markup, ``corrections`` the editor's ``choice``s; the entity
pass comes from :mod:`pipeline.entities`.
"""

from pipeline.convert.passes import Options, check_words, convert, source_words, tei_words

__all__ = ["Options", "check_words", "convert", "source_words", "tei_words"]
