"""The /ask grammar on the question table (≥ 40 questions per language): each question is
read with the right form (intent, persons, kind, date range, place, topic). Pure: no store.
`benchmarks/ask_table.py` prints the rate per language from the same table."""

from __future__ import annotations

from typing import Any

import pytest

from app.ask import parse_question
from app.errors import QuestionNotUnderstood

Row = tuple[str, str, dict[str, Any]]


# The question table (read by benchmarks/ask_table.py too): questions written for the test.
def F(intent: str, *persons: str, kind: str | None = None, frm: str | None = None,
      to: str | None = None, place: str | None = None, topic: str | None = None
      ) -> dict[str, Any]:
    return {"intent": intent, "persons": list(persons), "kind": kind, "from": frm, "to": to,
            "place": place, "topic": topic}


W, WHEN, WHERE, WHAT = "who_met", "when", "where", "what_about"
CALL, VISIT, MSG, AGR = "phone_call", "visit", "message", "agreement"

EN = [("en", q, f) for q, f in [
    ("who met Lamamra about Libya", F(W, "Lamamra", topic="Libya")),
    ("Who met Lamamra?", F(W, "Lamamra")),
    ("who did Lamamra meet", F(W, "Lamamra")),
    ("who did Lamamra call", F(W, "Lamamra", kind=CALL)),
    ("who called Lamamra?", F(W, "Lamamra", kind=CALL)),
    ("who phoned Ramtane Lamamra in 2022", F(W, "Ramtane Lamamra", kind=CALL, frm="2022",
                                             to="2022")),
    ("who did Lamamra meet in 2022", F(W, "Lamamra", frm="2022", to="2022")),
    ("who did Lamamra meet in October 2021?", F(W, "Lamamra", frm="2021-10", to="2021-10")),
    ("who did Lamamra meet between March and May 2022", F(W, "Lamamra", frm="2022-03",
                                                          to="2022-05")),
    ("who did Guterres meet from January 2021 to June 2022", F(W, "Guterres", frm="2021-01",
                                                              to="2022-06")),
    ("who has Blinken met since 2021", F(W, "Blinken", frm="2021")),
    ("who met Shoukry before 2022?", F(W, "Shoukry", to="2021-12-31")),
    ("who met Lamamra in Libya", F(W, "Lamamra", place="Libya")),
    ("who did Lamamra meet in Algiers in 2021", F(W, "Lamamra", place="Algiers", frm="2021",
                                                  to="2021")),
    ("who met Lamamra in Libya about the Sahel", F(W, "Lamamra", place="Libya", topic="Sahel")),
    ("who visited Lamamra", F(W, "Lamamra", kind=VISIT)),
    ("who wrote to Guterres", F(W, "Guterres", kind=MSG)),
    ("who did Guterres write to in 2022?", F(W, "Guterres", kind=MSG, frm="2022", to="2022")),
    ("who signed an agreement with Bayramov", F(W, "Bayramov", kind=AGR)),
    ("with whom did Bayramov sign an agreement", F(W, "Bayramov", kind=AGR)),
    ("with whom did Lamamra speak by phone on 12 October 2021",
     F(W, "Lamamra", kind=CALL, frm="2021-10-12", to="2021-10-12")),
    ("which ministers did Lavrov meet regarding Syria", F(W, "Lavrov", topic="Syria")),
    ("who held talks with Shoukry concerning the Nile", F(W, "Shoukry", topic="Nile")),
    ("meetings of Lamamra", F(W, "Lamamra")),
    ("phone calls of Blinken after March 2022", F(W, "Blinken", kind=CALL, frm="2022-04-01")),
    ("when did Lamamra meet Guterres", F(WHEN, "Lamamra", "Guterres")),
    ("When did Lamamra call Blinken?", F(WHEN, "Lamamra", "Blinken", kind=CALL)),
    ("when did Lamamra and Bayramov meet", F(WHEN, "Lamamra", "Bayramov")),
    ("on what date did Shoukry meet Lamamra in Cairo",
     F(WHEN, "Shoukry", "Lamamra", place="Cairo")),
    ("when did Lamamra visit Libya", F(WHEN, "Lamamra", kind=VISIT, place="Libya")),
    ("when did Lavrov sign an agreement with Bayramov", F(WHEN, "Lavrov", "Bayramov", kind=AGR)),
    ("when was the meeting between Lamamra and Guterres", F(WHEN, "Lamamra", "Guterres")),
    ("where did Lamamra meet Bayramov", F(WHERE, "Lamamra", "Bayramov")),
    ("where did Lamamra and Guterres meet in 2022", F(WHERE, "Lamamra", "Guterres", frm="2022",
                                                      to="2022")),
    ("where did Lamamra go in 2021", F(WHERE, "Lamamra", kind=VISIT, frm="2021", to="2021")),
    ("which countries did Blinken visit", F(WHERE, "Blinken", kind=VISIT)),
    ("in which city did Lavrov meet Shoukry", F(WHERE, "Lavrov", "Shoukry")),
    ("what did Lamamra and Shoukry discuss", F(WHAT, "Lamamra", "Shoukry")),
    ("what did Lamamra discuss with Guterres in 2022",
     F(WHAT, "Lamamra", "Guterres", frm="2022", to="2022")),
    ("what topics did Blinken and Lavrov talk about", F(WHAT, "Blinken", "Lavrov")),
    ("what did Lamamra call Bayramov about", F(WHAT, "Lamamra", "Bayramov", kind=CALL)),
    ("what did Lamamra discuss in Libya", F(WHAT, "Lamamra", place="Libya")),
    ("Who did Sameh Shoukry meet with in Cairo in 2021?",
     F(W, "Sameh Shoukry", frm="2021", to="2021", place="Cairo")),
    ("who has Lamamra called since October 2021",
     F(W, "Lamamra", kind=CALL, frm="2021-10")),
    ("when did Blinken phone Lamamra",
     F(WHEN, "Blinken", "Lamamra", kind=CALL)),
    ("where did Antony Blinken meet Sergey Lavrov?",
     F(WHERE, "Antony Blinken", "Sergey Lavrov")),
    ("what did Lamamra talk about with Blinken",
     F(WHAT, "Lamamra", "Blinken")),
    ("who met Guterres on Western Sahara",
     F(W, "Guterres", topic="Western Sahara")),
    ("who did Lamamra receive in Algiers in March 2022",
     F(W, "Lamamra", frm="2022-03", to="2022-03", place="Algiers")),
    ("when did Lamamra sign an agreement with Bayramov in Baku",
     F(WHEN, "Lamamra", "Bayramov", kind=AGR, place="Baku")),
    ("In 2022, who did Lamamra meet?",
     F(W, "Lamamra", frm="2022", to="2022")),
    ("who did Lamamra meet during 2022 about Mali",
     F(W, "Lamamra", frm="2022", to="2022", topic="Mali")),
    ("who talked to Blinken in May 2022?", F(W, "Blinken", frm="2022-05", to="2022-05")),
    ("who did Guterres host in New York", F(W, "Guterres", place="New York")),
    ("when did Shoukry and Lavrov speak by phone", F(WHEN, "Shoukry", "Lavrov", kind=CALL)),
    ("where did Lamamra sign an agreement with Bayramov",
     F(WHERE, "Lamamra", "Bayramov", kind=AGR)),
    ("what did Guterres discuss with Lamamra about Mali",
     F(WHAT, "Guterres", "Lamamra", topic="Mali")),
    ("who did Lamamra visit in 2021", F(W, "Lamamra", kind=VISIT, frm="2021", to="2021")),
    ("who sent a letter to Guterres about Western Sahara",
     F(W, "Guterres", kind=MSG, topic="Western Sahara")),
    ("which officials did Blinken call between January and March 2022",
     F(W, "Blinken", kind=CALL, frm="2022-01", to="2022-03")),
    ("when did Lavrov visit Cairo", F(WHEN, "Lavrov", kind=VISIT, place="Cairo")),
    ("show the timeline of Sameh Shoukry", F("timeline", "Sameh Shoukry")),
    ("timeline of Ramtane Lamamra", F("timeline", "Ramtane Lamamra")),
    ("path from Lamamra to Guterres", F("path", "Lamamra", "Guterres")),
    ("how are Lamamra and Blinken connected?", F("path", "Lamamra", "Blinken")),
]]

