"""Command line: the same model as the app, no UI (docs/architecture.md). Bad input: one line on stderr, exit 2."""

from __future__ import annotations

import argparse
import json
import sys

from model.errors import InputError, QuestionnaireError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like every other bad input
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m model", description="BrokerEco assessment model")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    from model.cli import analysis as cli_analysis
    from model.cli import assess as cli_assess
    from model.cli import report as cli_report

    cli_assess.register(sub)
    cli_analysis.register(sub)
    cli_report.register(sub)
    return parser


def print_json(data: object) -> None:
    try:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stdout = None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except (InputError, QuestionnaireError) as exc:
        lines = exc.messages if isinstance(exc, QuestionnaireError) else [str(exc)]
        for line in lines:
            print(f"error: {line}", file=sys.stderr)
        return 2
