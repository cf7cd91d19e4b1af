"""`assess` and `validate` subcommands."""

from __future__ import annotations

from model.content.loader import DEFAULT_PATH, load_questionnaire
from model.errors import QuestionnaireError
from model.inputs.answers import load_answers
from model.scoring.assess import assess


def register(sub) -> None:
    p = sub.add_parser("assess", help="score an answers file (JSON or YAML) and print the result as JSON")
    p.add_argument("answers", help="answers file")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--questionnaire", help="questionnaire folder or file (default: the built-in one)")
    p.set_defaults(func=_assess)

    p = sub.add_parser("validate", help="check questionnaire content")
    p.add_argument("paths", nargs="*", help="questionnaire folders or files (default: the built-in one)")
    p.set_defaults(func=_validate)


def _assess(args) -> int:
    from model.cli.main import print_json

    questionnaire = load_questionnaire(args.questionnaire)
    result = assess(questionnaire, load_answers(args.answers, questionnaire))
    print_json(result.to_dict(args.lang))
    return 0


def _validate(args) -> int:
    problems: list[str] = []
    for path in args.paths or [DEFAULT_PATH]:
        try:
            q = load_questionnaire(path)
            scored = sum(1 for x in q.questions if x.scored)
            print(f"ok: {path}: {q.id} v{q.version}, {scored} scored questions, {len(q.questions)} in all")
        except QuestionnaireError as exc:
            problems += exc.messages
    if problems:
        raise QuestionnaireError(problems)
    return 0
