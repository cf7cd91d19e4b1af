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
    answer_set = load_answers(args.answers, questionnaire)
    out = assess(questionnaire, answer_set).to_dict(args.lang)
    if answer_set.migrated_from is not None:
        out["migration"] = migration_dict(answer_set, questionnaire, args.lang)
    print_json(out)
    return 0


def migration_dict(answer_set, questionnaire, lang: str) -> dict:
    """What an older answers file lost or changed on its way to this version: the questions to look at."""
    review = []
    for r in answer_set.review:
        x = questionnaire.question(r.question) if r.question else None
        review.append(
            {
                "question": r.question,
                "from_question": r.source,
                "kind": r.kind,
                "text": x.text.get(lang) if x else None,
                "reason": r.reason.get(lang),
            }
        )
    return {"from_version": answer_set.migrated_from, "to_version": questionnaire.version, "review": review}


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
