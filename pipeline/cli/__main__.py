"""``python -m pipeline.cli``: the command line, always in this process."""

from pipeline.cli import run

run()
