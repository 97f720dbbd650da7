"""Person identity, in one place: who each person named in an article is.

- `names`: name tokens, Latin/Arabic transliteration and the full-name equality rules;
- `gazetteer`: the public figures of the genre (`people.yaml`) and their matching in text;
- `clusters`: the mentions of one article grouped into one cluster per person;
- `registry`: one stable id per person across articles, scripts and processes;
- `resolution`: a cluster resolved to its registry record (gazetteer name first).

Text folding (`ingest.normalize`) stays outside: the store's search keys use it for every
kind of entity. Imports nothing from `graph` or `app`.
"""
