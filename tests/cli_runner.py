"""`python -m model ...` run in-process (fast), or as a real subprocess for the few smoke tests."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from model.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Completed:
    returncode: int
    stdout: str
    stderr: str


def run_model(*args: str) -> Completed:
    """The CLI's main() with captured output, from the repository root like the README's commands."""
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(here)
    return Completed(code, out.getvalue(), err.getvalue())


def run_process(*args: str) -> Completed:
    """A real `python -m model` process: what a user's shell runs (entry point, exit code, encoding)."""
    proc = subprocess.run(
        [sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    return Completed(proc.returncode, proc.stdout, proc.stderr)
