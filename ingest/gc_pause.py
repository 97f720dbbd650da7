"""Pause Python's cyclic garbage collector around allocation-heavy bulk work.

Used by the NLP batch call: Stanza builds many Document/Sentence/Token/Word objects, and each
allocation burst would otherwise trigger collections that walk every live object. (The graph
store has its own `_gc_paused` for its bulk write: graph/ may import only ingest's contract
modules, models and normalize.) Garbage made meanwhile is reclaimed as usual:
reference counting frees most of it at once, and the collector takes the cycles when it resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it if it was enabled before.

    The switch is process-wide: with concurrent blocks the collector may resume before the last
    one ends, which costs speed, never correctness.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
