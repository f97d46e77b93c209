"""Extraction: article files to text, text to place mentions, mentions to diplomatic roles.

This package never imports ``geo``: the gazetteer reaches it as a ``NameIndex`` argument.
"""
