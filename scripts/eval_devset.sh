#!/usr/bin/env bash
# Score the extractor on the development set, per language (texts are read from ../shared/devset,
# never copied into the repository). Pass --no-nlp to score the rules without Stanza.
set -euo pipefail
cd "$(dirname "$0")/.."
DEVSET="${DEVSET:-../shared/devset/articles.jsonl}"
nice -n 10 python -m ingest.evaluate "$DEVSET" "$@"
