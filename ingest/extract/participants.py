"""Who takes part in an event found by a trigger, and in which position: the subject and
the objects of the trigger's sentence, persons named by a title or by the article's main
actor ("le chef de la diplomatie algérienne", Arabic pro-drop), the absent (a message's sender,
a patron, a spokesman), the parties "between X and Y", attendants "in the presence of", and
persons "received together"."""

from __future__ import annotations

import re

from ingest.annotated import Sentence
from ingest.extract.doc import Doc
from ingest.extract.triggers import phrases
from ingest.normalize import fold

_ABSENT = {
    "fr": r"(?:message|lettre|missive|salutations)\s+(?:\w+\s+){0,3}(?:du|de la part du|de)\b"
          r"|envoyée?\s+spéciale?\s+du|au nom du|de la part d[eu]|à l'invitation d[eu]"
          r"|(?:haut\s+)?patronage\s+d[eu]|sur\s+(?:les\s+)?(?:hautes\s+)?"
          r"(?:instructions?|directives?|orientations?)\s+d[eu]|porte[-\s]?parole"
          r"|adressée?s?\s+(?:à|au|aux)|(?:à|au)\s+son\s+frère|émissaires?\s+d[eu]"
          r"|(?:^|\s)(?:selon|d['’]après)\s|représentant\s+(?:le|la|l['’])",
    "en": r"(?:message|letter|greetings)\s+(?:\w+\s+){0,3}from|on behalf of|envoy of"
          r"|at the invitation of|patronage of|(?:on|upon|following) the (?:instructions?|"
          r"directives?|orders?) of|spokes(?:man|woman|person)"
          r"|addressed to|greetings\s+(?:\w+\s+){0,3}(?:of|to)|to his brother"
          r"|emissar(?:y|ies) of|envoys of|according to|representing",
    "ar": r"رسالة\s+(?:\S+\s+){0,3}من|نيابة عن|مبعوثا|مبعوث خاص|حاملا رسالة|بدعوة من"
          r"|تحت\s+(?:ال)?رعاية|بتوجيهات من|بتعليمات من|بتوجيه من|المتحدث"
          r"|بتكليف من|موجهة\s+(?:إلى|الى)|تحيات|تمنيات|(?:إلى|الى)\s+(?:أخيه|شقيقه)"
          r"|(?:^|\s)(?:بحسب|حسب|وفقا ل|وفق ما (?:قاله|ذكره|أعلنه))|ممثلا\s+(?:عن|ل)",
}
# "X et Y ont été reçus par Z": the agent of a passive, and what joins co-subjects.
_AGENT = {"fr": r"(?:^|\s)par\s", "en": r"(?:^|\s)by\s", "ar": r"(?:من قبل|من طرف)\s"}
# (a title in apposition may end with a comma: "between French President, X, and Y")
_BETWEEN = re.compile(r"^[^.;:!?؟]{0,40}(?:^|\s)(?:entre|between|بين)\s[^.;:!?؟,،]{0,50}"
                      r"[,،]?\s*$", re.I)
_PRESENCE = {"fr": re.compile(r"en (?:la )?présence d", re.I),
             "en": re.compile(r"in the presence of", re.I),
             "ar": re.compile(r"بحضور|وبحضور")}
_JOINED = re.compile(r"^[^.;:!?؟]{0,70}$")
_CONJ = re.compile(r"(?:^|\s|,|،)(?:et|and|و|ainsi que|as well as)(?:\s|$)|,|،", re.I)
_WITH = re.compile(r"(?:^|\s)(?:with|avec)\s+(?:(?:his|her|their|son|sa|ses|leur|leurs)\s+)?"
                   r"[^,.;:]{0,60},?\s*$", re.I)
_COUNTERPART_AR = re.compile(r"(?:^|\s)(?:مع|ب|من قبل|بـ)\s*$")

