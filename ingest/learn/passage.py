"""The passage about an event (shared by the topic candidates, `ingest.learn.features`): the
sentences of its evidence, and up to `WINDOW_BEFORE` sentences before and `WINDOW_AFTER`
after the event's sentence, less those reporting another interaction."""

from __future__ import annotations

from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.events import sentences_of

WINDOW_BEFORE = 3
WINDOW_AFTER = 6
# Sentences that report another interaction (an event with other participants): their
# mentions are never candidates (SKIP_OTHERS), and the passage does not reach back past one
# (BLOCK_BEFORE). It does reach forward past one (BLOCK_AFTER False): on the gold sets the
# discussion sentences after a visit's second meeting often concern the first too, and
# stopping there cost 0.09 topics F1 (training set, 5-fold).
SKIP_OTHERS = True
BLOCK_AFTER = False
BLOCK_BEFORE = True
# A quoted tweet is a report of its own: the passage of an event it reports ends with it (what
# follows its signature line is the outlet's background).
TWEET_BOUNDED = True


def passage(doc: Doc, ev: EventCandidate) -> list[int]:
    """Indexes of the sentences about the event: its evidence, and up to `WINDOW_BEFORE`
    sentences before and `WINDOW_AFTER` after its sentence, without the sentences reporting
    another interaction and not reaching back past one (see SKIP_OTHERS, BLOCK_*)."""
    sents = sentences_of(doc)
    if not sents:
        return []
    own = set()
    for s, e in ev.evidence:
        own.update(i for i, x in enumerate(sents) if x.start < e and s < x.end)
    si = min(max(ev.sentence, 0), len(sents) - 1)
    mine = {r for r, _ in ev.participants}
    # (a visit of the event's own participants frames it: no other interaction)
    others = {o.sentence for o in doc.events
              if (parts := {r for r, _ in o.participants}) != mine
              and not (o.kind == "visit" and parts <= mine)} - own - {si} if SKIP_OTHERS else set()
    own.add(si)
    stop = len(doc.text)
    if TWEET_BOUNDED:
        stop = next((t.end for t in doc.tweets if t.start <= sents[si].start < t.end), stop)
    for step, limit, block in ((1, WINDOW_AFTER, BLOCK_AFTER), (-1, WINDOW_BEFORE, BLOCK_BEFORE)):
        for k in range(1, limit + 1):
            i = si + step * k
            if not 0 <= i < len(sents) or (block and i in others) or sents[i].start >= stop:
                break
            if i not in others:
                own.add(i)
    return sorted(own)
