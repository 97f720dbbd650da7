"""diplograph app: every way in (HTTP API, web page, CLI, worker). No Cypher, no Stanza."""