def sentence_people(doc: Doc, sent: Sentence) -> list[tuple[int, int, int]]:
    """(start, end, cluster) of persons named in the sentence, by name or by a known title."""
    people = [(p.start, p.end, p.cluster) for p in doc.persons
              if sent.start <= p.start < sent.end and p.cluster >= 0]
    low = fold(sent.text)
    named = list(people)
    for phrase, ci in doc.title_map.items():
        idx = low.find(phrase)
        while idx >= 0:
            # Approximate the offset in the original text (folding keeps word order).
            approx = sent.start + min(idx, len(sent.text) - 1)
            end = approx + len(phrase)
            # (offsets are approximate: folding may shorten the text by a few characters)
            introduces = any(end - 5 <= p[0] <= end + 60 and only_title_words(
                doc, _runs_on(doc, re.sub(r"^\w*", "", doc.text[end:p[0]]))) for p in named)
            if not introduces and not any(abs(approx - s) < len(phrase) + 25
                                          for s, _, c in people if c == ci):
                people.append((approx, approx + len(phrase), ci))
            idx = low.find(phrase, idx + len(phrase))
    if doc.main_actor is not None:
        for m in phrases(doc.lang, "self").finditer(sent.text):
            s = sent.start + m.start()
            end = sent.start + m.end()
            named_next = any(end <= p[0] <= end + 120 and only_title_words(
                doc, _runs_on(doc, doc.text[end:p[0]])) for p in people)
            named_here = any(p[0] < end and s < p[1] for p in people)  # an office holder
            if not named_next and not named_here:
                who = doc.main_actor
                dem = _demonym_after(doc, end)
                if dem is not None and dem != doc.clusters[who].nationality:
                    # "le ministre tunisien", "وزير الخارجية التونسي": that country's minister
                    of = [i for i, c in enumerate(doc.clusters) if c.nationality == dem]
                    if len(of) != 1:
                        continue
                    who = of[0]
                if _GUEST[doc.lang].match(doc.text[end:end + 20]):
                    # "الوزير الضيف", "le ministre invité": the visitor, not the main actor
                    visits = [e for e in doc.events if e.kind == "visit" and e.participants]
                    if not visits:
                        continue
                    who = int(visits[-1].participants[0][0].split(":")[1])
                people.append((s, s + len(m.group()), who))
    people.sort()
    dedup: list[tuple[int, int, int]] = []
    for p in people:
        if not any(p[0] < q[1] and q[0] < p[1] for q in dedup):
            dedup.append(p)
    return dedup


# An Arabic title runs on through definite nouns ("وزير الخارجية والمغتربين X"): a verb or
# a clause mark ends it.
_AR_DEFINITE = re.compile(r"(?<![\w])[وب]?(?:ال|لل)\w+")


def _runs_on(doc: Doc, gap: str) -> str:
    """The words of `gap` left once an Arabic title's definite nouns are set aside."""
    if doc.lang != "ar" or re.search(r"[.;:!?؟،,]", gap):
        return gap
    return _AR_DEFINITE.sub(" ", gap)


_GUEST = {"fr": re.compile(r"\s+(?:invitée?|visiteur|visiteuse)\b", re.I),
          "en": re.compile(r"(?!x)x"),
          "ar": re.compile(r"\s+(?:الضيف|الزائر)(?![\w])")}


def only_title_words(doc: Doc, between: str) -> bool:
    from ingest.extract.entities import title_words

    words = title_words(doc.lang)
    return all(fold(w) in words or w[:1].isupper() or fold(w)[2:] in words
               or _is_demonym(doc, fold(w)) for w in re.findall(r"\w+", between))


def _is_demonym(doc: Doc, word: str) -> bool:
    """'libyen', 'الجزائري': a nationality adjective inside a title phrase."""
    return any(m.entry.demonym and fold(doc.text[m.start:m.end]) == word for m in doc.matches)


TITLE_DOT = re.compile(r"(?<![\w])(M|MM|Mme|Mr|Mrs|Ms|Dr|Pr)\.")


_WHOSE_AIDE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,3}(?:advis[eo]rs?|envoys?|representatives?|"
                         r"spokes\w+|aides?|emissar(?:y|ies)|assistants?|counsel+ors?|"
                         r"messages?|letters?|greetings)\b", re.I)


def absent(doc: Doc, start: int, sent: Sentence) -> bool:
    """Whether the person at `start` is the absent sender of a message, or represented, or
    named only as the one whose envoy or adviser someone is ("President X's Senior Advisor")."""
    end = next((p.end for p in doc.persons if p.start == start), None)
    if doc.lang == "en" and end is not None and _WHOSE_AIDE.match(doc.text[end:end + 60]):
        return True
    # the cue governs the name right after it, not a person named after that one
    prev = max((p.end for p in doc.persons if sent.start <= p.end <= start and p.cluster >= 0),
               default=sent.start)
    before = TITLE_DOT.sub(r"\1", doc.text[max(sent.start, start - 70, prev):start])
    if doc.lang == "ar" and _AR_FROM.search(before) and _AR_LETTER.search(
            doc.text[sent.start:start]):
        return True  # "رسالة خطية موجهة إلى X، من الرئيس Y": Y sent it
    return bool(re.search(rf"(?:{_ABSENT[doc.lang]})[^.;]*$", before, re.I))


