"""Judged relevance of search (see __main__.py and GUIDE.md)."""
