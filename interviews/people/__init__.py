"""Who said it: the identity of speakers across the whole archive.

    registry.py  the people registry (Popolo: people, other names, offices, memberships)
    resolve.py   the one ordered pipeline from a document's speaker to an archive speaker
    report.py    suspects for editors: one-word names, titles in names, near-duplicates
    mend.py      applying a new resolution to stored turns, and merging speakers

Splitting a printed label into title and name is parsing (interviews/parsing/names.py);
this package uses it and never the other way round.
"""