_AR_FROM = re.compile(r"(?:^|\s|،)من\s+(?:\S+\s+){0,2}$")
_AR_LETTER = re.compile(r"رسال|برقي|خطاب")


def participants_of(doc: Doc, sent: Sentence, kind: str, t0: int, t1: int, passive: bool,
                  people: list[tuple[int, int, int]], last_pair: list[int] | None,
                  author: int | None = None) -> tuple[int | None, list[int]]:
    """Subject and objects (cluster indexes); `author` is the signer of a quoted tweet,
    the elided first-person subject of its sentences ("تلقيت اليوم اتصالا…")."""
    people = [p for p in people if not absent(doc, p[0], sent)]
    subject: int | None = None
    before = [p for p in people if p[1] <= t0]
    after = [p for p in people if p[0] >= t1]
    # "<name>، في زيارة إلى…": a noun trigger after "في" ("on a visit") tells of the person
    # named before it, not of the one named after ("يلتقي خلالها X": whom the visitor meets).
    on_visit = doc.lang == "ar" and kind == "visit" and bool(before) and bool(
        re.search(r"(?:^|\s|،)في\s*$", doc.text[max(sent.start, t0 - 6):t0]))
    # "في زيارة… يلتقي خلالها X و Y": during the visit the visitor meets X and Y
    during = doc.lang == "ar" and bool(re.match(r"\s*خلال(?:ها|ه)(?!\w)", doc.text[t1:t1 + 12]))
    if doc.lang == "ar" and not on_visit:
        if after and not during and not _COUNTERPART_AR.search(
                doc.text[max(t1, after[0][0] - 12):after[0][0]]) \
                and not re.search(r"(?:^|\s)(?:مع|من)\s", doc.text[t1:after[0][0]]):
            subject = after[0][2]
        else:
            free = [p for p in before if not re.search(
                r"(?:^|\s)(?:مع|من|ب)\s", doc.text[max(sent.start, p[0] - 30):p[0]])]
            if free:
                subject = free[-1][2]
    elif on_visit:
        subject = before[-1][2]
    with_named = False  # "With his counterpart Y, the two ministers…"
    if doc.lang != "ar" and before:
        subject = before[-1][2]
        if _WITH.search(doc.text[sent.start:before[-1][0]]):
            # "With his counterpart Y, the two ministers discussed…": Y is the counterpart
            subject = before[-2][2] if len(before) > 1 else None
            with_named = True
    between = _between_parties(doc, t1, after)
    if between:  # "un appel entre les présidents X et Y": the two parties, not the actor
        subject, after = between[0], [p for p in after if p[2] in between]
        people = [p for p in people if p[2] in between]
    group = phrases(doc.lang, "group").search(sent.text)
    if group and subject is not None and subject in joined_to_group(doc, sent, people):
        subject = None  # "الرئيسان والأمير X…", "the two leaders and X held talks": the group acts
    objects = [p[2] for p in people if p[2] != subject]
    if subject is None and group and not (with_named and objects):
        # "Les deux parties ont passé en revue…": the pair of the encounter told last, else
        # the two persons the sentence before names ("X a réitéré à son homologue Y…")
        pair = last_pair or _previous_pair(doc, sent)
        if pair:  # "a réuni les deux ministres et X": X joins the pair
            more = [o for o in joined_to_group(doc, sent, people) if o not in pair]
            subject, objects = pair[0], list(pair[1:]) + more
    if subject is None and author is not None:
        subject = author
    if subject is None and not people and kind == "agreement":
        # "La session s'est conclue par la signature de trois accords": no signatory named,
        # the main actor and the one person of the encounter they had last signed them.
        met = [e for e in doc.events if e.kind in ("meeting", "talks")
               and f"cluster:{doc.main_actor}" in {r for r, _ in e.participants}
               and len(e.participants) == 2]
        if met:
            subject = doc.main_actor
            objects = [int(r.split(":")[1]) for r, _ in met[-1].participants
                       if r != f"cluster:{doc.main_actor}"]
    if subject is None and kind in ("meeting", "talks") and _DURING_VISIT[doc.lang].match(
            sent.text):
        # "During that visit he held talks with X": the visitor of the visit told last.
        visits = [e for e in doc.events if e.kind == "visit" and e.participants
                  and e.evidence and e.evidence[0][0] < sent.start]
        if visits:
            subject = int(visits[-1].participants[0][0].split(":")[1])
    if subject is None:  # "Tunisian FM meets X": that country's one person, when not X
        who = person_by_demonym(doc, sent.start, t0)
        subject = who if who not in objects else None
    if subject is None and objects and _country_subject(doc, sent, t0):
        return None, objects  # "Tunisia hosted X": the country, not the article's actor
    if subject is None and doc.main_actor is not None:
        subject = doc.main_actor
    if kind == "message" and doc.main_actor in [p[2] for p in before] and \
            subject != doc.main_actor:
        # "… reçu par X, à qui il a remis un message": the main actor delivers it to X.
        objects = [p[2] for p in people if p[2] != doc.main_actor]
        subject = doc.main_actor
    objects = [o for o in dict.fromkeys(objects) if o != subject]
    if kind == "visit":
        objects = []
    return subject, objects


