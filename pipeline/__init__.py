"""tei-pipeline: plain-text transcriptions to scholarly TEI P5.

The public API, imported lazily so that the command line starts fast::

    from pipeline import Options, decode, iter_issues, is_valid, assert_valid
    from pipeline.convert.passes import convert    # text -> TEI tree
    from pipeline.render.transform import render      # TEI tree -> HTML or plain text

(``convert`` and ``render`` are imported from their modules: a package
attribute of the same name as a submodule would be replaced by the module
once it is imported.)
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not typing's: importing typing would slow every command's start
if TYPE_CHECKING:
    from typing import Any

_EXPORTS = {
    "Options": "convert.passes",
    "decode": "convert.source",
    "iter_issues": "validation.validate",
    "is_valid": "validation.validate",
    "assert_valid": "validation.validate",
    "render_index": "render.transform",
    "load_authority": "entities.authority",
    "mark_entities": "entities.markup",
    "Issue": "errors",
    "PipelineError": "errors",
    "InputError": "errors",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