FR: list[Row] = [("fr", q, f) for q, f in [
    ("qui a rencontré Lamamra au sujet de la Libye ?", F(W, "Lamamra", topic="Libye")),
    ("Qui a rencontré Ramtane Lamamra à propos du Mali", F(W, "Ramtane Lamamra", topic="Mali")),
    ("qui a rencontré Lamamra en Libye ?", F(W, "Lamamra", place="Libye")),
    ("qui a rencontré Lamamra au Mali en 2022 ?", F(W, "Lamamra", place="Mali", frm="2022",
                                                    to="2022")),
    ("qui a rencontré Lamamra à Alger", F(W, "Lamamra", place="Alger")),
    ("qui a appelé Lamamra ?", F(W, "Lamamra", kind=CALL)),
    ("qui a téléphoné à Lamamra en octobre 2021 ?", F(W, "Lamamra", kind=CALL, frm="2021-10",
                                                       to="2021-10")),
    ("qui Lamamra a-t-il appelé ?", F(W, "Lamamra", kind=CALL)),
    ("qui Lamamra a-t-il rencontré en 2022 ?", F(W, "Lamamra", frm="2022", to="2022")),
    ("qui Lamamra a-t-il rencontré en octobre 2021 ?", F(W, "Lamamra", frm="2021-10",
                                                          to="2021-10")),
    ("qui Lamamra a-t-il rencontré entre mars et mai 2022 ?",
     F(W, "Lamamra", frm="2022-03", to="2022-05")),
    ("qui Guterres a-t-il reçu depuis janvier 2022 ?", F(W, "Guterres", frm="2022-01")),
    ("qui Guterres a-t-il rencontré avant 2021 ?", F(W, "Guterres", to="2020-12-31")),
    ("avec qui Lamamra a-t-il discuté", F(W, "Lamamra")),
    ("avec qui Lamamra s'est-il entretenu au sujet du Sahel ?", F(W, "Lamamra", topic="Sahel")),
    ("à qui Lamamra a-t-il téléphoné ?", F(W, "Lamamra", kind=CALL)),
    ("à qui Guterres a-t-il écrit en 2022 ?", F(W, "Guterres", kind=MSG, frm="2022", to="2022")),
    ("qui a écrit à Guterres ?", F(W, "Guterres", kind=MSG)),
    ("qui a visité Lamamra ?", F(W, "Lamamra", kind=VISIT)),
    ("qui a rendu visite à Choukri ?", F(W, "Choukri", kind=VISIT)),
    ("qui a signé un accord avec Bayramov ?", F(W, "Bayramov", kind=AGR)),
    ("avec qui Bayramov a-t-il signé un accord ?", F(W, "Bayramov", kind=AGR)),
    ("qui s'est entretenu avec Lavrov concernant la Syrie", F(W, "Lavrov", topic="Syrie")),
    ("quels ministres Blinken a-t-il rencontrés en Égypte ?",
     F(W, "Blinken", place="Égypte")),
    ("qui est-ce que Lamamra a rencontré du 1er mars 2022 au 15 mai 2022 ?",
     F(W, "Lamamra", frm="2022-03-01", to="2022-05-15")),
    ("les rencontres de Lamamra", F(W, "Lamamra")),
    ("les appels de Blinken en 2022", F(W, "Blinken", kind=CALL, frm="2022", to="2022")),
    ("quand Lamamra a-t-il rencontré Guterres ?", F(WHEN, "Lamamra", "Guterres")),
    ("quand Lamamra a-t-il appelé Blinken ?", F(WHEN, "Lamamra", "Blinken", kind=CALL)),
    ("quand Lamamra et Bayramov se sont-ils rencontrés ?", F(WHEN, "Lamamra", "Bayramov")),
    ("quand est-ce que Choukri a rencontré Lamamra au Caire ?",
     F(WHEN, "Choukri", "Lamamra", place="Caire")),
    ("à quelle date Lavrov a-t-il signé un accord avec Bayramov ?",
     F(WHEN, "Lavrov", "Bayramov", kind=AGR)),
    ("quand Lamamra a-t-il visité la Libye ?", F(WHEN, "Lamamra", kind=VISIT, place="Libye")),
    ("quand a eu lieu la rencontre entre Lamamra et Guterres ?",
     F(WHEN, "Lamamra", "Guterres")),
    ("où Lamamra a-t-il rencontré Bayramov", F(WHERE, "Lamamra", "Bayramov")),
    ("où Lamamra et Guterres se sont-ils rencontrés en 2022 ?",
     F(WHERE, "Lamamra", "Guterres", frm="2022", to="2022")),
    ("où Lamamra s'est-il rendu en 2021 ?", F(WHERE, "Lamamra", kind=VISIT, frm="2021",
                                               to="2021")),
    ("dans quelle ville Lavrov a-t-il rencontré Choukri ?", F(WHERE, "Lavrov", "Choukri")),
    ("de quoi Lamamra et Choukri ont-ils parlé ?", F(WHAT, "Lamamra", "Choukri")),
    ("de quoi Lamamra a-t-il discuté avec Guterres en 2022 ?",
     F(WHAT, "Lamamra", "Guterres", frm="2022", to="2022")),
    ("quels sujets Blinken et Lavrov ont-ils abordés ?", F(WHAT, "Blinken", "Lavrov")),
    ("sur quoi a porté l'entretien entre Lamamra et Bayramov ?",
     F(WHAT, "Lamamra", "Bayramov")),
    ("qui a reçu Lamamra à Bakou en août 2022 ?",
     F(W, "Lamamra", frm="2022-08", to="2022-08", place="Bakou")),
    ("quand Lamamra s'est-il entretenu avec Guterres ?",
     F(WHEN, "Lamamra", "Guterres")),
    ("avec qui Lamamra s'est-il entretenu par téléphone en 2021 ?",
     F(W, "Lamamra", kind=CALL, frm="2021", to="2021")),
    ("où Lamamra et Bayramov ont-ils signé un accord ?",
     F(WHERE, "Lamamra", "Bayramov", kind=AGR)),
    ("qui Lamamra a-t-il rencontré à New York au sujet du Sahara occidental ?",
     F(W, "Lamamra", place="New York", topic="Sahara occidental")),
    ("de quoi Lamamra a-t-il parlé avec Blinken au téléphone ?",
     F(WHAT, "Lamamra", "Blinken", kind=CALL)),
    ("qui a eu un entretien téléphonique avec Lamamra ?",
     F(W, "Lamamra", kind=CALL)),
    ("quand Lamamra et Blinken se sont-ils téléphoné ?",
     F(WHEN, "Lamamra", "Blinken", kind=CALL)),
    ("qui Lamamra a-t-il reçu en 2021 à Alger ?",
     F(W, "Lamamra", frm="2021", to="2021", place="Alger")),
    ("qui a rencontré Ramtane Lamamra concernant le Mali en septembre 2021 ?",
     F(W, "Ramtane Lamamra", frm="2021-09", to="2021-09", topic="Mali")),
    ("qui a parlé avec Blinken en mai 2022 ?", F(W, "Blinken", frm="2022-05", to="2022-05")),
    ("qui Guterres a-t-il reçu à New York ?", F(W, "Guterres", place="New York")),
    ("quand Choukri et Lavrov se sont-ils parlé au téléphone ?",
     F(WHEN, "Choukri", "Lavrov", kind=CALL)),
    ("où Lamamra a-t-il signé un accord avec Bayramov ?",
     F(WHERE, "Lamamra", "Bayramov", kind=AGR)),
    ("de quoi Guterres a-t-il discuté avec Lamamra au sujet du Mali ?",
     F(WHAT, "Guterres", "Lamamra", topic="Mali")),
    ("à qui Lamamra a-t-il rendu visite en 2021 ?",
     F(W, "Lamamra", kind=VISIT, frm="2021", to="2021")),
    ("qui a envoyé une lettre à Guterres au sujet du Sahara occidental ?",
     F(W, "Guterres", kind=MSG, topic="Sahara occidental")),
    ("quels responsables Blinken a-t-il appelés entre janvier et mars 2022 ?",
     F(W, "Blinken", kind=CALL, frm="2022-01", to="2022-03")),
    ("quand Lavrov s'est-il rendu au Caire ?", F(WHEN, "Lavrov", kind=VISIT, place="Caire")),
    ("la chronologie de Sameh Choukri", F("timeline", "Sameh Choukri")),
    ("chronologie de Ramtane Lamamra", F("timeline", "Ramtane Lamamra")),
    ("chemin entre Lamamra et Guterres", F("path", "Lamamra", "Guterres")),
]]

