"""`/ask`: questions in English, French and Arabic, read by a grammar (no LLM) and answered
from the graph.

`lexicon` holds the words, `forms` the question forms, `dates` the date expressions,
`grammar` compiles them and parses (`parse_question`, pure), `plan` resolves the names and
runs the same answer functions as the REST routes (`answer_question`).
"""

from app.ask.grammar import ParsedQuestion, closest_forms, parse_question
from app.ask.lexicon import EXAMPLES
from app.ask.plan import answer_question

__all__ = ["EXAMPLES", "ParsedQuestion", "answer_question", "closest_forms", "parse_question"]
