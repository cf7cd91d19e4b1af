"""The partner evaluation saved with an answer set (its `partners` section), for the report.

The Partners page and the report read the same typed result (model/partners/work.py). No Streamlit, so
the CLI `report` shows the partner work of a file too."""

from __future__ import annotations

from model.content.schema import Questionnaire
from model.errors import QuestionnaireError
from model.inputs.answers import AnswerSet
from model.partners import evaluation as pm
from model.partners.work import PartnerResult, broker_goals, evaluate_work


def partner_result(q: Questionnaire, answer_set: AnswerSet) -> PartnerResult | None:
    """The evaluated partner work of the answer set; None without candidates or with broken content."""
    work = answer_set.partners
    if work is None or not work.candidates:
        return None
    try:
        content = pm.load_content()
    except QuestionnaireError:
        return None
    return evaluate_work(work, content, broker_goals(answer_set.answers, content), q.decision_bands)


def saved_assessments(q: Questionnaire, answer_set: AnswerSet) -> tuple[pm.PartnerAssessment, ...]:
    """Every saved candidate's value, risk-adjusted value and band, best first; () without any."""
    result = partner_result(q, answer_set)
    return result.assessments if result else ()
