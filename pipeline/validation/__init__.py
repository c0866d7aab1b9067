"""Validation: documents in, ``Issue`` records out.

``wellformed`` parses safely, ``relaxng`` and ``jing`` check the grammar,
``schematron`` the rules; ``validate`` runs them over one document or a batch
and ``report`` writes the results as text, JSON, JUnit, GitHub annotations or
SARIF. ``locate`` turns an element into a line, column and XPath.
"""
