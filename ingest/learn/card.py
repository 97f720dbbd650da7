"""The MODELS.md section of the learned decisions, written by `python3 -m ingest.learn.train`
from the shipped model's own metadata (between markers, so the Stanza model card's generator
keeps it)."""

from __future__ import annotations

from pathlib import Path

from ingest.learn import LearnedStages, event_stage, participant_card
from ingest.learn.model import BinaryModel

BEGIN = "<!-- ingest.learn:begin (written by python3 -m ingest.learn.train) -->"
END = "<!-- ingest.learn:end -->"
FIGS = ("pairs_f1", "persons_f1", "topics_f1", "about_f1", "dates", "dedup_f1")


PARTICIPANTS_NOTE = (
    "**Participant decision (a), trained but not shipped** (`--stages participants,topics`; "
    "`ingest/learn/participants.py`): candidates are the rules' participants (adding the other "
    "persons of the sentence gave 25 candidates in the training set, 4 of them participants, "
    "and cost cross-article identity); labels from the gold events whose evidence quotes the "
    "trigger; features: position against the trigger, absence cues before the name "
    "(patronage, instructions, sender), head-of-state title, NER-noise cues (one word, a title "
    "word, lower case elsewhere, inside a place or organisation name), mention counts. "
    "Measured on this data: 411 candidates (320 positive); 5-fold candidate F1 0.876 (rules) "
    "-> 0.912; devset pairs F1 0.712 -> 0.723, training set 5-fold pairs F1 0.509 -> 0.516, "
    "dedup unchanged (once whole events were no longer removed: removing them cost 0.02-0.07 "
    "dedup F1). Not shipped: the gain is within noise, and on sentences written for the test "
    "its strongest feature (a person found by the title rules rather than by NER is usually "
    "noise) drops true counterparts. What the pairs needed was upstream: in 124 of the 157 "
    "gold pairs of the training set the rules missed, both persons were found but never put "
    "in one event; the encounter rules (`ingest/extract/encounters.py`, `attendance.py`) now "
    "find them (training set 5-fold pairs F1 0.893). Measured again with those rules (before "
    "the last person-name fix): 5-fold pairs F1 0.882 (rules) -> 0.875 (model, threshold "
    "0.45), devset 0.926 both: still not shipped.")


def _row(name: str, s: dict) -> str:
    return f"| {name} | " + " | ".join(str(s.get(k)) for k in FIGS) + " |"


