"""Bundled example texts (a Form 4 in the markup layout)."""
