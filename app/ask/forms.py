"""The question forms of `/ask`, per language: (intent, template, event kind or None).

Slots are explained in `app.ask.grammar`; `{OBJ}` is `{X}` as the verb's object, where an
Arabic preposition may be glued to the name ("اتصل بلعمامرة"). Templates are written as a
reader would type them (accents, hamza); they are folded when compiled. The first form that
matches wins, so a form with two names comes before the same form with one. `NOUNS` name an
event kind in forms such as "when was the meeting between X and Y".
"""

from __future__ import annotations

from app.ask.lexicon import AGREEMENT, CALL, MEET, MESSAGE, VISIT

Form = tuple[str, str, str | None]

_WHO_EN = "(?:who|whom|which (?:people|officials|ministers|leaders|diplomats|counterparts))"
_WHEN_EN = "(?:when|on what date|on which date|on what day|in which year|what year)"
_WHERE_EN = "(?:where|in which (?:country|countries|city|cities|place|places))"
_WHAT_EN = "(?:what|which (?:topics|subjects|issues|matters)|what (?:topics|subjects|issues))"
_TALK_EN = "(?:discuss|talk about|speak about|raise|cover|address)"

_QUI = ("(?:qui|qui est-ce qui|quels? (?:responsables|ministres|dirigeants|personnalités|"
        "diplomates|interlocuteurs))")
_AVEC_QUI = "(?:avec qui|à qui|qui|chez qui|auprès de qui|quels? (?:responsables|ministres|" \
            "dirigeants|personnalités|diplomates|interlocuteurs))"
_A_T_IL = "(?:a-t-il|a-t-elle|a t il|a t elle|a)"
_S_EST_IL = "(?:s'est-il|s'est-elle|s'est il|s'est)"
_ONT_ILS = "(?:ont-ils|ont-elles|ont ils|ont)"
_SE_SONT = "(?:se sont-ils|se sont-elles|se sont ils|se sont)"
_QUAND = "(?:quand|à quelle date|en quelle année|à quel moment|quel jour)"
_OU = "(?:où|dans quel pays|dans quelle ville|en quel lieu|à quel endroit)"
_PARLE = "(?:parlé|discuté|débattu|échangé)"
_SUJETS = "(?:quels|quelles) (?:sujets|questions|dossiers|thèmes)"
_ABORDE = "(?:abordés|abordées|discutés|discutées|évoqués|évoquées)"
_EU_LIEU = "(?:a eu lieu|a-t-il eu lieu|a-t-elle eu lieu|s'est tenu|s'est tenue)"
_PORTE = "(?:a porté|portait|a-t-elle porté|a-t-il porté)"

_MAN = "(?:من|من الذي|من هم الذين|من هو الذي|من هي التي)"
_WITH_WHOM = "(?:مع من|بمن|لمن|إلى من|الى من)"
_SEP = "(?:\\s+مع\\s+|\\s+و\\s*|\\s+ب(?!ا[^ل]))"
_MATA = "(?:متى|في أي تاريخ|في أي يوم|في أي سنة|في أي عام)"
_AYNA = "(?:أين|في أي بلد|في أي مدينة|في أي مكان|في أي دولة)"
_MADHA = "(?:ماذا|ما الذي|عم|عما|عن ماذا|فيم|فيما|حول ماذا|بشأن ماذا)"
_NAQASH = "(?:ناقش|ناقشت|بحث|بحثت|تناول|تناولت|تباحث|تباحثت|تحدث|تحدثت|تحادث|تكلم|تكلمت)"
_TOPICS_AR = "(?:ما|ما هي|ماهي) (?:المواضيع|المسائل|القضايا|الملفات|الموضوعات) التي"
_NAQASHAHA = "(?:ناقشها|بحثها|تناولها|تباحث فيها|تطرق إليها)"

