"""Schema of the migration map (questionnaires/<id>/migrations.yaml): how answers given to an older
questionnaire version carry over to the next one, like a lens upgrade.

Each step describes version N (its questions and option values, as they were: old share links are
packed against them) and, per question that did not stay as it was, what happens to its answer:

- keep:   same id and meaning; `options` maps old option values that changed (null: answer again)
- rename: the meaning stays, the id changes to `into` (with the same option mapping)
- merge:  the question is folded into `into`; an answer mapped in `options` (or a number into a number)
          fills `into` when that is unanswered; the user is always asked to look at `into` again
- remove: the question is gone; the user is told why

Every step is checked at load against the version it leads to, so a map that would lose or misplace an
answer is refused with one line naming the file and the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from model.content.base import ID_PATTERN, Strict, Text

if TYPE_CHECKING:
    from model.content.schema import Questionnaire

SECTIONS = ("profile", "answers")


class SourceQuestion(Strict):
    type: Literal["single", "multi", "scale", "number"]
    options: tuple[str, ...] = ()


class Change(Strict):
    id: str = Field(pattern=ID_PATTERN)  # the question id in the older version
    action: Literal["keep", "rename", "merge", "remove"]
    into: str | None = Field(default=None, pattern=ID_PATTERN)
    options: dict[str, str | None] = {}
    # keep/rename: the answer carries over but should be looked at again (true: any answer; a list: only
    # these old option values)
    review: bool | tuple[str, ...] = False
    reason: Text


class NewQuestion(Strict):
    id: str = Field(pattern=ID_PATTERN)
    reason: Text


class Migration(Strict):
    from_version: int = Field(ge=1)
    to_version: int = Field(ge=2)
    # the older version as it was, in questionnaire order; also the share-link dictionary of that version
    source: dict[Literal[SECTIONS], dict[str, SourceQuestion]]  # type: ignore[valid-type]
    link_weights: tuple[str, ...]
    link_indicators: tuple[str, ...]
    changes: tuple[Change, ...]
    new: tuple[NewQuestion, ...] = ()

    def source_question(self, qid: str) -> SourceQuestion | None:
        for block in self.source.values():
            if qid in block:
                return block[qid]
        return None

    def change(self, qid: str) -> Change | None:
        return next((c for c in self.changes if c.id == qid), None)


class _Target:
    """The questions of the version a step leads to: the next step's source, or the questionnaire."""

    def __init__(self, q: Questionnaire, nxt: Migration | None):
        self.q, self.nxt = q, nxt

    def ids(self) -> list[str]:
        if self.nxt:
            return [k for block in self.nxt.source.values() for k in block]
        return [x.id for x in self.q.questions]

    def options(self, qid: str) -> tuple[str, ...] | None:
        if self.nxt:
            sq = self.nxt.source_question(qid)
            return None if sq is None else sq.options
        x = self.q.question(qid)
        return None if x is None else tuple(o.value for o in x.options)

    def type(self, qid: str) -> str | None:
        if self.nxt:
            sq = self.nxt.source_question(qid)
            return None if sq is None else sq.type
        x = self.q.question(qid)
        return None if x is None else x.type


def _kind(kind: str | None) -> str | None:
    return "single" if kind == "scale" else kind


def check_migrations(q: Questionnaire) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    add = problems.append
    steps = sorted(enumerate(q.migrations), key=lambda p: p[1].from_version)
    for n, (i, m) in enumerate(steps):
        where = f"migrations[{i}]"
        if m.to_version != m.from_version + 1:
            add((f"{where}.to_version", f"must be from_version + 1 ({m.from_version + 1})"))
        expected_end = steps[n + 1][1].from_version if n + 1 < len(steps) else q.version
        if m.to_version != expected_end:
            add(
                (
                    f"{where}.to_version",
                    f"expected {expected_end}: the steps must chain up to version {q.version}",
                )
            )
        nxt = steps[n + 1][1] if n + 1 < len(steps) else None
        problems += _check_step(m, _Target(q, nxt), where)
    return problems


