"""BrokerEco's assessment model: pure Python, no UI or database (importable and testable alone)."""

from model.answers import AnswerSet, load_answers, parse_answers
from model.assess import Result, assess
from model.errors import InputError, QuestionnaireError
from model.questionnaire import load_questionnaire

__all__ = [
    "AnswerSet",
    "InputError",
    "QuestionnaireError",
    "Result",
    "assess",
    "load_answers",
    "load_questionnaire",
    "parse_answers",
]
