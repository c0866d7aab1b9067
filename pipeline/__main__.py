"""The ``tei-pipeline`` console script (and ``python -m pipeline``).

``validate`` goes to a running ``tei-pipeline serve`` when there is one (see
:mod:`pipeline.server`); everything else, and ``validate`` without a server,
runs here. Only the server check happens before click and lxml are imported.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    if sys.argv[1:2] == ["validate"]:
        from .server import forward

        code = forward(sys.argv)
        if code is not None:
            os._exit(code)
    from .cli import run as run_here

    run_here()


if __name__ == "__main__":
    run()
