"""Serve: a warm validator for editors (``tei-pipeline serve``) and the
protocol its client, the console script, speaks to it."""
