"""The open-data API under /api/v1/: read-only JSON for everyone, imports for editors' keys.

serializers.py  one serialisation of every object, for the API and the exports
pagination.py   limit/offset pages that answer {"count", "next", "previous", "results"}
conditional.py  ETag and Last-Modified from the archive revision; 304 on a match
tokens.py       editors' API keys (stored as digests) and the authentication that reads them
throttling.py   imports per key per hour
renderers.py    CSV, JSON Lines, plain-text and Markdown transcripts
exports.py      the search page's and the interview list's exports, streamed
transcripts.py  an interview as plain text or Markdown
views.py, urls.py, docs.py
"""
