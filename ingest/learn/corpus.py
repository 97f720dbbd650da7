"""Gold sets as training/evaluation material: records, their articles, and their NLP output.

Stanza is the slow part of extraction; `annotate_cached` keeps its output (`Annotated`, plain
JSON) in a cache file keyed by each text's hash, so experiments re-run only the cheap rule and
learned stages. Gold texts are read from the gold file at run time, never copied anywhere else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from ingest.annotated import Annotated
from ingest.reader import RawArticle


def load_gold(path: str | Path) -> list[dict]:
    """The records of a gold JSON Lines file (devset format)."""
    p = Path(path)
    out = []
    for n, line in enumerate(p.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{p}:{n}: not a JSON record ({exc})") from exc
    return out


def gold_articles(golds: Sequence[dict], gold_path: str | Path) -> list[RawArticle]:
    from ingest.evaluate import _gold_article

    return [_gold_article(g, Path(gold_path)) for g in golds]


def _key(raw: RawArticle) -> str:
    return hashlib.sha256(f"{raw.lang}\0{raw.text}".encode()).hexdigest()[:24]


def annotate_cached(extractor, raws: Sequence[RawArticle],
                    cache: str | Path | None = None, progress=None) -> list[Annotated]:
    """NLP output for every article, read from / added to `cache` (JSON Lines) when given."""
    stored: dict[str, Annotated] = {}
    path = Path(cache) if cache else None
    if path is not None and path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                stored[rec["key"]] = Annotated.model_validate(rec["ann"])
    todo = [r for r in raws if _key(r) not in stored]
    if todo:
        step = 8
        for i in range(0, len(todo), step):
            chunk = todo[i:i + step]
            for r, a in zip(chunk, extractor.annotate(chunk), strict=False):
                stored[_key(r)] = a
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with path.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps({"key": _key(r), "ann": a.model_dump()},
                                            ensure_ascii=False) + "\n")
            if progress is not None:
                progress(len(chunk))
    return [stored[_key(r)] for r in raws]
