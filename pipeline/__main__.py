"""The ``tei-pipeline`` console script (and ``python -m pipeline``).

``validate`` goes to a running ``tei-pipeline serve`` when there is one
(:mod:`pipeline.serve.client`); everything else, and ``validate`` without a
server, runs here. This module imports nothing heavy: it runs before it is
known whether click and lxml are needed at all.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    if sys.argv[1:2] == ["validate"]:
        from pipeline.serve.client import forward

        code = forward(sys.argv)
        if code is not None:
            os._exit(code)
    from pipeline.cli import run as run_here

    run_here()


if __name__ == "__main__":
    run()