def render(stages: LearnedStages) -> str:
    model: BinaryModel | None = stages.topics
    if model is None:
        raise ValueError("no topic model to describe")
    m = model.meta
    cvc = m.get("cv_candidates", {})
    th = m.get("threshold", model.threshold)
    lines = [
        BEGIN, "", "## Learned extraction decisions (`ingest/learn`)", "",
        "Rebuild: `python3 -m ingest.learn.train --select ../shared/devset/articles.jsonl "
        "--cache /tmp/ann.jsonl` (about three minutes on one core once Stanza's output is cached). "
        "Seeded (seed {}), deterministic; scikit-learn fits, shipped as JSON "
        "(`ingest/learn/models/*.json`) and evaluated in pure Python.".format(m.get("seed")), "",
        "**Topic decision (b)**: `models/topics.json`, {} (features standardised, the scaling "
        "folded into the weights), threshold {} ({}).".format(
            "logistic regression" if model.kind == "logreg" else "gradient-boosted trees", th,
            "the one of 0.2-0.45 with the best topics + about F1 of the scorer on the "
            "selection set" if m.get("threshold_from") == "selection set" else
            "the one of 0.2-0.45 with the best topics + about F1 of the scorer out of fold "
            "plus on the selection set"
            if m.get("threshold_from") == "cross-validation and selection set" else
            "the one of 0.2-0.45 with the best out-of-fold topics + about F1 of the scorer"),
        "",
        "- Data: {} ({} articles, read at training time, never copied). Candidates: every "
        "place, organisation, country and issue term matched in the passage about each event "
        "the rules found (its evidence, 3 sentences before and 6 after, less the sentences "
        "reporting another interaction, not reaching back past one); issue terms from the "
        "issue lexicon (`ingest/data/lexicons/topics.yaml`, general diplomatic vocabulary in "
        "fr/ar/en), places and bodies also through adjectives and phrases ('les questions "
        "africaines' -> Africa, 'the Arab summit' -> Arab League); issue words and adjectives "
        "inside an office name ('ministre ... de la Migration', 'وزير ... والتعاون الإفريقي') "
        "are not mentions. {} labelled, {} "
        "positive. Label: the candidate's name (as the scorer maps it: canonical name, then "
        "its mentions) is a topic of the gold "
        "events sharing two participants with the event (or its one participant and kind); "
        "events matching no gold event are left out.".format(
            ", ".join(m.get("data", [])), m.get("articles"), m.get("candidates"),
            m.get("positives")),
        f"- Features ({len(model.features)}; every one but the type repeated for issue "
        "candidates, so issues and named places get their own weights): language, event kind, "
        "candidate type, "
        "demonym-only, the rules' own decision, is the event's place / contains it, is a "
        "participant's or the main actor's own country, sentence and character distance to "
        "the trigger, in the event's sentence, "
        "before it only, same paragraph, other events in between or closer, mentions in the "
        "passage and the article, discussion verbs or issue nouns before it ('discussed', "
        "'la situation en', 'الوضع في') or an issue noun after it ('the Palestinian cause'), "
        "a place preposition, 'between', a sideline/conference "
        "phrase, part of a person's title or only named in office names, neighbours in a list. "
        "Generic words only; no "
        "article's text or names.", "",
        "Cross-validated candidate decisions ({} folds by article, on the training data):".format(
            m.get("folds")), "",
        "| decision | precision | recall | F1 |", "|---|---:|---:|---:|",
    ]
    for name in ("rules", f"model@{th}"):
        s = cvc.get(name)
        if s:
            label = "rules (topic in the event's sentence)" if name == "rules" else \
                f"model, threshold {th}"
            lines.append(f"| {label} | {s['p']} | {s['r']} | {s['f1']} |")
    lines += ["", "End-to-end figures of the gold scorer (`diplograph eval`; the training set "
              "cross-validated: each fold extracted with a model trained on the others):", "",
              "| set | " + " | ".join(FIGS) + " |", "|---|" + "---:|" * len(FIGS)]
    cvf = m.get("cv_figures", {})
    if cvf:
        lines.append(_row("training set, rules alone", cvf["rules"]))
        lines.append(_row(f"training set, {m.get('folds')}-fold learned", cvf["learned"]))
    sel = m.get("select_figures", {})
    if sel:
        lines.append(_row("selection set, rules alone", sel["rules"]))
        lines.append(_row("selection set, learned (trained on all training data)",
                          sel["learned"]))
    lines += ["",
              "Speed: `python benchmarks/learn_bench.py` prints the learned stages' share of "
              "extraction time (target <= 20%; 4% on the seeds when measured).", "",
              "**What limits it**: the pairs, then the candidates. Topics are scored per person "
              "pair, so pairs F1 bounds topics F1: on the training set more gold topics are lost "
              "with pairs the events miss than with any topic decision, and a spurious pair's "
              "topics all count as false. 14% of the gold topics of the training set's "
              "matched events are never candidates (23% before the issue lexicon covered "
              "'relations between', 'strategic partnership', 'ceasefire', 'aid' and the like, "
              "and adjectives named regions): mostly a 'bilateral relations' the text implies "
              "without words for it, and places outside the passage. Much of the rest is the "
              "gold's own variation (the same 'Arab and African issues' counted as Africa in one "
              "record and as Arab world in another). The gold often gives the topics of one "
              "visit to each of its meetings, so the model learned to share a passage's "
              "topics between nearby events of one actor; it cannot tell two meetings that "
              "discussed different things one sentence apart.", "",
              *(participant_card.lines(stages) or [PARTICIPANTS_NOTE]), "",
              *event_stage.card_lines(stages.events),
              "", END]
    return "\n".join(lines) + "\n"


def write(stages: LearnedStages, path: Path) -> None:
    """Replace (or append) the section in the file at `path`."""
    old = path.read_text("utf-8") if path.is_file() else ""
    section = render(stages)
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + section.rstrip("\n") + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + section
    path.write_text(new if new.endswith("\n") else new + "\n", "utf-8")
