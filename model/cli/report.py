"""`report` subcommand: the same report the app exports, as self-contained HTML, Markdown, PDF or an
Excel workbook (the format from `--format`, else from the output's suffix, else HTML)."""

from __future__ import annotations

import sys
from pathlib import Path

from model.content.loader import load_questionnaire
from model.errors import InputError
from model.inputs.answers import load_answers

FORMATS = ("html", "md", "pdf", "xlsx")
SUFFIXES = {".md": "md", ".markdown": "md", ".pdf": "pdf", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}
BINARY = ("pdf", "xlsx")


def register(sub) -> None:
    p = sub.add_parser("report", help="write the assessment report (HTML, Markdown, PDF or Excel workbook)")
    p.add_argument("answers", help="answers file (JSON or YAML)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="html, md, pdf or xlsx (default: from the output's suffix, else html)",
    )
    p.add_argument("--lang", choices=("zh", "en"), help="report language (default: the file's, else zh)")
    p.add_argument("--questionnaire", help="questionnaire folder or file (default: the built-in one)")
    p.set_defaults(func=_report)


def _format(args) -> str:
    if args.format:
        return args.format
    return SUFFIXES.get(Path(args.output).suffix.lower(), "html") if args.output else "html"


def _renderer(fmt: str):
    # Altair, vl-convert, WeasyPrint and openpyxl load only here: model/ itself stays pure
    from reporting import report
    from reporting.report_workbook import xlsx_report

    return {
        "html": report.html_report,
        "md": report.markdown_report,
        "pdf": report.pdf_report,
        "xlsx": xlsx_report,
    }[fmt]


def _report(args) -> int:
    fmt = _format(args)
    if fmt in BINARY and not args.output:
        raise InputError(f"--format {fmt}: a {fmt.upper()} file is not text; write it with -o FILE")
    questionnaire = load_questionnaire(args.questionnaire)
    answer_set = load_answers(args.answers, questionnaire)
    lang = args.lang or answer_set.meta.get("lang") or "zh"
    content = _renderer(fmt)(questionnaire, answer_set, lang)
    if not args.output:
        sys.stdout.write(content)
        return 0
    try:
        if isinstance(content, bytes):
            Path(args.output).write_bytes(content)
        else:
            Path(args.output).write_text(content, encoding="utf-8")
    except OSError as exc:
        raise InputError("cannot_write", args.output, reason=exc.strerror or type(exc).__name__) from None
    return 0
