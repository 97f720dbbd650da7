"""`POST /ask`: a question in English, French or Arabic, read by a small grammar."""

from __future__ import annotations

from fastapi import APIRouter

from app.ask import EXAMPLES, answer_question
from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import AskAnswer, AskRequest

router = APIRouter(prefix="/ask", tags=["ask"], dependencies=[ReadKeyDep])


@router.post("", response_model=AskAnswer, responses=errors(404, 409, 413, 415))
def ask(services: ServicesDep, body: AskRequest) -> AskAnswer:
    """Answer "who met X [about Y]", "timeline of X" or "path from X to Y" (en, fr, ar).
    A question the grammar cannot read gets 422 with examples."""
    return answer_question(services, body.q)


ask.__doc__ = (ask.__doc__ or "") + "\n\nExamples: " + "; ".join(e["q"] for e in EXAMPLES)
