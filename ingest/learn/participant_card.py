"""The participant part of the learned section of MODELS.md (decision (a): who takes part),
written from the shipped models' own metadata by `python3 -m ingest.learn.train`."""

from __future__ import annotations

from ingest.learn import LearnedStages
from ingest.learn.model import BinaryModel

FIGS = ("pairs_f1", "persons_f1", "dates", "dedup_f1")


def _cv_row(model: BinaryModel) -> str:
    th = model.meta.get("threshold", model.threshold)
    cv = model.meta.get("cv_candidates", {})
    s = cv.get(f"model@{th}") or cv.get(f"model@{round(th, 2)}")
    if not s:
        return "n/a"
    return f"P {s['p']} R {s['r']} F1 {s['f1']}"


def _figs(s: dict) -> str:
    return ", ".join(f"{k} {s.get(k)}" for k in FIGS)


NOT_SHIPPED = (
    "*Who of the rules' participants stays* (`ingest/learn/participants.py`, "
    "`--stages companions,participants`) is trained but not shipped: candidates are the rules' "
    "participants, labelled from the gold event whose evidence quotes the trigger; features: "
    "position against the trigger, absence cues, head-of-state title, NER-noise cues of the "
    "name, mention counts. Measured with the rules of this release: 420 candidates (322 "
    "positive), 5-fold candidate F1 0.868 (rules) -> 0.883, devset pairs F1 0.752 -> 0.787, "
    "but training set 5-fold pairs F1 0.556 -> 0.531: it drops true counterparts on articles "
    "it was not trained on (and, with a feature for how the person was found, on sentences "
    "written for the tests), so the devset gain is selection, not generalisation.")


def lines(stages: LearnedStages) -> list[str]:
    """Markdown lines describing the shipped participant stages ([] when none is shipped)."""
    comp, part = stages.companions, stages.participants
    if comp is None and part is None:
        return []
    m = (comp or part).meta  # type: ignore[union-attr]
    out = ["**Participant decision (a)**, run before the topic stage "
           "(`ingest/learn/companions.py`, `ingest/learn/participants.py`; trained by the "
           "command above, thresholds chosen on the selection set's pairs F1). Data: {} "
           "({} articles).".format(", ".join(m.get("data", [])), m.get("articles")), ""]
    if comp is not None:
        out += [
            "- *Who else takes part* (`models/companions.json`, {} features, threshold {}): "
            "candidates are the pairs (participant of a rules' event, person named in its "
            "passage: the sentence before, its own, three after) that no event has yet, "
            "each pair once, from the nearest event; counterparts "
            "that the rules split from one sentence's list are not paired unless the sentence "
            "says they met together. Label: the two form a gold pair. Features: sentence and "
            "character distance to the trigger, before/after it, conjunction or list with a "
            "participant, presence ('en présence de', 'attended', 'بحضور') and absence "
            "(patronage, instructions, sender) cues, head-of-state title, speech verbs, clause "
            "marks and other triggers in between, in a tweet, NER-noise cues of the name, "
            "language and kind. An accepted person paired with every participant joins the "
            "event; otherwise each accepted pair becomes an event like its source (a visit's "
            "traveller: a meeting; a person named outside a phone call's sentence: an undated "
            "meeting). {} labelled candidates ({} positive); {}-fold candidate decisions at "
            "the threshold: {}.".format(len(comp.features), comp.threshold,
                                        comp.meta.get("candidates"),
                                        comp.meta.get("positives"), m.get("folds"),
                                        _cv_row(comp))]
    if part is not None:
        out += [
            "- *Who of the rules' participants stays* (`models/participants.json`, {} "
            "features, threshold {}): candidates are the rules' participants after the stage "
            "above; label: a participant of the gold event whose evidence quotes the trigger. "
            "Features: position against the trigger, absence cues, head-of-state title, "
            "NER-noise cues of the name (one word, a title word, lower case elsewhere, inside "
            "a place or organisation name), mention counts (not how the person was found: "
            "on written sentences that cue dropped true counterparts). An event keeps two "
            "participants (one for a visit, agreement or conference). {} labelled candidates "
            "({} positive); {}-fold candidate decisions: rules {}, model {}.".format(
                len(part.features), part.threshold, part.meta.get("candidates"),
                part.meta.get("positives"), m.get("folds"),
                _rules_row(part), _cv_row(part))]
    cvf, sel = m.get("cv_figures", {}), m.get("select_figures", {})
    if cvf:
        out += ["", f"Training set, {m.get('folds')}-fold (each fold extracted with stages "
                "trained on the others): rules {}; learned {}.".format(
                    _figs(cvf["rules"]), _figs(cvf["learned"]))]
    if sel:
        out += [f"Selection set ({m.get('select')}): rules {_figs(sel['rules'])}; learned "
                f"{_figs(sel['learned'])}."]
    if part is None:
        out += ["", NOT_SHIPPED]
    out += ["", "The rules themselves leave out a head of state named as patron or as giving "
            "instructions, and keep people received together in one meeting "
            "(`ingest/extract/events.py`). What limits pairs F1 is upstream of both stages: "
            "interactions whose trigger the lexicon lacks, persons the NER misses or "
            "mis-resolves, and subjects misattributed by the rules."]
    return out


def _rules_row(model: BinaryModel) -> str:
    s = model.meta.get("cv_candidates", {}).get("rules")
    return f"P {s['p']} R {s['r']} F1 {s['f1']}" if s else "n/a"