def _check_step(m: Migration, target: _Target, where: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    add = problems.append
    target_ids = set(target.ids())
    seen: set[str] = set()
    for j, c in enumerate(m.changes):
        at = f"{where}.changes[{j}]"
        source = m.source_question(c.id)
        if source is None:
            add((f"{at}.id", f"'{c.id}' is not a question of version {m.from_version}"))
            continue
        if c.id in seen:
            add((f"{at}.id", f"'{c.id}' has two changes"))
        seen.add(c.id)
        if c.action in ("rename", "merge"):
            if not c.into:
                add((f"{at}.into", f"a {c.action} needs 'into'"))
                continue
            if c.into not in target_ids:
                add((f"{at}.into", f"'{c.into}' is not a question of version {m.to_version}"))
                continue
            if c.action == "rename" and c.into in {k for b in m.source.values() for k in b}:
                add((f"{at}.into", f"'{c.into}' already exists in version {m.from_version}: use merge"))
        elif c.into:
            add((f"{at}.into", f"a {c.action} has no 'into'"))
        if c.action == "keep" and c.id not in target_ids:
            add((f"{at}.action", f"'{c.id}' is not in version {m.to_version}: rename, merge or remove it"))
        if c.action == "remove":
            if c.options or c.review:
                add((f"{at}.options", "a removed question maps no options"))
            if c.id in target_ids:
                add((f"{at}.action", f"'{c.id}' still exists in version {m.to_version}"))
            continue
        if isinstance(c.review, tuple):
            for old in c.review:
                if old not in source.options:
                    add((f"{at}.review", f"'{old}' is not an option of '{c.id}' in version {m.from_version}"))
        dest = c.into or c.id
        dest_options = target.options(dest)
        if dest_options is None:
            continue
        for old, new in c.options.items():
            if old not in source.options:
                add((f"{at}.options.{old}", f"not an option of '{c.id}' in version {m.from_version}"))
            if new is not None and new not in dest_options:
                add((f"{at}.options.{old}", f"'{new}' is not an option of '{dest}'"))
        kinds = (_kind(source.type), _kind(target.type(dest)))
        if c.action == "merge" and source.type == "number" and kinds[1] != "number":
            add((f"{at}.into", f"a number answer cannot fill a {target.type(dest)} question"))
        if c.action == "merge" and c.options and kinds[0] != kinds[1]:
            add((f"{at}.options", f"a {source.type} answer cannot fill a {target.type(dest)} question"))
        if c.action in ("keep", "rename"):
            if (source.type == "number") != (target.type(dest) == "number"):
                add((f"{at}.action", "a number and a choice cannot carry over: merge or remove"))
            for old in source.options:
                if old not in c.options and old not in dest_options:
                    add((f"{at}.options", f"'{old}' is gone from '{dest}': map it (or to null)"))
    # questions that stayed as they were must still accept every old answer
    for section, block in m.source.items():
        for qid, source in block.items():
            if qid in seen:
                continue
            if qid not in target_ids:
                add((f"{where}.changes", f"'{qid}' is gone in version {m.to_version} but has no change"))
                continue
            if (source.type == "number") != (target.type(qid) == "number"):
                add((f"{where}.source.{section}.{qid}", "changed type: needs a change"))
            missing = [o for o in source.options if o not in (target.options(qid) or ())]
            if missing:
                add(
                    (
                        f"{where}.source.{section}.{qid}",
                        f"options {', '.join(missing)} are gone: add a keep change",
                    )
                )
    source_ids = {k for b in m.source.values() for k in b}
    for j, new in enumerate(m.new):
        if new.id not in target_ids:
            add((f"{where}.new[{j}].id", f"'{new.id}' is not a question of version {m.to_version}"))
        elif new.id in source_ids:
            add((f"{where}.new[{j}].id", f"'{new.id}' already existed in version {m.from_version}"))
    return problems
