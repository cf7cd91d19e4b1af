"""Share links (docs/architecture.md): an answer set packed into one URL-safe token, and back.

Token: ``<format>.<questionnaire version>.<checksum>.<payload>``
- payload: the canonical JSON of the answers file (model.answers.to_document without the questionnaire
  id and version, which the header and the checksum carry; meta reduced to name and date), raw-deflated
  at level 9 with a preset dictionary made of the questionnaire's own question ids and option values,
  then base64url without padding. The dictionary cuts the link to under a quarter: a full assessment
  (every question answered, a long Chinese name) is ~470 characters instead of ~2,100.
- an older questionnaire version's link still opens: its dictionary comes from the migration map, and
  its answers are migrated like an old answers file.
- checksum: the first 8 bytes of SHA-256 over header + questionnaire id + payload + canonical JSON,
  base64url.
  It catches links cut off or altered while pasted; it is not a signature (anyone can compute it), so
  decoding still validates every answer through model.answers.parse_answers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import zlib

from model.content.schema import Questionnaire
from model.errors import InputError
from model.inputs.answers import AnswerSet, parse_answers, to_document
from model.inputs.safe_io import parse_data

FORMAT = 1
PARAM = "a"  # the query-string key: ?a=<token>
SHARED_META = ("name", "date")  # notes and author stay out of links (they travel in answer files)
MAX_TOKEN = 8_000  # characters; a full assessment is far below, browsers cope with this much
MAX_JSON = 64_000  # bytes after inflating: a tiny token cannot expand into a memory bomb
_B64 = re.compile(r"^[A-Za-z0-9_-]+$")
_INT = re.compile(r"^(0|[1-9][0-9]{0,5})$")  # no leading zeros: one spelling per header


def canonical(answer_set: AnswerSet, q: Questionnaire) -> bytes:
    """The answers file in questionnaire order, compact, UTF-8: the same answers give the same bytes."""
    doc = to_document(answer_set, q)
    del doc["questionnaire"], doc["version"]
    doc["meta"] = {k: doc["meta"][k] for k in SHARED_META if doc["meta"].get(k)}
    if not doc["meta"]:
        del doc["meta"]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def encode(answer_set: AnswerSet, q: Questionnaire) -> str:
    raw = canonical(answer_set, q)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, _dictionary(q))
    payload = _b64(deflate.compress(raw) + deflate.flush())
    return f"{_header(q.version)}.{_checksum(q, q.version, payload, raw)}.{payload}"


def decode(token: object, q: Questionnaire) -> AnswerSet:
    """The validated answer set of a token, or InputError with a code the UI can translate."""
    if not isinstance(token, str) or not token.strip():
        raise InputError("link_malformed")
    token = token.strip()
    if len(token) > MAX_TOKEN:
        raise InputError("link_too_long", size=len(token), limit=MAX_TOKEN)
    parts = token.split(".", 3)
    if len(parts) != 4 or not all(_INT.match(p) for p in parts[:2]):
        raise InputError("link_malformed")
    fmt, version, checksum, payload = int(parts[0]), int(parts[1]), parts[2], parts[3]
    if fmt != FORMAT:
        raise InputError("link_format", got=fmt)
    if version > q.version:
        raise InputError("link_future_version", got=version, known=q.version)
    if version != q.version and not any(m.from_version == version for m in q.migrations):
        raise InputError("link_old_version", got=version, known=q.version)
    raw = _inflate(payload, q, version)
    if not hmac.compare_digest(checksum, _checksum(q, version, payload, raw)):
        raise InputError("link_damaged")
    try:
        doc = parse_data(raw, "link.json", max_bytes=MAX_JSON)
    except InputError:
        raise InputError("link_damaged") from None
    if not isinstance(doc, dict):
        raise InputError("link_damaged")
    doc = {**doc, "questionnaire": q.id, "version": version}
    try:
        return parse_answers(doc, q, "link")
    except InputError as exc:  # the checksum matched, so the link was crafted or the content changed
        raise InputError("link_answers", detail_zh=exc.text("zh"), detail_en=exc.text("en")) from None


def _inflate(payload: str, q: Questionnaire, version: int) -> bytes:
    if not _B64.match(payload):
        raise InputError("link_damaged")
    try:
        packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        if _b64(packed) != payload:  # one spelling only: a changed padding bit is a changed link too
            raise ValueError
        inflate = zlib.decompressobj(-15, _dictionary(q, version))
        raw = inflate.decompress(packed, MAX_JSON)
    except (binascii.Error, ValueError, zlib.error):
        raise InputError("link_damaged") from None
    if inflate.unconsumed_tail:  # the size that matters here is the unpacked one, not the link's
        raise InputError("link_too_big", limit=MAX_JSON)
    if not inflate.eof:  # cut off while copying
        raise InputError("link_damaged")
    return raw


def _dictionary(q: Questionnaire, version: int | None = None) -> bytes:
    """Text that looks like an answers file of this questionnaire: deflate refers back into it.

    It is derived from the content, so it is the same wherever the same questionnaire version runs;
    content changed without a version bump makes old links fail the checksum instead of misreading.
    An older version's dictionary comes from the migration map, which records that version as it was.
    """
    if version is None or version == q.version:
        sections: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {"profile": [], "answers": []}
        for x in q.questions:
            section = "profile" if x.dimension == "profile" else "answers"
            sections[section].append((x.id, x.type, tuple(o.value for o in x.options)))
        register = getattr(q, "risk_register", None)
        weights = tuple(q.indices.readiness.weights)
        indicators = tuple(i.id for i in getattr(register, "indicators", ()))
    else:
        m = next(m for m in q.migrations if m.from_version == version)
        sections = {
            name: [(qid, sq.type, sq.options) for qid, sq in m.source.get(name, {}).items()]
            for name in ("profile", "answers")
        }
        weights, indicators = m.link_weights, m.link_indicators
    return _dictionary_text(sections, weights, indicators)


def _dictionary_text(sections: dict, weights: tuple[str, ...], indicators: tuple[str, ...]) -> bytes:
    def shown(kind: str, values: tuple[str, ...]) -> str:
        quoted = [f'"{v}"' for v in values]
        return "[" + ",".join(quoted) + "]" if kind == "multi" else "|".join(quoted)

    def block(name: str) -> str:
        return ",".join(f'"{qid}":{shown(kind, values)}' for qid, kind, values in sections[name])

    return (
        '{"meta":{"name":"","date":"20"},"profile":{'
        + block("profile")
        + '},"answers":{'
        + block("answers")
        + '},"weights":{'
        + ",".join(f'"{k}":0.' for k in weights)
        + '},"indicators":{'
        + ",".join(f'"{i}":' for i in indicators)
        + "}}"
    ).encode("utf-8")


def _header(version: int) -> str:
    return f"{FORMAT}.{version}"


def _checksum(q: Questionnaire, version: int, payload: str, raw: bytes) -> str:
    """Over the payload as sent (deflate ignores some trailing bits) and the JSON it inflates to."""
    digest = hashlib.sha256(f"{_header(version)}.{q.id}.{payload}.".encode() + raw).digest()
    return _b64(digest[:8])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
