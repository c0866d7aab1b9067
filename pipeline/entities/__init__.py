"""Entities: persons, places and organisations marked and linked to an
authority list.

``authority`` reads and writes the list, ``names`` holds the general
knowledge (gazetteer, given names, honorifics), ``recognise`` finds mentions
in a string, and ``markup`` puts ``persName``/``placeName``/``orgName``
around them in a TEI tree.
"""
