"""`report` subcommand: the same report the app exports, as self-contained HTML or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from model.content.loader import load_questionnaire
from model.errors import InputError
from model.inputs.answers import load_answers

FORMATS = ("html", "md")


def register(sub) -> None:
    p = sub.add_parser("report", help="write the assessment report (self-contained HTML, or Markdown)")
    p.add_argument("answers", help="answers file (JSON or YAML)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument(
        "--format", choices=FORMATS, help="html or md (default: from the output's suffix, else html)"
    )
    p.add_argument("--lang", choices=("zh", "en"), help="report language (default: the file's, else zh)")
    p.add_argument("--questionnaire", help="questionnaire folder or file (default: the built-in one)")
    p.set_defaults(func=_report)


def _format(args) -> str:
    if args.format:
        return args.format
    return "md" if args.output and Path(args.output).suffix.lower() in (".md", ".markdown") else "html"


def _report(args) -> int:
    from reporting.report import html_report, markdown_report  # Altair and vl-convert load only here

    questionnaire = load_questionnaire(args.questionnaire)
    answer_set = load_answers(args.answers, questionnaire)
    lang = args.lang or answer_set.meta.get("lang") or "zh"
    render = markdown_report if _format(args) == "md" else html_report
    text = render(questionnaire, answer_set, lang)
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("cannot_write", args.output, reason=exc.strerror or type(exc).__name__) from None
    return 0
