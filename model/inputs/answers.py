"""Answer sets: validating untrusted answer files and writing them back (docs/architecture.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from model.content.base import Text
from model.content.schema import INDEX_IDS, Question, Questionnaire
from model.errors import InputError
from model.inputs.migrate import Review, migrate, steps
from model.inputs.safe_io import parse_data, read_data_file
from model.partners.work import PartnerWork, parse_partner_work, to_data
from model.text import join, show_value

INDICATOR_LIMIT = 1e9  # an early-warning indicator's current value: the Risks inputs use the same bounds

MAX_META_TEXT = 500
META_KEYS = ("name", "date", "lang", "notes", "author")
PLAN_STATUSES = ("not_started", "in_progress", "done", "dropped")
MAX_OWNER_TEXT = 80
MAX_NOTE_TEXT = 500
PLAN_FIELDS = ("owner", "start", "due", "status", "note")


@dataclass(frozen=True)
class ActionTracking:
    """What the team records for one plan action (issue 13): who owns it, when, how far it is."""

    owner: str = ""  # a name or a role; "" = the content's role
    start: date | None = None  # None = the phase's start
    due: date | None = None  # None = the phase's end
    status: str = "not_started"
    note: str = ""

    def is_default(self) -> bool:
        return self == ActionTracking()


@dataclass(frozen=True)
class AnswerSet:
    """Validated answers: question id -> value (a str, a list of str, or a number)."""

    answers: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] | None = None  # readiness weights chosen by the user (§4.2.1)
    indicators: dict[str, float] = field(default_factory=dict)  # early-warning values typed in (§3.7)
    plan: dict[str, ActionTracking] = field(default_factory=dict)  # action id -> the team's tracking
    # set when the file was made with an older questionnaire version: what to look at again
    migrated_from: int | None = None
    review: tuple[Review, ...] = ()
    partners: PartnerWork | None = None  # candidates, AHP judgements, DEA model (model/partners/work.py)


def check_value(question: Question, value: Any, where: str, source: str | None = None) -> Any:
    """Return the normalised value, or raise InputError naming the file and the field `where`."""
    if question.type in ("single", "scale"):
        if not isinstance(value, str) or question.option(value) is None:
            raise InputError("not_option", source, field=where, got=show_value(value), **_options(question))
        return value
    if question.type == "multi":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise InputError("not_list", source, field=where)
        for item in value:
            if not isinstance(item, str) or question.option(item) is None:
                raise InputError(
                    "not_option", source, field=where, got=show_value(item), **_options(question)
                )
        return [o.value for o in question.options if o.value in value]  # canonical order, no repeats
    # number
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError("not_number", source, field=where, got=show_value(value))
    if not question.min <= value <= question.max:
        raise InputError("out_of_range", source, field=where, got=value, low=question.min, high=question.max)
    return value


def parse_answers(data: object, questionnaire: Questionnaire, source: str) -> AnswerSet:
    if not isinstance(data, dict):
        raise InputError("not_mapping", source)
    qid = data.get("questionnaire")
    if qid != questionnaire.id:
        raise InputError("wrong_questionnaire", source, got=show_value(qid), expected=questionnaire.id)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError("bad_version", source, got=show_value(version))
    if version > questionnaire.version:
        raise InputError("future_version", source, got=version, known=questionnaire.version)
    chain = steps(questionnaire, version) if version >= 1 else None
    if chain is None:
        raise InputError("old_version", source, got=version)
    blocks: dict[str, dict] = {}
    for section in ("profile", "answers"):
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            raise InputError("section_not_mapping", source, field=section)
        blocks[section] = block
    review: list[Review] = []
    if chain:
        blocks, review = migrate(blocks, chain, questionnaire, source)
    moved = {r.question for r in review if r.kind != "new"}
    answers: dict[str, Any] = {}
    for section, block in blocks.items():
        for key, value in block.items():
            question = questionnaire.question(str(key))
            if question is None:
                raise InputError("unknown_question", source, field=f"{section}.{str(key)[:60]}")
            if value is None or value == []:
                continue
            try:
                answers[question.id] = check_value(question, value, f"{section}.{key}", source)
            except InputError:
                if question.id not in moved:  # only an answer the map carried may no longer fit
                    raise
                review.append(Review(question.id, question.id, _OUT_OF_RANGE, "changed"))
    return AnswerSet(
        answers,
        _meta(data.get("meta"), source),
        _weights(data.get("weights"), source),
        _indicators(data.get("indicators"), questionnaire, source),
        plan=parse_plan(data.get("plan"), questionnaire, source),
        migrated_from=version if chain else None,
        review=tuple(review),
        partners=parse_partner_work(data.get("partners"), source),
    )


_OUT_OF_RANGE = Text(
    zh="旧答案超出新版允许的范围，未能沿用，请重新填写。",
    en="The old answer is outside what the new version accepts, so it was not carried over; please answer again.",
)


def parse_plan(block: object, questionnaire: Questionnaire, source: str | None) -> dict[str, ActionTracking]:
    """The `plan` section: {actions: {action id: {owner, start, due, status, note}}}. User text is
    untrusted: known ids only, ISO dates, bounded text; each error names the field."""
    if block is None:
        return {}
    if not isinstance(block, dict) or set(block) - {"actions"}:
        raise InputError("plan_bad_field", source, field="plan", problem="actions")
    actions = block.get("actions") or {}
    if not isinstance(actions, dict):
        raise InputError("plan_bad_field", source, field="plan.actions", problem="{id: {...}}")
    known = {a.id for a in questionnaire.roadmap.actions}
    out = {}
    for key, entry in actions.items():
        where = f"plan.actions.{str(key)[:60]}"
        if key not in known:
            raise InputError("plan_unknown_action", source, field=where)
        if not isinstance(entry, dict):
            raise InputError("plan_bad_field", source, field=where, problem=", ".join(PLAN_FIELDS))
        extra = set(entry) - set(PLAN_FIELDS)
        if extra:
            raise InputError(
                "plan_bad_field",
                source,
                field=f"{where}.{str(sorted(map(str, extra))[0])[:30]}",
                problem=", ".join(PLAN_FIELDS),
            )
        status = entry.get("status") or "not_started"
        if status not in PLAN_STATUSES:
            raise InputError(
                "plan_bad_field", source, field=f"{where}.status", problem=" | ".join(PLAN_STATUSES)
            )
        start = _plan_date(entry.get("start"), f"{where}.start", source)
        due = _plan_date(entry.get("due"), f"{where}.due", source)
        if start and due and due < start:
            raise InputError("plan_due_before_start", source, field=f"{where}.due")
        out[key] = ActionTracking(
            owner=_plan_text(entry.get("owner"), f"{where}.owner", MAX_OWNER_TEXT, source),
            start=start,
            due=due,
            status=status,
            note=_plan_text(entry.get("note"), f"{where}.note", MAX_NOTE_TEXT, source),
        )
    return out


def _plan_date(value: object, where: str, source: str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):  # YAML reads 2027-03-31 as a date
        return value
    try:
        day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise InputError("plan_bad_date", source, field=where, got=show_value(value))
    return day


def _plan_text(value: object, where: str, limit: int, source: str | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("plan_bad_field", source, field=where, problem="text")
    text = value.strip()
    if len(text) > limit:
        raise InputError("plan_text_too_long", source, field=where, got=len(text), limit=limit)
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InputError("plan_bad_field", source, field=where, problem="text")
    return text


def plan_document(plan: dict[str, ActionTracking]) -> dict:
    """The `plan` section as written to the answers file; actions left at their defaults are omitted."""
    actions = {}
    for action_id, tr in sorted(plan.items()):
        if tr.is_default():
            continue
        entry: dict[str, str] = {"status": tr.status}
        if tr.owner:
            entry["owner"] = tr.owner
        if tr.start:
            entry["start"] = tr.start.isoformat()
        if tr.due:
            entry["due"] = tr.due.isoformat()
        if tr.note:
            entry["note"] = tr.note
        actions[action_id] = entry
    return {"actions": actions}


def _indicators(values: object, questionnaire: Questionnaire, source: str) -> dict[str, float]:
    if values is None:
        return {}
    known = {i.id for i in questionnaire.risk_register.indicators}
    if not isinstance(values, dict):
        raise InputError("section_not_mapping", source, field="indicators")
    out = {}
    for key, value in values.items():
        field_name = f"indicators.{str(key)[:60]}"
        if key not in known:
            raise InputError("unknown_question", source, field=field_name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError("not_number", source, field=field_name, got=show_value(value))
        if abs(value) > INDICATOR_LIMIT:
            raise InputError(
                "out_of_range",
                source,
                field=field_name,
                got=value,
                low=-INDICATOR_LIMIT,
                high=INDICATOR_LIMIT,
            )
        out[key] = float(value)
    return out


def _meta(meta: object, source: str) -> dict[str, str]:
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InputError("bad_meta", source, field="meta", problem="expected a mapping")
    out = {}
    for key in META_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InputError("bad_meta", source, field=f"meta.{key}", problem="expected text")
        text = str(value)
        if len(text) > MAX_META_TEXT:
            raise InputError("bad_meta", source, field=f"meta.{key}", problem=f"> {MAX_META_TEXT} characters")
        out[key] = text
    if out.get("lang") not in (None, "zh", "en"):
        raise InputError("bad_meta", source, field="meta.lang", problem="zh | en")
    return out


def _weights(weights: object, source: str) -> dict[str, float] | None:
    if weights is None:
        return None
    if not isinstance(weights, dict) or set(weights) != set(INDEX_IDS):
        raise InputError("bad_weights", source, problem=", ".join(INDEX_IDS))
    out = {}
    for key in INDEX_IDS:
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise InputError("bad_weights", source, problem=f"{key}: 0..1")
        out[key] = float(value)
    total = sum(out.values())
    if abs(total - 1) > 1e-3:
        raise InputError("bad_weights", source, problem=f"sum = {total:.3f} ≠ 1")
    return {k: v / total for k, v in out.items()}


def load_answers(path: str | Path, questionnaire: Questionnaire) -> AnswerSet:
    return parse_answers(read_data_file(path), questionnaire, str(path))


def answers_from_bytes(raw: bytes, name: str, questionnaire: Questionnaire) -> AnswerSet:
    return parse_answers(parse_data(raw, name), questionnaire, name)


def to_document(answer_set: AnswerSet, questionnaire: Questionnaire) -> dict:
    """The answers file (README, "Command line"): profile facts apart from scored answers."""
    profile, answers = {}, {}
    for q in questionnaire.questions:
        if q.id in answer_set.answers:
            (profile if q.dimension == "profile" else answers)[q.id] = answer_set.answers[q.id]
    doc: dict[str, Any] = {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "meta": dict(answer_set.meta),
        "profile": profile,
        "answers": answers,
    }
    if answer_set.weights:
        doc["weights"] = dict(answer_set.weights)
    if answer_set.indicators:
        doc["indicators"] = dict(answer_set.indicators)
    if any(not tr.is_default() for tr in answer_set.plan.values()):
        doc["plan"] = plan_document(answer_set.plan)
    if answer_set.partners and not answer_set.partners.is_empty():
        doc["partners"] = to_data(answer_set.partners)
    return doc


def _options(question: Question) -> dict[str, dict[str, str]]:
    """The question as a person reads it, and the values a file may hold for it (one per language)."""
    values = [o.value for o in question.options]
    return {
        "question": {lang: _short(question.text.get(lang)) for lang in ("zh", "en")},
        "values": {lang: join(values, lang) for lang in ("zh", "en")},
    }


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
