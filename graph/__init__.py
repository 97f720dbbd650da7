"""The graph layer: Extraction in, rows out, on LadybugDB (embedded) or Neo4j 5.

Imports nothing from `app` and, from `ingest`, only `ingest.models` and `ingest.normalize`.
"""