def _country_subject(doc: Doc, sent: Sentence, t0: int) -> bool:
    """Whether a country is named as the subject right before the trigger ("Tunisia also
    hosted", "l'Algérie a accueilli"; not Arabic, where the verb comes first)."""
    if doc.lang == "ar":
        return False
    return any(m.entry.type == "Country" and not m.entry.demonym and sent.start <= m.end <= t0
               and re.fullmatch(r"\s*(?:(?:also|has|have|had|a|ont|avait|aussi|également)\s+)*",
                                doc.text[m.end:t0], re.I) for m in doc.matches)


def _demonym_after(doc: Doc, end: int) -> str | None:
    """The country of a demonym right after a title ("le ministre tunisien", "وزير الخارجية
    التونسي"), if any."""
    for m in doc.matches:
        if m.entry.demonym and 0 <= m.start - end <= 3:
            return m.entry.id
    return None


# A sentence opening on the visit told before ("During his visit he held talks…").
_DURING_VISIT = {
    "fr": re.compile(r"\W*(?:lors|au cours|durant|pendant)\s+de\s+(?:cette|sa|la)\s+visite\b",
                     re.I),
    "en": re.compile(r"\W*(?:during|in the course of)\s+(?:the|this|his|her)\s+visit\b", re.I),
    "ar": re.compile(r"\W*و?(?:خلال|أثناء|اثناء)\s+(?:الزيارة|هذه الزيارة|زيارته|زيارتها)"),
}


def person_by_demonym(doc: Doc, lo: int, hi: int,
                      prefer: frozenset[int] | set[int] = frozenset()) -> int | None:
    """The one person of the article whose nationality the last demonym between `lo` and
    `hi` names ("the Chinese minister", "le chef de la diplomatie algérienne", "Tunisian FM
    meets X"); among several, those in an encounter, then those in `prefer`, then the one
    mentioned last before the demonym."""
    for m in sorted((m for m in doc.matches if lo <= m.start < hi and m.entry.demonym),
                    key=lambda m: -m.start):
        who = [i for i, c in enumerate(doc.clusters) if c.nationality == m.entry.id]
        for keep in (_in_encounters(doc), prefer):
            if len(who) > 1:
                who = [i for i in who if i in keep]
        if len(who) > 1:  # the one of them mentioned last before it
            last = {c: max((p.start for p in doc.persons if p.cluster == c and p.end <= m.start),
                           default=-1) for c in who}
            best = max(last.values())
            who = [c for c in who if last[c] == best and best >= 0]
        return who[0] if len(who) == 1 else None
    return None


def _in_encounters(doc: Doc) -> set[int]:
    return {int(r.split(":")[1]) for ev in doc.events if ev.kind != "visit"
            for r, _ in ev.participants}


_GROUP_AND = re.compile(r"^\s*(?:et|and|ainsi que|as well as|و)\s*", re.I)