AR: list[Row] = [("ar", q, f) for q, f in [
    ("من التقى لعمامرة بشأن ليبيا؟", F(W, "لعمامرة", topic="ليبيا")),
    ("من التقى لعمامرة حول مالي", F(W, "لعمامرة", topic="مالي")),
    ("مع من التقى لعمامرة؟", F(W, "لعمامرة")),
    ("من التقى لعمامرة في ليبيا؟", F(W, "لعمامرة", place="ليبيا")),
    ("من التقى لعمامرة في الجزائر عام 2021؟", F(W, "لعمامرة", place="الجزائر", frm="2021",
                                              to="2021")),
    ("من اتصل بلعمامرة؟", F(W, "لعمامرة", kind=CALL)),
    ("من اتصل ب لعمامرة؟", F(W, "لعمامرة", kind=CALL)),
    ("من اتصل بلعمامرة في 2022؟", F(W, "لعمامرة", kind=CALL, frm="2022", to="2022")),
    ("بمن اتصل لعمامرة؟", F(W, "لعمامرة", kind=CALL)),
    ("من هاتف غوتيريش في أكتوبر 2021؟", F(W, "غوتيريش", kind=CALL, frm="2021-10",
                                        to="2021-10")),
    ("من التقى لعمامرة في 2022؟", F(W, "لعمامرة", frm="2022", to="2022")),
    ("من التقى لعمامرة في ٢٠٢٢؟", F(W, "لعمامرة", frm="2022", to="2022")),
    ("من التقى لعمامرة في تشرين الأول 2021؟", F(W, "لعمامرة", frm="2021-10", to="2021-10")),
    ("من التقى لعمامرة بين مارس ومايو 2022؟", F(W, "لعمامرة", frm="2022-03", to="2022-05")),
    ("من التقى غوتيريش منذ يناير 2022؟", F(W, "غوتيريش", frm="2022-01")),
    ("من التقى شكري قبل 2022؟", F(W, "شكري", to="2021-12-31")),
    ("من اجتمع مع لافروف بشأن سوريا؟", F(W, "لافروف", topic="سوريا")),
    ("من زار لعمامرة؟", F(W, "لعمامرة", kind=VISIT)),
    ("من كتب إلى غوتيريش؟", F(W, "غوتيريش", kind=MSG)),
    ("من بعث رسالة إلى غوتيريش في 2022؟", F(W, "غوتيريش", kind=MSG, frm="2022", to="2022")),
    ("من وقع اتفاقية مع بايراموف؟", F(W, "بايراموف", kind=AGR)),
    ("مع من وقع بايراموف؟", F(W, "بايراموف", kind=AGR)),
    ("من استقبل شكري في القاهرة؟", F(W, "شكري", place="القاهرة")),
    ("من التقى وزير الخارجية لعمامرة بخصوص الساحل؟", F(W, "وزير الخارجية لعمامرة",
                                                      topic="الساحل")),
    ("لقاءات لعمامرة", F(W, "لعمامرة")),
    ("اتصالات بلينكن في 2022", F(W, "بلينكن", kind=CALL, frm="2022", to="2022")),
    ("متى التقى لعمامرة غوتيريش؟", F(WHEN, "لعمامرة", "غوتيريش")),
    ("متى التقى لعمامرة وغوتيريش؟", F(WHEN, "لعمامرة", "غوتيريش")),
    ("متى التقى لعمامرة مع بايراموف؟", F(WHEN, "لعمامرة", "بايراموف")),
    ("متى اتصل لعمامرة بشكري؟", F(WHEN, "لعمامرة", "شكري", kind=CALL)),
    ("متى اجتمع شكري ولعمامرة في القاهرة؟", F(WHEN, "شكري", "لعمامرة", place="القاهرة")),
    ("متى زار لعمامرة ليبيا؟", F(WHEN, "لعمامرة", kind=VISIT, place="ليبيا")),
    ("متى وقع لافروف مع بايراموف؟", F(WHEN, "لافروف", "بايراموف", kind=AGR)),
    ("أين التقى لعمامرة بايراموف؟", F(WHERE, "لعمامرة", "بايراموف")),
    ("أين التقى لعمامرة وغوتيريش في 2022؟", F(WHERE, "لعمامرة", "غوتيريش", frm="2022",
                                            to="2022")),
    ("إلى أين سافر لعمامرة في 2021؟", F(WHERE, "لعمامرة", kind=VISIT, frm="2021", to="2021")),
    ("ما الدول التي زارها بلينكن؟", F(WHERE, "بلينكن", kind=VISIT)),
    ("في أي مدينة التقى لافروف مع شكري؟", F(WHERE, "لافروف", "شكري")),
    ("ماذا ناقش لعمامرة مع شكري؟", F(WHAT, "لعمامرة", "شكري")),
    ("عما تحدث لعمامرة وغوتيريش في 2022؟", F(WHAT, "لعمامرة", "غوتيريش", frm="2022",
                                           to="2022")),
    ("ما هي المواضيع التي ناقشها بلينكن مع لافروف؟", F(WHAT, "بلينكن", "لافروف")),
    ("ماذا بحث لعمامرة في ليبيا؟", F(WHAT, "لعمامرة", place="ليبيا")),
    ("من استقبل لعمامرة في باكو؟",
     F(W, "لعمامرة", place="باكو")),
    ("متى تحادث لعمامرة هاتفيا مع بلينكن؟",
     F(WHEN, "لعمامرة", "بلينكن", kind=CALL)),
    ("مع من اجتمع لعمامرة في نيويورك؟",
     F(W, "لعمامرة", place="نيويورك")),
    ("من أجرى اتصالا هاتفيا مع لعمامرة في أغسطس 2021؟",
     F(W, "لعمامرة", kind=CALL, frm="2021-08", to="2021-08")),
    ("ما القضايا التي بحثها لعمامرة مع غوتيريش؟",
     F(WHAT, "لعمامرة", "غوتيريش")),
    ("أين وقع لعمامرة اتفاقية مع بايراموف؟",
     F(WHERE, "لعمامرة", "بايراموف", kind=AGR)),
    ("متى التقى رمطان لعمامرة مع أنطونيو غوتيريش؟",
     F(WHEN, "رمطان لعمامرة", "أنطونيو غوتيريش")),
    ("من التقى وزير الخارجية الجزائري؟",
     F(W, "وزير الخارجية الجزائري")),
    ("من التقى لعمامرة حول الصحراء الغربية في 2021؟",
     F(W, "لعمامرة", frm="2021", to="2021", topic="الصحراء الغربية")),
    ("متى اتصل بلينكن بلعمامرة؟",
     F(WHEN, "بلينكن", "لعمامرة", kind=CALL)),
    ("من تحدث مع بلينكن في مايو 2022؟", F(W, "بلينكن", frm="2022-05", to="2022-05")),
    ("من استقبل غوتيريش في نيويورك؟", F(W, "غوتيريش", place="نيويورك")),
    ("متى تحادث شكري ولافروف هاتفيا؟", F(WHEN, "شكري", "لافروف", kind=CALL)),
    ("أين وقع لعمامرة مع بايراموف؟", F(WHERE, "لعمامرة", "بايراموف", kind=AGR)),
    ("ماذا ناقش غوتيريش مع لعمامرة بشأن مالي؟", F(WHAT, "غوتيريش", "لعمامرة", topic="مالي")),
    ("من زار لعمامرة في 2021؟", F(W, "لعمامرة", kind=VISIT, frm="2021", to="2021")),
    ("من وجه رسالة إلى غوتيريش حول الصحراء الغربية؟",
     F(W, "غوتيريش", kind=MSG, topic="الصحراء الغربية")),
    ("بمن اتصل بلينكن بين يناير ومارس 2022؟",
     F(W, "بلينكن", kind=CALL, frm="2022-01", to="2022-03")),
    ("متى زار لافروف القاهرة؟", F(WHEN, "لافروف", kind=VISIT, place="القاهرة")),
    ("الجدول الزمني لسامح شكري", F("timeline", "لسامح شكري")),
    ("الجدول الزمني لرمطان لعمامرة", F("timeline", "لرمطان لعمامرة")),
    ("العلاقة بين لعمامرة و غوتيريش", F("path", "لعمامرة", "غوتيريش")),
]]

