"""Answer a parsed question: resolve its names, then run the answer functions the REST
routes run (`find_meetings`, `person_timeline`, `find_path`), with its filters.

"who" questions list the counterparts (`meetings`); "when", "where" and "about what"
questions about two people list their shared events (`meetings`, kept to the second
person); about one person, that person's filtered `timeline`.
"""

from __future__ import annotations

from app.answers import (
    PERSON,
    PLACE,
    filter_timeline,
    find_meetings,
    find_path,
    person_timeline,
    resolve,
)
from app.ask.grammar import ParsedQuestion, parse_question
from app.errors import NotFound
from app.schemas import AskAnswer, EntityRef, MeetingsPage
from app.services import Services


def _resolve(services: Services, parsed: ParsedQuestion, name: str,
             types: tuple[str, ...] = PERSON, what: str = "person") -> EntityRef:
    """Resolve a name; an Arabic name whose clitic was taken off is tried as written too."""
    try:
        return resolve(services, name, types, what)
    except NotFound:
        if name in parsed.alternates:
            return resolve(services, parsed.alternates[name], types, what)
        raise


def _persons(services: Services, parsed: ParsedQuestion) -> list[EntityRef]:
    """The people of the question; two Arabic names side by side are split here."""
    if not parsed.pair:
        return [_resolve(services, parsed, name) for name in parsed.persons]
    words = parsed.persons[0].split()
    for cut in range(1, len(words)):
        try:
            return [_resolve(services, parsed, " ".join(words[:cut])),
                    _resolve(services, parsed, " ".join(words[cut:]))]
        except NotFound:
            continue
    raise NotFound(f"no two people match {parsed.persons[0]!r}; write them as "
                   "'X و Y' or 'X مع Y'")


def _params(parsed: ParsedQuestion, people: list[EntityRef] | None = None) -> dict[str, str]:
    names = [p.name for p in people] if people else list(parsed.persons)
    values = {"person": names[0] if names else None,
              "with": names[1] if len(names) > 1 else None, "kind": parsed.kind,
              "from": parsed.date_from, "to": parsed.date_to, "place": parsed.place,
              "topic": parsed.topic}
    return {k: v for k, v in values.items() if v}


def answer_parsed(services: Services, question: str, parsed: ParsedQuestion) -> AskAnswer:
    """The answer to a parsed question."""
    head = {"question": question, "lang": parsed.lang, "intent": parsed.intent}
    filters = {"kind": parsed.kind, "date_from": parsed.date_from, "date_to": parsed.date_to,
               "place": parsed.place}
    if parsed.intent == "path":
        return AskAnswer(**head, params={"from": parsed.persons[0], "to": parsed.persons[1]},
                         path=find_path(services, parsed.persons[0], parsed.persons[1]))
    if parsed.intent == "timeline" and not any(filters.values()) and not parsed.topic:
        who = _resolve(services, parsed, parsed.persons[0])
        return AskAnswer(**head, params={"person": who.name},
                         timeline=person_timeline(services, who.id))
    if parsed.intent == "who_met":
        who = _resolve(services, parsed, parsed.persons[0])
        page = find_meetings(services, who.id, parsed.topic, **filters)
        return AskAnswer(**head, params=_params(parsed, [who]), meetings=page)
    people = _persons(services, parsed)
    if len(people) == 1:
        timeline = filter_timeline(services, person_timeline(services, people[0].id),
                                   topic=parsed.topic, **filters)
        return AskAnswer(**head, params=_params(parsed, people), timeline=timeline)
    page = find_meetings(services, people[0].id, parsed.topic, **filters)
    shared = [m for m in page.data if m.person.id == people[1].id]
    return AskAnswer(**head, params=_params(parsed, people),
                     meetings=MeetingsPage(person=page.person, topic=page.topic, data=shared,
                                           count=len(shared)))


def _visit_place(services: Services, parsed: ParsedQuestion) -> ParsedQuestion:
    """"when did X visit Y": Y is a place when no person has that name."""
    if parsed.kind != "visit" or len(parsed.persons) != 2 or parsed.place:
        return parsed
    try:
        _resolve(services, parsed, parsed.persons[1])
        return parsed
    except NotFound:
        resolve(services, parsed.persons[1], PLACE, "place")
        return ParsedQuestion(lang=parsed.lang, intent=parsed.intent,
                              persons=parsed.persons[:1], kind=parsed.kind,
                              date_from=parsed.date_from, date_to=parsed.date_to,
                              place=parsed.persons[1], topic=parsed.topic,
                              alternates=parsed.alternates)


def answer_question(services: Services, question: str) -> AskAnswer:
    """Parse a question and answer it with the same functions as the REST routes.

    Raises:
        QuestionNotUnderstood: the grammar cannot read it (422, with the closest forms).
        NotFound, AmbiguousName: a name of the question does not resolve.
    """
    parsed = _visit_place(services, parse_question(question))
    return answer_parsed(services, question, parsed)
