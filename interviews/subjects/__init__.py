"""Topics, places and organisations in the database: the service side of `tagging`.

load.py     the vocabulary and the gazetteer as Topic and Entity rows (`load_topics`);
            missing rows are also made on demand, so tagging never depends on a load
store.py    writing an interview's tags and its turns' (import, bulk import, retag)
choices.py  editors' decisions, which win over automatic tags and outlive re-imports
"""
