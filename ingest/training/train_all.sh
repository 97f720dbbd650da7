#!/bin/sh
# Rebuild every bundled model, then MODELS.md. Two single-threaded trainers at a time (fr | ar then en),
# i.e. two cores; logs in /tmp/train_{fr,ar,en}.log. Run in the background:
#   nohup sh ingest/training/train_all.sh > /tmp/train_all.log 2>&1 &
set -e
cd "$(dirname "$0")/../.."
python -m ingest.training.train fr "$@" > /tmp/train_fr.log 2>&1 &
FR=$!
( python -m ingest.training.train ar "$@" > /tmp/train_ar.log 2>&1 && \
  python -m ingest.training.train en "$@" > /tmp/train_en.log 2>&1 ) &
AREN=$!
wait $FR
wait $AREN
python -m ingest.training.model_card
echo "all models rebuilt"