TABLE: list[Row] = EN + FR + AR


def test_ask_table_has_forty_questions_per_language() -> None:
    assert min(len(EN), len(FR), len(AR)) >= 40


@pytest.mark.issue(15)
@pytest.mark.parametrize(("lang", "question", "form"), TABLE,
                         ids=[f"{lang}-{i}" for i, (lang, _, _) in enumerate(TABLE)])
def test_ask_grammar_reads_form(lang: str, question: str, form: dict[str, Any]) -> None:
    parsed = parse_question(question)
    assert parsed.lang == lang
    assert parsed.form == form


@pytest.mark.parametrize(("question", "lang"), [
    ("tell me a joke", "en"), ("who", "en"), ("quelle heure est-il ?", "fr"),
    ("qui ?", "fr"), ("ما هو الطقس اليوم؟", "ar"), ("من", "ar"),
])
def test_ask_grammar_unknown_lists_closest_forms_in_its_language(question: str,
                                                                  lang: str) -> None:
    with pytest.raises(QuestionNotUnderstood) as info:
        parse_question(question)
    assert info.value.status == 422
    assert info.value.errors and {e["lang"] for e in info.value.errors} == {lang}


def test_ask_grammar_closest_form_first() -> None:
    with pytest.raises(QuestionNotUnderstood) as info:
        parse_question("when Lamamra met Guterres")
    assert info.value.errors[0]["q"] == "when did Lamamra meet Guterres"


def test_ask_grammar_arabic_clitic_kept_as_alternate() -> None:
    parsed = parse_question("من اتصل بلعمامرة؟")
    assert parsed.persons == ("لعمامرة",) and parsed.kind == "phone_call"
    assert parsed.alternates == {"لعمامرة": "بلعمامرة"}


def test_ask_grammar_arabic_names_side_by_side_split_at_resolution() -> None:
    parsed = parse_question("متى التقى رمطان لعمامرة أنطونيو غوتيريش؟")
    assert parsed.pair and parsed.persons == ("رمطان لعمامرة أنطونيو غوتيريش",)


@pytest.mark.parametrize("question", ["who met Lamamra in March", "qui a rencontré Lamamra "
                                                                   "en l'an 3000000"])
def test_ask_grammar_never_invents_a_year(question: str) -> None:
    try:
        parsed = parse_question(question)
    except QuestionNotUnderstood:
        return
    assert parsed.date_from is None and parsed.date_to is None
