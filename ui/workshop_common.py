"""Workshop page plumbing: the store's engine, who this session is (facilitator / participant), links,
times in the user's time zone, and translated store errors. No SQL here: that is storage.workshops."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
import streamlit as st
from sqlalchemy import Engine

from storage import StorageError, database_url, get_engine
from ui.i18n import t

log = logging.getLogger("brokereco.workshop")

FACILITATOR = "ws_facilitator"  # {"id", "key"}: this session runs a workshop
PARTICIPANT = "ws_participant"  # {"workshop_id", "code", "token", "name", "role", "submitted_at"}
SUBMIT_ERROR = "ws_submit_error"  # the translated message of the last failed submission
AHP_STORE = "ws_ahp_judgements"  # the participant's optional readiness judgements {"a|b": value}
AHP_ENABLED = "ws_ahp_enabled"
PAGE_PATH = "workshop"


@dataclass(frozen=True)
class Route:
    kind: str  # "entry" | "facilitator" | "join" | "participant"
    workshop_id: str | None = None
    key: str | None = None
    code: str | None = None
    token: str | None = None


def engine() -> Engine:
    """The store for this run (the URL is read each time, so a changed setting takes effect)."""
    return get_engine(database_url(_secrets()))


def _secrets() -> dict[str, object] | None:
    """The `database_url` Streamlit secret, if a secrets.toml defines it (having none is normal)."""
    try:
        if st.secrets.load_if_toml_exists() and "database_url" in st.secrets:
            return {"database_url": st.secrets["database_url"]}
    except Exception:  # a broken secrets.toml must not take the page down; the default store is used
        log.warning("cannot read .streamlit/secrets.toml; using the default workshop store")
    return None


def store_error(exc: StorageError) -> str:
    """The translated message for a store failure; the technical detail goes to the server log only."""
    log.warning("workshop store: %s", exc)
    return t("ws_db_schema_newer") if exc.code == "schema_newer" else t("ws_db_unavailable")


# ---------------------------------------------------------------- who is this session


def route() -> Route:
    """The URL decides (so links and reloads work); without workshop params, the session remembers."""
    params = st.query_params
    ss = st.session_state
    if params.get("workshop") and params.get("key"):
        return Route("facilitator", workshop_id=params["workshop"], key=params["key"])
    if params.get("join"):
        return Route("join", code=params["join"], token=params.get("p"))
    if FACILITATOR in ss:
        fac = ss[FACILITATOR]
        set_params(workshop=fac["id"], key=fac["key"])
        return Route("facilitator", workshop_id=fac["id"], key=fac["key"])
    if PARTICIPANT in ss:
        me = ss[PARTICIPANT]
        set_params(join=me["code"], p=me["token"])
        return Route("join", code=me["code"], token=me["token"])
    return Route("entry")


def set_params(**params: str) -> None:
    """Replace the workshop query parameters, keeping any others (e.g. lang)."""
    for name in ("workshop", "key", "join", "p"):
        if name in st.query_params and name not in params:
            del st.query_params[name]
    for name, value in params.items():
        st.query_params[name] = value


def leave() -> None:
    """Forget the workshop in this session (the data stays in the store)."""
    for name in (FACILITATOR, PARTICIPANT, SUBMIT_ERROR):
        st.session_state.pop(name, None)
    set_params()


# ---------------------------------------------------------------- links and codes


def page_url() -> str:
    """This page's absolute URL as the browser sees it; a relative path when unknown (tests)."""
    url = st.context.url
    if not url:
        return f"/{PAGE_PATH}"
    base = url.rstrip("/")
    return base if base.endswith(f"/{PAGE_PATH}") else f"{base}/{PAGE_PATH}"


def join_link(code: str, lang: str | None = None) -> str:
    """The participants' link; `lang` opens it in the workshop's language (they can still switch)."""
    params = {"join": code, **({"lang": lang} if lang else {})}
    return f"{page_url()}?{urlencode(params)}"


def facilitator_link(workshop_id: str, key: str) -> str:
    return f"{page_url()}?{urlencode({'workshop': workshop_id, 'key': key})}"


def qr_png(text: str) -> bytes:
    """A QR code (segno) as PNG bytes, big enough to scan from the back of a room."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=2, dark="#1c2733")
    return buffer.getvalue()


# ---------------------------------------------------------------- time


def user_zone() -> ZoneInfo:
    """The browser's time zone (st.context.timezone); UTC when unknown."""
    name = st.context.timezone
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(at: datetime | None) -> datetime | None:
    """A stored (naive UTC) time in the user's time zone."""
    return None if at is None else at.replace(tzinfo=UTC).astimezone(user_zone())


def to_utc(at: datetime) -> datetime:
    """A time the user typed (their zone) as stored: naive UTC."""
    return at.replace(tzinfo=user_zone()).astimezone(UTC).replace(tzinfo=None)


def clock(at: datetime | None) -> str:
    value = local(at)
    return value.strftime("%H:%M") if value else "—"


def stamp(at: datetime | None) -> str:
    value = local(at)
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"
