"""`POST /ask`: a question in English, French or Arabic, read by the grammar of `app.ask`."""

from __future__ import annotations

from fastapi import APIRouter

from app.ask import EXAMPLES, answer_question
from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import AskAnswer, AskRequest

router = APIRouter(prefix="/ask", tags=["ask"], dependencies=[ReadKeyDep])


@router.post("", response_model=AskAnswer, responses=errors(404, 409, 413, 415))
def ask(services: ServicesDep, body: AskRequest) -> AskAnswer:
    """Answer a question in English, French or Arabic: who met / called / visited / wrote to /
    signed with X; when, where and about what X and Y met; with a date range ("in 2022",
    "en octobre 2021", "في 2022"), a place held in ("in Libya") or a topic ("about Libya");
    also "timeline of X" and "path from X to Y". `params` shows what the grammar read. A
    question it cannot read gets 422 with the closest forms it reads, in its language."""
    return answer_question(services, body.q)


ask.__doc__ = (ask.__doc__ or "") + "\n\nExamples: " + "; ".join(e["q"] for e in EXAMPLES)
