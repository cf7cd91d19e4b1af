"""Loading and validating questionnaire content (a folder of YAML files, or one file)."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from model.content.schema import Questionnaire
from model.errors import InputError, QuestionnaireError
from model.inputs.safe_io import read_data_file

ROOT = Path(__file__).resolve().parents[2] / "questionnaires"
DEFAULT_PATH = ROOT / "broker_ecosystem"
MAX_CONTENT_BYTES = 2_000_000


class _Origins:
    """Remembers which file each top-level key and each question came from, for error messages."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.questions: list[tuple[str, int, str]] = []  # (file, index in file, id)

    def where(self, path: str) -> str:
        m = re.match(r"^questions\[(\d+)\](.*)$", path)
        if m and int(m.group(1)) < len(self.questions):
            file, local, qid = self.questions[int(m.group(1))]
            label = f" ({qid})" if qid else ""
            return f"{file}: questions[{local}]{label}{m.group(2)}"
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        return f"{self.keys.get(top, self.keys.get('', '?'))}: {path}"


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
    return [path]


def _merge(path: Path) -> tuple[dict, _Origins]:
    merged: dict = {}
    origins = _Origins()
    problems: list[str] = []
    files = _files(path)
    if not files:
        raise QuestionnaireError([f"{path}: no questionnaire files found"])
    for file in files:
        name = _display(file)
        origins.keys.setdefault("", name)
        try:
            data = read_data_file(file, MAX_CONTENT_BYTES)
        except InputError as exc:
            problems.append(str(exc).replace(str(file), name, 1))
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}: expected a mapping at the top level")
            continue
        for key, value in data.items():
            if key == "questions":
                if not isinstance(value, list):
                    problems.append(f"{name}: questions: expected a list")
                    continue
                for i, q in enumerate(value):
                    qid = q.get("id", "") if isinstance(q, dict) else ""
                    origins.questions.append((name, i, str(qid)))
                merged.setdefault("questions", []).extend(value)
                origins.keys.setdefault("questions", name)
            elif key in merged:
                problems.append(f"{name}: {key}: already defined in {origins.keys[key]}")
            else:
                merged[key] = value
                origins.keys[key] = name
    if problems:
        raise QuestionnaireError(problems)
    return merged, origins


def _display(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(ROOT.parent))
    except ValueError:
        return str(file)


def _loc_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> tuple[str, str]:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    path, msg = _loc_path(loc), err["msg"]
    if err["type"] == "missing":
        msg = "missing translation" if loc and loc[-1] in ("zh", "en") else "required field is missing"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    elif err["type"] == "string_too_short" and loc and loc[-1] in ("zh", "en"):
        msg = "missing translation (empty text)"
    elif err["type"] in ("greater_than_equal", "less_than_equal") and loc and loc[-1] == "score":
        msg = f"score must be between 0 and 1 (got {err.get('input')})"
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
        # a nested path in the message ("options[1].score: ...") belongs to the path
        m = re.match(r"^((?:options|bands)\[\d+\](?:\.\w+)?|categories\.\w+\.\w+|categories): (.*)$", msg)
        if m:
            path, msg = f"{path}.{m.group(1)}", m.group(2)
    return path, msg


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """Load and validate; raises QuestionnaireError with one line per problem (file and field named)."""
    path = Path(path) if path else DEFAULT_PATH
    if not path.exists():
        raise QuestionnaireError([f"{path}: no such file or folder"])
    merged, origins = _merge(path)
    try:
        questionnaire = Questionnaire.model_validate(merged)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field, msg = _message(err)
            lines.append(f"{origins.where(field)}: {msg}")
        raise QuestionnaireError(lines) from None
    problems = questionnaire.check_references()
    if problems:
        raise QuestionnaireError([f"{origins.where(field)}: {msg}" for field, msg in problems])
    return questionnaire
