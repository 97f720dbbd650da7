"""diplograph ingest: article text in, Extraction out.

Nothing heavy is imported here: `graph` imports `ingest.models` and must not pull in Stanza.
No HTTP and no Cypher live in this package.
"""