FORMS: dict[str, list[Form]] = {
    "en": [
        ("who_met", f"{_WHO_EN} (?:has |have |had )?{{V}} {{X}}", None),
        ("who_met", f"(?:{_WHO_EN}|with whom|to whom) (?:did|does|will) {{X}} {{B}}(?: with| to)?",
         None),
        ("who_met", f"(?:{_WHO_EN}|with whom|to whom) (?:has|have|had) {{X}} {{V}}(?: with| to)?",
         None),
        ("who_met", "(?:list |show |show me )?(?:all )?(?:the )?(?:meetings|encounters|contacts) "
                    "(?:of|with) {X}", None),
        ("who_met", "(?:list |show |show me )?(?:all )?(?:the )?(?:phone calls|calls) (?:of|with) "
                    "{X}", CALL),
        ("who_met", "(?:list |show |show me )?(?:all )?(?:the )?agreements signed by {X}",
         AGREEMENT),
        ("when", f"{_WHEN_EN} (?:did|has|had) {{X}} and {{Y}} {{B}}(?: each other)?", None),
        ("when", f"{_WHEN_EN} (?:did|does) {{X}} {{B}} {{Y}}", None),
        ("when", f"{_WHEN_EN} (?:has|had) {{X}} {{V}} {{Y}}", None),
        ("when", f"{_WHEN_EN} (?:did|does) {{X}} (?:travel|go|fly) to {{Y}}", VISIT),
        ("when", f"{_WHEN_EN} was the {{N}} (?:between|of) {{X}} (?:and|with) {{Y}}", None),
        ("where", f"{_WHERE_EN} (?:did|has|had) {{X}} and {{Y}} {{B}}(?: each other)?", None),
        ("where", f"{_WHERE_EN} (?:did|does) {{X}} {{B}} {{Y}}", None),
        ("where", f"{_WHERE_EN} (?:has|had) {{X}} {{V}} {{Y}}", None),
        ("where", f"{_WHERE_EN} (?:did|has|had) {{X}} (?:go|travel|gone|travelled|traveled|been)",
         VISIT),
        ("where", "which (?:countries|cities|places) (?:did|has|had) {X} (?:visit|visited)", VISIT),
        ("where", f"{_WHERE_EN} was the {{N}} (?:between|of) {{X}} (?:and|with) {{Y}}", None),
        ("what_about", f"{_WHAT_EN} did {{X}} and {{Y}} {_TALK_EN}", None),
        ("what_about", f"{_WHAT_EN} did {{X}} {_TALK_EN} with {{Y}}", None),
        ("what_about", "(?:about what|on what|over what) did {X} {B} {Y}", None),
        ("what_about", "what did {X} {B} {Y} (?:about|for)", None),
        ("what_about", "what was the {N} (?:between|of) {X} (?:and|with) {Y} about", None),
        ("what_about", f"{_WHAT_EN} did {{X}} {_TALK_EN}", None),
        ("timeline", "(?:show (?:me )?)?(?:the )?(?:timeline|agenda|history|activity) (?:of|for) "
                     "{X}", None),
        ("timeline", "what did {X} do", None),
        ("path", "(?:show (?:me )?)?(?:the )?(?:shortest )?(?:path|connection|link) "
                 "(?:from|between) {X} (?:to|and) {Y}", None),
        ("path", "how (?:is|are) {X} (?:connected|linked|related) to {Y}", None),
        ("path", "how are {X} and {Y} (?:connected|linked|related)", None),
    ],
    "fr": [
        ("who_met", f"{_AVEC_QUI} est-ce que {{X}} a {{V}}", None),
        ("who_met", f"{_AVEC_QUI} est-ce que {{X}} s'est {{R}}", None),
        ("when", f"{_QUAND} est-ce que {{X}} a {{V}} {{Y}}", None),
        ("when", f"{_QUAND} est-ce que {{X}} s'est {{R}} {{Y}}", None),
        ("where", f"{_OU} est-ce que {{X}} a {{V}} {{Y}}", None),
        ("what_about", f"de quoi est-ce que {{X}} a {_PARLE} avec {{Y}}", None),
        ("who_met", f"{_QUI} (?:a|ont) {{V}} {{X}}", None),
        ("who_met", f"{_QUI} (?:s'est|se sont) {{R}} {{X}}", None),
        ("who_met", f"{_AVEC_QUI} {{X}} {_A_T_IL} {{V}}", None),
        ("who_met", f"{_AVEC_QUI} {{X}} {_S_EST_IL} {{R}}", None),
        ("who_met", "(?:les )?(?:rencontres|entretiens|entrevues|contacts|réunions) de {X}", None),
        ("who_met", "(?:les )?(?:appels|appels téléphoniques|entretiens téléphoniques) de {X}",
         CALL),
        ("who_met", "(?:les )?accords signés par {X}", AGREEMENT),
        ("when", f"{_QUAND} {{X}} et {{Y}} {_SE_SONT} {{RR}}", None),
        ("when", f"{_QUAND} {{X}} et {{Y}} {_ONT_ILS} {{V}}", None),
        ("when", f"{_QUAND} {{X}} {_A_T_IL} {{V}} {{Y}}", None),
        ("when", f"{_QUAND} {{X}} {_S_EST_IL} {{R}} {{Y}}", None),
        ("when", f"{_QUAND} {_EU_LIEU} (?:la |le |l')?{{N}} entre {{X}} et {{Y}}", None),
        ("where", f"{_OU} {{X}} et {{Y}} {_SE_SONT} {{RR}}", None),
        ("where", f"{_OU} {{X}} et {{Y}} {_ONT_ILS} {{V}}", None),
        ("where", f"{_OU} {{X}} {_A_T_IL} {{V}} {{Y}}", None),
        ("where", f"{_OU} {{X}} {_S_EST_IL} {{R}} {{Y}}", None),
        ("where", f"{_OU} {_EU_LIEU} (?:la |le |l')?{{N}} entre {{X}} et {{Y}}", None),
        ("where", f"{_OU} {{X}} {_S_EST_IL} rendue?s?", VISIT),
        ("where", f"(?:quels|dans quels) pays {{X}} {_A_T_IL} visités?", VISIT),
        ("what_about", f"de quoi {{X}} et {{Y}} {_ONT_ILS} {_PARLE}", None),
        ("what_about", f"de quoi {{X}} {_A_T_IL} {_PARLE} avec {{Y}}", None),
        ("what_about", f"{_SUJETS} {{X}} {_A_T_IL} {_ABORDE} avec {{Y}}", None),
        ("what_about", f"{_SUJETS} {{X}} et {{Y}} {_ONT_ILS} {_ABORDE}", None),
        ("what_about", f"sur quoi {_PORTE} (?:la |le |l')?{{N}} entre {{X}} et {{Y}}", None),
        ("what_about", f"de quoi {{X}} {_A_T_IL} {_PARLE}", None),
        ("timeline", "(?:la )?(?:chronologie|agenda|calendrier|historique|parcours) (?:de |d')"
                     "{X}", None),
        ("timeline", "qu'a fait {X}", None),
        ("path", "(?:le )?(?:plus court )?(?:chemin|lien|relation) (?:entre |de |d')"
                 "{X} (?:et|à) {Y}", None),
        ("path", "quel(?:le)? (?:est le |est la )?(?:lien|relation|chemin) (?:entre|de) {X} "
                 "(?:et|à) {Y}", None),
        ("path", "comment {X} est-(?:il|elle) (?:lié|liée|relié|reliée) à {Y}", None),
    ],
    "ar": [
        ("who_met", f"{_MAN} {{V}}\\s*{{OBJ}}", None),
        ("who_met", f"{_WITH_WHOM} {{V}} {{X}}", None),
        ("who_met", "(?:لقاءات|اجتماعات|محادثات) {X}", None),
        ("who_met", "(?:اتصالات|مكالمات) {X}", CALL),
        ("who_met", "(?:اتفاقيات|اتفاقات) {X}", AGREEMENT),
        ("when", f"{_MATA} {{V}} {{X}}{_SEP}{{Y}}", None),
        ("when", f"{_MATA} {{V}} {{XY}}", None),
        ("when", f"{_MATA} (?:كان|جرى|تم|عقد) (?:ال)?{{N}} بين {{X}}{_SEP}{{Y}}", None),
        ("where", f"{_AYNA} {{V}} {{X}}{_SEP}{{Y}}", None),
        ("where", f"{_AYNA} {{V}} {{XY}}", None),
        ("where", "(?:أين|إلى أين|الى أين) (?:سافر|ذهب|توجه|سافرت|ذهبت|توجهت) {X}", VISIT),
        ("where", "(?:ما|ما هي|ماهي) (?:الدول|البلدان|المدن) التي (?:زارها|زارتها) {X}", VISIT),
        ("where", f"{_AYNA} (?:كان|جرى|تم|عقد) (?:ال)?{{N}} بين {{X}}{_SEP}{{Y}}", None),
        ("what_about", f"{_MADHA} {_NAQASH} {{X}}{_SEP}{{Y}}", None),
        ("what_about", f"{_MADHA} {_NAQASH} {{XY}}", None),
        ("what_about", f"{_TOPICS_AR} {_NAQASHAHA} {{X}}{_SEP}{{Y}}", None),
        ("what_about", f"{_MADHA} {_NAQASH} {{X}}", None),
        ("timeline", "(?:ال)?(?:جدول الزمني|تسلسل الزمني|خط الزمني|نشاطات|أنشطة|نشاط) "
                     "(?:الخاص ب)?{X}", None),
        ("timeline", "ماذا فعل {X}", None),
        ("path", "(?:ما )?(?:هي )?(?:ال)?(?:علاقة|مسار|صلة|طريق) (?:بين|من) {X}"
                 "\\s+(?:و|وبين|إلى|الى)\\s*{Y}", None),
    ],
}

NOUNS: dict[str, dict[str, str | None]] = {
    "en": {"meeting": MEET, "talks": MEET, "phone call": CALL, "call": CALL, "visit": VISIT,
           "letter": MESSAGE, "agreement": AGREEMENT},
    "fr": {"rencontre": MEET, "réunion": MEET, "entretien": MEET, "entretien téléphonique": CALL,
           "appel": CALL, "appel téléphonique": CALL, "visite": VISIT, "lettre": MESSAGE,
           "accord": AGREEMENT},
    "ar": {"لقاء": MEET, "اجتماع": MEET, "اتصال": CALL, "اتصال الهاتفي": CALL,
           "مكالمة": CALL, "زيارة": VISIT, "رسالة": MESSAGE, "اتفاق": AGREEMENT,
           "اتفاقية": AGREEMENT},
}
