"""Worker processes for the batch commands (build, convert, validate, render).

``pmap`` maps a function over a list in ``jobs`` processes and yields the
results in input order, so that a batch writes and reports the same things
whatever the number of workers.  ``resolve_jobs`` turns the ``--jobs`` option
("auto" or a number) into a number of workers for a batch of a given size.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

AUTO = "auto"
# "auto" starts a worker per core only for batches of at least this many files
# per worker: below that, starting the workers costs more than it saves.
FILES_PER_WORKER = 50

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def resolve_jobs(jobs: int | str, count: int) -> int:
    """Workers for ``count`` files: ``jobs`` itself, or for "auto" one per core
    with at least ``FILES_PER_WORKER`` files each."""
    if jobs == AUTO:
        return max(1, min(cores(), count // FILES_PER_WORKER))
    return max(1, int(jobs))


def pmap(fn: Callable[[_In], _Out], items: Sequence[_In], jobs: int) -> Iterator[_Out]:
    """``map(fn, items)`` in ``jobs`` worker processes, in input order.

    Workers are forked where that is safe (Linux before Python 3.12: they
    inherit compiled schemas and stylesheets); elsewhere they are started
    fresh and compile their own. They are started by this call, before a
    result is asked for: a thread the caller starts afterwards (one running
    jing, say) never has a process forked while it starts one of its own,
    which would keep that one's pipes open."""
    if jobs <= 1 or len(items) <= 1:
        return map(fn, items)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.version_info < (3, 12) else "forkserver"
    if method not in multiprocessing.get_all_start_methods():
        method = "spawn"
    chunk = max(1, min(32, len(items) // (jobs * 8)))
    # What exists now is only read by the workers: kept out of their garbage
    # collections, its memory stays shared instead of copied page by page.
    gc.freeze()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method))
    try:
        results = pool.map(fn, items, chunksize=chunk)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return _drain(pool, results)


def _drain(pool: Any, results: Iterator[_Out]) -> Iterator[_Out]:
    try:
        with pool:
            yield from results
    finally:
        gc.unfreeze()  # collectable again once the workers are gone
