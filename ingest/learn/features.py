"""Candidates and features of the topic decision (generic: no article's words or names).

Topic decision (b): for every event an article's rules found, the candidates are the places,
organisations, countries (also named by a demonym) and issue terms of the passage about the
interaction: the sentences of its evidence, and up to `WINDOW_BEFORE` sentences before and
`WINDOW_AFTER` after the event's sentence, less those reporting another interaction (see
`passage`). (Limiting the passage to the event's paragraph lost two thirds of the gold topics
of the training set: news paragraphs are often one sentence.)
Distance, paragraph and "another event in between" are features, so the model learns where a
passage ends. Each (event, entity) pair gets one feature vector (`TOPIC_FEATURES`, numeric),
aggregated over the entity's mentions in the passage.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from ingest.extract.doc import Doc
from ingest.extract.events import sentences_of
from ingest.extract.lexicons import Match, tokenize
from ingest.learn import topic_phrases, topic_senses
from ingest.learn.cues import cue_regex
from ingest.learn.passage import passage
from ingest.normalize import fold

# Words that introduce what was discussed, aimed at or agreed (generic, per language).
_CUES = {
    "fr": r"discut|évoqu|examin|abord|passé en revue|porté sur|portant sur|échang|concert|"
          r"situation|question|dossier|crise|coopération|relations|développements|évolution|"
          r"concernant|au sujet|à propos|sur|dans|en matière|domaine|soutien|appui|paix",
    "en": r"discuss|address|review|exchang|focus|situation|issue|question|crisis|cooperation|"
          r"relations|developments|regarding|concerning|about|on|in|support|peace|efforts",
    "ar": r"بحث|تناول|ناقش|استعرض|تبادل|تطورات|مستجدات|الوضع|الأوضاع|أزمة|الأزمة|قضية|القضية|"
          r"ملف|حول|بشأن|إزاء|العلاقات|التعاون|دعم|مجال|مجالات|السلام|في",
}
# Verbs and nouns of discussion alone (what was discussed follows them).
_DISCUSS = {
    "fr": r"discut|évoqu|examin|abord|passé en revue|passer en revue|porté sur|portant sur|"
          r"axé|centré|consacré|concerné|échangé|échanger|entretenu d|convenu|signé|dialogue|"
          r"prépar|ordre du jour",
    "en": r"discuss|address|review|exchang|focus|centred|centered|devoted|talked about|"
          r"agreed|signed|touched on|dealt with|dialogue|prepar|agenda",
    "ar": r"بحث|تناول|ناقش|استعرض|تبادل|تدارس|التشاور|تطرق|ركز|تمحور|اتفق|وقع|حول|بشأن|"
          r"التحضير|تحضير|الإعداد|جدول أعمال",
}
# An issue noun, up to two words (an adjective, a preposition, an article) and an optional
# colon before the place ("la situation sécuritaire au Sahel", "les conflits : au Soudan",
# "the crisis in the Sudan", "الأوضاع في كل من ليبيا").
_ISSUE_NOUN = {
    "fr": r"(?:peuples?|crises?|questions?|dossiers?|situations?|conflits?|frères?|causes?|"
          r"affaires?(?!\s+étrangères)|enjeux|préoccupations?|niveaux?|plans?|scène|échelle|"
          r"développements?|évolutions?|tensions?|guerres?|différends?|litiges?)"
          r"\s*:?\s+(?:(?!et\s|ou\s)[\w'’-]+\s*:?\s+(?:et\s+)?){0,2}$",
    "en": r"(?:people|crisis|crises|questions?|issues?|situations?|conflicts?|brothers|cause|"
          r"files?|developments|tensions|war|dispute)\s*:?\s+(?:(?!and\s|or\s)\w+\s*:?\s+){0,2}$",
    "ar": r"(?:الشعب|الأزمة|أزمة|الأشقاء|الملف|ملف|الملفات|القضية|قضية|القضايا|المسائل|الوضع|"
          r"الأوضاع|الإخوة|الساحة|الصعيد|المستوى|الهموم|الانشغالات|تطورات|التطورات|مستجدات|"
          r"المستجدات|الحرب|النزاع|التوتر|التوترات)"
          r"(?:\s+(?:ال\S+|في|كل|من)){0,3}\s*:?\s+و?$",
}
# English puts the issue noun after the adjective ("the Palestinian cause", "Arab and African
# concerns", "Libya's crisis").
_ISSUE_AFTER = {"en": r"^(?:['’]s)?\s+(?:and\s+\w+\s+)?(?:\w+\s+)?(?:people|crisis|crises|"
                      r"questions?|issues?|situation|conflict|cause|files?|dossiers?|track|arena|"
                      r"scene|war|concerns|affairs|matters)\b",
                "fr": r"(?!x)x", "ar": r"(?!x)x"}
# Between two items of one list ("la situation en Libye et au Mali", "الوضع في ليبيا ومالي").
_LIST_GAP = re.compile(r"^\s*(?:,|،|et|and|و|ou|or)?\s*(?:(?:en|au|aux|à|dans|in|to|في)\s+)?"
                       r"(?:l['’]|la |le |les |the )?\s*$", re.I)
_PLACE_PREP = {"fr": r"(?:^|\s)(?:à|au|aux|en|dans|vers)\s*$", "en": r"(?:^|\s)(?:in|to|at)\s*$",
               "ar": r"(?:^|\s)(?:في|إلى|الى)\s*$"}
_BETWEEN = {"fr": r"(?:entre|deux pays)\s+(?:l['’]|la |le |les )?$", "en": r"between\s+(?:the )?$",
            "ar": r"بين\s*$"}
_SIDELINES = {"fr": r"en marge d|lors d|à l'occasion d|travaux d|sommet|conférence|forum|session",
              "en": r"sidelines|margins|during the|summit|conference|forum|session|meeting of",
              "ar": r"هامش|أشغال|خلال|قمة|مؤتمر|منتدى|دورة|اجتماع"}

# Portfolio words of ministry names beyond the title lexicon's continuations (so that "ministre
# de l'Économie et de la Migration" or "وزير الشؤون الخارجية والهجرة" is an office, not a topic).
_PORTFOLIO = {
    "fr": "migration migrations économie commerce finances développement intégration diaspora "
          "expatriés résidant résidents résidents tunisiens marocains mauritaniens algériens "
          "maghrébines africaines arabes francophonie mondiale",
    "en": "migration economy trade development integration diaspora expatriates abroad "
          "international regional",
    "ar": "الهجرة المقيمين المغتربين المغاربة التونسيين الموريتانيين الجزائريين الإفريقي "
          "الأفريقي الإفريقية الدولي الاقتصاد التجارة التكامل الإفريقيين",
}
# A demonym that names whose ministry or embassy it is ("le ministère libyen des Affaires
# étrangères", "the Libyan Foreign Ministry", "وزارة الخارجية الليبية") belongs to an office too.
_MINISTRY_BEFORE = {"fr": r"(?:minist[èe]re|ambassade|gouvernement)\s+$",
                    "en": r"(?!x)x",
                    "ar": r"(?:وزارة|سفارة|حكومة)(?:\s+\S+){0,2}\s+$"}
# (English puts the demonym first: capitalised words up to the ministry, case-sensitive.)
_MINISTRY_AFTER = {"en": re.compile(r"^\s+(?:[A-Z][\w-]*\s+){0,2}(?:[Mm]inistry|[Ee]mbassy|"
                                    r"[Gg]overnment)\b")}
_OFFICE_BREAK = re.compile(r"[.;:!?؟()\n«»\"“”]")

_KINDS = ("meet", "phone_call", "visit", "agreement", "conference", "message")
_TYPES = ("Country", "Organisation", "Location", "Topic")
_BASE_FEATURES: tuple[str, ...] = (
    *(f"lang_{x}" for x in ("fr", "ar", "en")), *(f"kind_{k}" for k in _KINDS),
    *(f"type_{t}" for t in _TYPES),
    "demonym_only", "rule_topic", "is_place", "contains_place", "own_country", "main_country",
    "in_event_sentence", "only_before", "sent_dist", "char_dist_log", "mentions_passage",
    "mentions_article_log", "cue_before", "cue_near", "issue_noun_before", "place_prep_before",
    "between_before", "title_part", "other_event_closer", "events_in_article_log",
    "sideline_before", "topic_place", "n_participants", "event_has_place",
    "first_in_article", "paragraph_sentences", "evidence_sentences", "same_paragraph",
    "discuss_before", "events_between", "in_event_sentence_of_other", "list_neighbours",
    "office_only", "issue_noun_after", "region_adjective", "sentence_discuss",
    "sentence_issues", "title_only",
)
# Issue terms and named places/organisations behave differently (an issue word is frequent,
# a place is named once and is often the participants' own): every feature but the type is
# repeated for issue candidates only (`issue:<feature>`), so one linear model has one set of
# weights per kind of candidate.
_ISSUE_X = tuple(k for k in _BASE_FEATURES if not k.startswith("type_"))
# (A third block of weights for the participants' own countries, `own:<feature>`, was tried:
# 5-fold about F1 .342 -> .329 on the training set, so no.)
TOPIC_FEATURES: tuple[str, ...] = (*_BASE_FEATURES, *(f"issue:{k}" for k in _ISSUE_X))


def _vector(f: dict[str, float]) -> list[float]:
    issue = f["type_Topic"] > 0
    return [f[k] for k in _BASE_FEATURES] + [f[k] if issue else 0.0 for k in _ISSUE_X]


@dataclass
class TopicCandidate:
    event: int        # index into doc.events
    entity: str       # entity id (country:LY, organisation:au, topic:energy, …)
    first: int        # offset of its first mention in the passage
    features: list[float]
    surfaces: tuple[str, ...] = ()  # its mentions' texts in the passage (entity matches only)


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _entity_matches(doc: Doc) -> list[Match]:
    ms = [m for m in doc.matches if m.entry.type in ("Country", "Organisation", "Location")]
    ms = sorted(ms + list(doc.topic_matches), key=lambda m: (m.start, m.entry.id))
    return topic_phrases.add_phrases(ms, doc) if topic_phrases.ADD_PHRASES else ms


def _person_spans(doc: Doc) -> list[tuple[int, int]]:
    return sorted((p.start, p.end) for p in doc.persons if p.cluster >= 0)


_OFFICE_CACHE: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def _office_words(doc: Doc) -> tuple[frozenset[str], frozenset[str]]:
    lang = doc.lang
    if lang not in _OFFICE_CACHE:
        spec = doc.lex.titles.get(lang, {})
        heads = frozenset(w for h in spec.get("heads", []) for w in fold(h).split()
                          if len(w) > 2)
        cont = frozenset(w for c in spec.get("continuations", []) + _PORTFOLIO[lang].split()
                         for w in fold(c).split())
        _OFFICE_CACHE[lang] = (heads, cont)
    return _OFFICE_CACHE[lang]


def office_spans(doc: Doc) -> list[tuple[int, int]]:
    """Spans of office names (a foreign minister whose ministry also holds a portfolio such as
    migration or regional cooperation, in any of the three languages): a title head of the
    title lexicon and the words that continue it (its continuations, ministry portfolios and,
    in French and English, capitalised words), within one clause. A place or issue named there
    is who someone is, not what was discussed."""
    heads, cont = _office_words(doc)
    toks = tokenize(doc.text, doc.lang)
    text, out, i = doc.text, [], 0
    while i < len(toks):
        if not any(f in heads for f, _ in toks[i].variants):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            if _OFFICE_BREAK.search(text[toks[j - 1].end:toks[j].start]):
                break
            t = toks[j]
            if any(f in cont or f in heads for f, _ in t.variants) or (
                    doc.lang != "ar" and t.text[:1].isupper()):
                j += 1
                continue
            break
        if j > i + 1:
            out.append((toks[i].start, toks[j - 1].end))
        i = j
    return out


_MENTION_KEYS: tuple[str, ...] = (
    "cue_before", "cue_near", "issue_noun_before", "place_prep_before", "between_before",
    "sideline_before", "title_part", "discuss_before", "list_neighbours", "issue_noun_after",
    "sentence_discuss", "sentence_issues")
_TITLE_K = _MENTION_KEYS.index("title_part")


def _mention_features(doc: Doc, matches: list[Match], sent_of: list[int]) -> list[list[float]]:
    """The event-independent features of each mention (what surrounds it), in `_MENTION_KEYS`
    order."""
    lang, text, sents = doc.lang, doc.text, sentences_of(doc)
    cue = cue_regex(_CUES, lang, r"[\w'’-]*[^.!?؟]{0,40}$")
    cue_near = cue_regex(_CUES, lang)
    issue = cue_regex(_ISSUE_NOUN, lang)
    issue_after = cue_regex(_ISSUE_AFTER, lang)
    prep = cue_regex(_PLACE_PREP, lang)
    between = cue_regex(_BETWEEN, lang)
    side = cue_regex(_SIDELINES, lang, r"[^.!?؟]{0,50}$")
    discuss = cue_regex(_DISCUSS, lang, r"[^.!?؟]{0,120}$")
    person_starts = sorted(p[0] for p in _person_spans(doc))
    starts = [m.start for m in matches]
    issues_in: dict[int, int] = {}
    for m, si in zip(matches, sent_of, strict=False):
        if m.entry.type == "Topic":
            issues_in[si] = issues_in.get(si, 0) + 1
    discuss_any = cue_regex(_DISCUSS, lang)
    discuss_in = {si: bool(discuss_any.search(text[sents[si].start:sents[si].end]))
                  for si in set(sent_of)}
    out = []
    for m, si in zip(matches, sent_of, strict=False):
        s0 = sents[si].start
        before = text[max(s0, m.start - 60):m.start].replace("’", "'")
        near = text[max(s0, m.start - 25):m.start]
        lo = bisect.bisect_left(person_starts, m.end)
        title = lo < len(person_starts) and person_starts[lo] - m.end <= 40
        out.append([
            float(bool(cue.search(before))), float(bool(cue_near.search(near))),
            float(bool(issue.search(before[-45:]))), float(bool(prep.search(before[-8:]))),
            float(bool(between.search(before[-14:]))), float(bool(side.search(before))),
            float(title), float(bool(discuss.search(text[s0:m.start]))),
            float(bisect.bisect_right(starts, m.start + 60)
                  - bisect.bisect_left(starts, m.start - 60) - 1),
            float(bool(issue_after.search(text[m.end:m.end + 30]))),
            float(discuss_in[si]),
            math.log1p(issues_in.get(si, 0) - (m.entry.type == "Topic")),
        ])
    # an item listed after one introduced by an issue noun is introduced by it too
    k = _MENTION_KEYS.index("issue_noun_before")
    for i in range(1, len(matches)):
        prev, m = matches[i - 1], matches[i]
        if sent_of[i] == sent_of[i - 1] and prev.end <= m.start and \
                _LIST_GAP.match(text[prev.end:m.start]):
            out[i][k] = max(out[i][k], out[i - 1][k])
    return out


def topic_candidates(doc: Doc) -> list[TopicCandidate]:
    """One candidate per (event, entity) mentioned in the event's passage, in a stable order."""
    sents = sentences_of(doc)
    if not doc.events or not sents:
        return []
    lang = doc.lang
    lex = doc.lex
    offices = office_spans(doc)
    o_starts = [a for a, _ in offices]

    ministry_before = cue_regex(_MINISTRY_BEFORE, lang)
    ministry_after = _MINISTRY_AFTER.get(lang, re.compile(r"(?!x)x"))

    def in_office(m: Match) -> bool:
        k = bisect.bisect_right(o_starts, m.start) - 1
        if k >= 0 and m.end <= offices[k][1]:
            return True
        return m.entry.demonym and bool(
            ministry_before.search(doc.text[max(0, m.start - 30):m.start])
            or ministry_after.search(doc.text[m.end:m.end + 40]))

    # An issue word or an adjective inside an office name is no mention at all, nor is an issue
    # word used in another sense (DROP_OTHER_SENSES).
    senses = (topic_senses.other_sense_spans(doc.text, lang)
              if topic_senses.DROP_OTHER_SENSES else {})
    matches = [m for m in _entity_matches(doc)
               if not ((m.entry.type == "Topic" or m.entry.demonym) and in_office(m))
               and not (m.entry.type == "Topic" and topic_senses.in_other_sense(m, senses))]
    sent_starts = [s.start for s in sents]
    sent_of = [max(0, bisect.bisect_right(sent_starts, m.start) - 1) for m in matches]
    mfeats = _mention_features(doc, matches, sent_of)
    count_article: dict[str, int] = {}
    first_article: dict[str, int] = {}
    for m in matches:
        count_article[m.entry.id] = count_article.get(m.entry.id, 0) + 1
        first_article.setdefault(m.entry.id, m.start)
    event_sents = sorted({e.sentence for e in doc.events})
    event_sent_set = set(event_sents)
    nearest_event = [min(abs(x - si) for x in event_sents) for si in sent_of]
    main = None
    if doc.main_actor is not None:
        cl = doc.clusters[doc.main_actor]
        main = cl.nationality or cl.represents
    out: list[TopicCandidate] = []
    for ei, ev in enumerate(doc.events):
        in_passage = set(passage(doc, ev))
        refs = [int(r.split(":")[1]) for r, _ in ev.participants]
        own = set()
        for c in refs:
            cl = doc.clusters[c]
            own.update(x for x in (cl.nationality, cl.represents) if x)
        place_country = lex.country_of.get(ev.place or "") if ev.place else None
        p0, p1 = _paragraph_of(doc.text, sents[min(ev.sentence, len(sents) - 1)].start)
        par_sents = sum(1 for s in sents if p0 <= s.start < p1)
        fam = "meet" if ev.kind in ("meeting", "talks") else ev.kind
        t0, t1 = ev.trigger
        by_entity: dict[str, list[int]] = {}
        for mi, m in enumerate(matches):
            if sent_of[mi] in in_passage:
                by_entity.setdefault(m.entry.id, []).append(mi)
        for eid, mis in by_entity.items():
            ms = [matches[i] for i in mis]
            e = ms[0].entry
            f = dict.fromkeys(_BASE_FEATURES, 0.0)
            f[f"lang_{lang}"] = 1.0
            if f"kind_{fam}" in f:
                f[f"kind_{fam}"] = 1.0
            f[f"type_{e.type}"] = 1.0
            f["demonym_only"] = float(all(m.entry.demonym for m in ms))
            f["region_adjective"] = float(f["demonym_only"] > 0 and e.type != "Country")
            f["rule_topic"] = float(eid in ev.topics)
            f["is_place"] = float(eid == ev.place)
            f["contains_place"] = float(place_country is not None and eid == place_country)
            f["own_country"] = float(eid in own)
            f["main_country"] = float(eid == main)
            dists = [sent_of[i] - ev.sentence for i in mis]
            f["in_event_sentence"] = float(0 in dists)
            f["only_before"] = float(all(d < 0 for d in dists))
            f["sent_dist"] = float(min(abs(d) for d in dists))
            f["char_dist_log"] = math.log1p(min(min(abs(m.start - t1), abs(t0 - m.end))
                                                for m in ms))
            f["mentions_passage"] = float(len(ms))
            f["mentions_article_log"] = math.log1p(count_article[eid])
            for i in mis:
                for k, v in zip(_MENTION_KEYS, mfeats[i], strict=False):
                    if v > f[k]:
                        f[k] = v
                if nearest_event[i] < abs(ev.sentence - sent_of[i]):
                    f["other_event_closer"] = 1.0
            f["events_in_article_log"] = math.log1p(len(doc.events))
            f["topic_place"] = float(eid in lex.topic_places)
            f["n_participants"] = float(len(refs))
            f["event_has_place"] = float(ev.place is not None)
            f["first_in_article"] = float(first_article[eid] == ms[0].start and
                                          first_article[eid] < 200)
            f["paragraph_sentences"] = float(min(par_sents, 10))
            f["evidence_sentences"] = float(len(ev.evidence))
            f["same_paragraph"] = float(any(p0 <= m.start < p1 for m in ms))
            f["office_only"] = float(all(in_office(m) for m in ms))
            f["title_only"] = float(all(mfeats[i][_TITLE_K] > 0 for i in mis))
            nearest_si = min((sent_of[i] for i in mis), key=lambda x: (abs(x - ev.sentence), x))
            lo, hi = sorted((nearest_si, ev.sentence))
            f["events_between"] = float(sum(1 for x in event_sents if lo < x <= hi
                                            and x != ev.sentence))
            f["in_event_sentence_of_other"] = float(any(
                sent_of[i] in event_sent_set and sent_of[i] != ev.sentence for i in mis))
            surfaces = tuple(dict.fromkeys(doc.text[m.start:m.end] for m in ms
                                           if m.entry.type != "Topic" and not m.entry.demonym))
            out.append(TopicCandidate(ei, eid, ms[0].start, _vector(f), surfaces))
    return out
