"""Carrying answers of an older questionnaire version over to the current one (the migration map).

Applied to the raw answers of a file or share link before they are validated: what carries over is
kept, and every answer that moved, changed meaning or was dropped becomes a `Review` item, so the user
knows which questions to look at again. Nothing else is touched.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from model.content.base import Text
from model.content.migration_schema import Migration, SourceQuestion
from model.content.schema import Questionnaire
from model.errors import InputError
from model.text import join, show_value


@dataclass(frozen=True)
class Review:
    """A question to look at again after a migration, and why."""

    question: str | None  # the current question to look at; None when the old question is gone
    source: str  # the question id in the file's version
    reason: Text
    kind: str  # "changed" | "moved" | "removed" | "new"


def steps(q: Questionnaire, version: int) -> list[Migration] | None:
    """The migrations from `version` up to the questionnaire's, or None if there is no path."""
    by_from = {m.from_version: m for m in q.migrations}
    out = []
    while version < q.version:
        m = by_from.get(version)
        if m is None:
            return None
        out.append(m)
        version = m.to_version
    return out


def migrate(
    blocks: dict[str, dict], chain: list[Migration], q: Questionnaire, source: str
) -> tuple[dict[str, dict], list[Review]]:
    """`blocks`: section -> {question id: raw value} as read from an old file. Returns the same shape in
    the current version's ids, and the review list (ordered as the current questionnaire)."""
    reviews: list[Review] = []
    for m in chain:
        blocks, found = _step(blocks, m, source)
        reviews = [r for r in reviews if r.question is None or r.question in _ids(blocks, m, found)] + found
        reviews = _follow(reviews, m)
    pointed = {r.question for r in reviews}
    reviews += [Review(n.id, n.id, n.reason, "new") for m in chain for n in m.new if n.id not in pointed]
    order = {x.id: i for i, x in enumerate(q.questions)}
    old_order = {k: i for i, k in enumerate(k for m in chain for b in m.source.values() for k in b)}
    reviews.sort(key=lambda r: (r.question is None, order.get(r.question or "", old_order.get(r.source, 0))))
    return blocks, _dedupe(reviews)


def _ids(blocks, m, found) -> set[str]:  # question ids still meaningful after a step
    return {k for b in blocks.values() for k in b} | {r.question for r in found if r.question}


def _follow(reviews: list[Review], m: Migration) -> list[Review]:
    """A review from an earlier step points at the id this step moves it to."""
    out = []
    for r in reviews:
        c = m.change(r.question) if r.question else None
        if c and c.action in ("rename", "merge"):
            r = Review(c.into, r.source, r.reason, r.kind)
        elif c and c.action == "remove":
            r = Review(None, r.source, c.reason, "removed")
        out.append(r)
    return out


def _step(blocks: dict[str, dict], m: Migration, source: str) -> tuple[dict[str, dict], list[Review]]:
    out: dict[str, dict] = {section: {} for section in blocks}
    reviews: list[Review] = []
    merges: list[tuple[str, str, Any]] = []
    for section, block in blocks.items():
        for qid, value in block.items():
            sq = m.source_question(str(qid))
            if sq is None or value is None or value == []:
                out[section][qid] = value  # unknown ids are refused by validation as usual
                continue
            value = _check_old(sq, value, f"{section}.{qid}", source)
            c = m.change(qid)
            if c is None:
                out[section][qid] = value
                continue
            if c.action == "remove":
                reviews.append(Review(None, qid, c.reason, "removed"))
                continue
            target = c.into or qid
            if c.action == "merge":  # only what the map names carries over (or a number into a number)
                merges.append((section, qid, _map(value, c.options, sq, strict=True)[0]))
                continue
            new, lost = _map(value, c.options, sq)
            if new is not None:
                out[section][target] = new
            asked = c.review is True or (isinstance(c.review, tuple) and _touches(value, c.review))
            if lost or asked or new is None:
                reviews.append(Review(target, qid, c.reason, "changed"))
    answered = {k for b in out.values() for k in b}
    for section, qid, new in merges:
        c = m.change(qid)
        if new is not None and c.into not in answered:
            out[section][c.into] = new
            answered.add(c.into)
        reviews.append(Review(c.into, qid, c.reason, "moved"))
    return out, reviews


def _touches(value: Any, values: tuple[str, ...]) -> bool:
    return any(v in values for v in (value if isinstance(value, list) else [value]))


def _check_old(sq: SourceQuestion, value: Any, where: str, source: str) -> Any:
    """The answer must have been valid in its own version; an old file is not a licence for garbage."""
    qid = where.split(".", 1)[1]
    options = {  # the old question has no text any more: named by its id
        "question": {"zh": qid, "en": qid},
        "values": {lang: join(sq.options, lang) for lang in ("zh", "en")},
    }
    if sq.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError("not_number", source, field=where, got=show_value(value))
        return value
    items = [value] if sq.type == "multi" and isinstance(value, str) else value
    if sq.type == "multi":
        if not isinstance(items, list):
            raise InputError("not_list", source, field=where)
    else:
        items = [value]
    for item in items:
        if not isinstance(item, str) or item not in sq.options:
            raise InputError("not_option", source, field=where, got=show_value(item), **options)
    return list(items) if sq.type == "multi" else value


def _map(
    value: Any, mapping: dict[str, str | None], sq: SourceQuestion, strict: bool = False
) -> tuple[Any, bool]:
    """(new value or None, whether part of the answer was lost). Unmapped values stay as they are, or,
    when `strict` (a merge into another question), are not carried."""
    if sq.type == "number":
        return value, False

    def one(v: str) -> str | None:
        return mapping.get(v) if strict else mapping.get(v, v)

    if sq.type == "multi":
        kept = [n for n in (one(v) for v in value) if n is not None]
        return (list(dict.fromkeys(kept)) or None), len(kept) < len(value)
    new = one(value)
    return new, new is None


def _dedupe(reviews: list[Review]) -> list[Review]:
    seen, out = set(), []
    for r in reviews:
        key = (r.question, r.source)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
