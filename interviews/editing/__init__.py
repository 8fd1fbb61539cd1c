"""The editors' write paths: every correction made in the browser goes through here.

    pending     uploads waiting for review: accept, preview, correct, save
    interviews  an interview's details, topics and participants
    turns       a turn's text, speaker and kind; merging and splitting turns
    speakers    renaming, merging, and finding similar names
    history     the record of every edit, beside ImportRecord's record of every import
    accounts    who is an editor

Each service runs in one transaction and leaves copied fields and counts in step
(`consistency.sync_interview`).
"""
