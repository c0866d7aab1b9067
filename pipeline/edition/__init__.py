"""Edition: a project's files. ``build`` turns every ``seeds/*.txt`` into
``tei/*.xml`` and its renderings; ``fingerprint`` marks what the pipeline
wrote, so that a hand edit is never overwritten."""