def joined_to_group(doc: Doc, sent: Sentence, people: list[tuple[int, int, int]]) -> list[int]:
    """The persons joined to a group phrase by "and" ("les deux chefs d'État et le prince X",
    "the two ministers and X", "الوزيران و X"): more parties of the group's encounter."""
    group = phrases(doc.lang, "group").search(sent.text)
    if group is None:
        return []
    end = sent.start + group.end()
    out = []
    for p in sorted(people):
        if p[0] < end:
            continue
        gap = doc.text[end:p[0]]
        m = _GROUP_AND.match(gap)
        if m is None or len(gap) > 60 or not only_title_words(doc, gap[m.end():]):
            break
        out.append(p[2])
        end = p[1]
    return list(dict.fromkeys(out))


def _previous_pair(doc: Doc, sent: Sentence) -> list[int] | None:
    """The two persons named in the sentence before `sent`, when it names exactly two."""
    from ingest.extract.triggers import sentences_of

    sents = sentences_of(doc)
    i = next((k for k, s in enumerate(sents) if s.start == sent.start), 0)
    if i == 0:
        return None
    prev = sents[i - 1]
    named = list(dict.fromkeys(p[2] for p in sentence_people(doc, prev)
                               if not absent(doc, p[0], prev)))
    return named if len(named) == 2 else None


# An encounter named between a trigger and "between": the pair is that encounter's.
_ENCOUNTER_NOUN = re.compile(
    r"\b(?:rencontres?|réunions?|entretiens?|audiences?|sommets?|meetings?|talks|summits?)\b"
    r"|(?:لقاء|اجتماع|قمة|مباحثات|محادثات)", re.I)


def _between_parties(doc: Doc, t1: int, after: list[tuple[int, int, int]]) -> list[int]:
    """The persons named as the parties right after the trigger ("between X and Y", "entre
    X et Y", "بين X و Y"), in order; [] when the trigger is not followed by such a pair."""
    if len(after) < 2:
        return []
    gap = doc.text[t1:after[0][0]]
    if not _BETWEEN.search(gap) or _CONJ.search(
            re.split(r"(?:entre|between|بين)\s", gap)[-1].rstrip(" ,،")):
        return []  # "entre le chef de l'OMS et X": the first party is not this person
    lead = re.split(r"(?:^|\s)(?:entre|between|بين)\s", gap)[0]
    if _ENCOUNTER_NOUN.search(lead):
        return []  # "la possibilité d'une rencontre entre X et Y": the parties of that one
    out = [after[0][2]]
    for prev, cur in zip(after, after[1:], strict=False):
        gap = TITLE_DOT.sub(r"\1", doc.text[prev[1]:cur[0]])
        if not (_JOINED.match(gap) and _CONJ.search(gap)):
            break
        out.append(cur[2])
    return list(dict.fromkeys(out)) if len(set(out)) >= 2 else []


def present_at(doc: Doc, sent: Sentence, t1: int, people: list[tuple[int, int, int]],
             objects: list[int]) -> list[int]:
    """The objects named after a presence cue following the trigger ("en présence de",
    "in the presence of", "بحضور"): attendants of the encounter, not separate counterparts."""
    m = _PRESENCE[doc.lang].search(doc.text, t1, sent.end)
    if m is None:
        return []
    return list(dict.fromkeys(p[2] for p in people if p[0] >= m.end() and p[2] in objects))


def received_together(doc: Doc, sent: Sentence, t0: int, t1: int, subject: int | None,
                       people: list[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """Co-subjects and agents of a passive reception ("X and Y were received by Z",
    "X et Y ont été reçus par Z"): the persons listed before the trigger, joined to its
    subject, were received together by the persons named after the agent marker."""
    agent = re.compile(_AGENT.get(doc.lang, _AGENT["en"]))
    people = [p for p in people if not absent(doc, p[0], sent)]
    before = [p for p in people if p[1] <= t0]
    after = [p for p in people if p[0] >= t1]
    if doc.lang == "ar" or not before or before[-1][2] != subject or not after or \
            not agent.search(doc.text[t1:after[0][0]]):
        return [], []
    co = []
    for prev, cur in zip(reversed(before[:-1]), reversed(before[1:]), strict=False):
        gap = TITLE_DOT.sub(r"\1", doc.text[prev[1]:cur[0]])
        if not (_JOINED.match(gap) and _CONJ.search(gap)):
            break
        co.append(prev[2])
    agents = [after[0][2]]
    return [c for c in dict.fromkeys(co) if c != subject], [a for a in agents if a != subject]
