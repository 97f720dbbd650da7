"""Imported by the fork server of `ingest.parallel` only: loads what every NLP worker needs.

`ingest.parallel` starts its fork server with `DIPLOGRAPH_NLP_PRELOAD` set to the pickled NLP
config and languages of the run; importing this module then loads those Stanza pipelines and an
Extractor once, and every worker forked afterwards shares them. Without the variable (any
other import) it does nothing. Imports nothing from graph or app.
"""

from __future__ import annotations

import base64
import os
import pickle

from ingest.parallel import PRELOAD_ENV, prepare_worker

_payload = os.environ.get(PRELOAD_ENV)
if _payload:
    _config, _langs = pickle.loads(base64.b64decode(_payload))
    prepare_worker(_config, _langs)
