"""BrokerEco's assessment model: pure Python, no UI or database (importable and testable alone)."""

from model.content.loader import load_questionnaire
from model.errors import InputError, QuestionnaireError
from model.inputs.answers import AnswerSet, load_answers, parse_answers
from model.scoring.assess import Result, assess

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
