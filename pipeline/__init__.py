"""tei-pipeline: plain-text transcriptions to scholarly TEI P5.

The public API, imported lazily so that the command line starts fast::

    from pipeline import convert, Options, iter_issues, render
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Options": "convert",
    "convert": "convert",
    "decode": "source",
    "iter_issues": "validate",
    "is_valid": "validate",
    "assert_valid": "validate",
    "render": "render",
    "render_index": "render",
    "load_authority": "authority",
    "mark_entities": "entities",
    "Issue": "errors",
    "PipelineError": "errors",
    "InputError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
