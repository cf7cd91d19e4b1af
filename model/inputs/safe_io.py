"""Reading untrusted JSON / YAML: size limit, no Python tags, no aliases, bounded nesting."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import yaml

from model.errors import InputError

MAX_BYTES = 1_000_000
MAX_DEPTH = 20


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's when present: ~15x faster
    """The safe loader, except that an unquoted date (`date: 2026-11-25`) stays text, as a person means it."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_SAFE_LOADER = _SafeLoader
# Parsers word their own depth limits differently (libyaml: "exceeded maximum nesting depth");
# every such error becomes the project's one "nested more than N levels" message.
_DEPTH_WORDS = ("nesting depth", "maximum depth", "too deep", "recursion")


def parse_yaml(text: str, source: str) -> object:
    """Safe YAML only: no Python tags (the safe loader refuses them) and no aliases, which are rejected
    on the event stream before anything is composed, so an alias bomb never expands."""
    try:
        for event in yaml.parse(text, Loader=_SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise InputError(
                    "bad_yaml", source, where=f" (line {line})", problem="aliases (*name) are not allowed"
                )
        loader = _SAFE_LOADER(text)  # what yaml.safe_load does, with the faster loader when present
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except RecursionError:
        raise InputError("too_deep", source, limit=MAX_DEPTH) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        if isinstance(exc, InputError):
            raise
        raise InputError("bad_yaml", source, where="", problem=str(exc)[:80]) from None
    except yaml.YAMLError as exc:
        if any(word in str(exc).lower() for word in _DEPTH_WORDS):
            raise InputError("too_deep", source, limit=MAX_DEPTH) from None
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError("bad_yaml", source, where=where, problem=problem) from None


def parse_json(text: str, source: str) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("too_deep", source, limit=MAX_DEPTH) from None
    except json.JSONDecodeError as exc:
        raise InputError("bad_json", source, line=exc.lineno, problem=exc.msg) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise InputError("bad_json", source, line="?", problem=str(exc)[:80]) from None


def parse_data(raw: bytes, source: str, max_bytes: int = MAX_BYTES) -> object:
    """Parse bytes of a JSON or YAML file (JSON first: YAML would accept most JSON anyway)."""
    if len(raw) > max_bytes:
        raise InputError("too_large", source, size=len(raw), limit=max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not_utf8", source) from None
    stripped = text.lstrip()
    if stripped[:1] in "{[" and _json_depth(stripped) > MAX_DEPTH:  # before json recurses into it
        raise InputError("too_deep", source, limit=MAX_DEPTH)
    data = parse_json(text, source) if stripped[:1] in "{[" else parse_yaml(text, source)
    if _depth(data) > MAX_DEPTH:
        raise InputError("too_deep", source, limit=MAX_DEPTH)
    return data


def read_data_file(path: str | Path, max_bytes: int = MAX_BYTES) -> object:
    """A regular file only (not /dev/zero, a FIFO or a directory), read with a hard cap on bytes."""
    path = Path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # checked before opening: opening a FIFO would block
            raise InputError("not_a_file", str(path))
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # never more, whatever the file claims its size is
    except OSError as exc:
        raise InputError("unreadable", str(path), reason=exc.strerror) from None
    if len(raw) > max_bytes:
        raise InputError("too_large", str(path), size=path.stat().st_size, limit=max_bytes)
    return parse_data(raw, str(path), max_bytes)


def _json_depth(text: str) -> int:
    """Nesting of a JSON text, brackets inside strings not counted (a note may hold any character)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level
