"""Workshop page plumbing: the store's engine, who this session is (facilitator / participant), links,
the participant's browser cookie, times in the user's time zone, and translated store errors. No SQL
here: that is storage.workshops.

Identity never travels in a URL someone could forward: the facilitator's key is taken out of the
address bar into session state on the first visit, and a participant's token lives in a cookie of
their browser (set by a few lines of script), so a join link passed on makes a new participant.
"""

from __future__ import annotations

import io
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
import streamlit as st
from sqlalchemy import Engine

from storage import StorageError, database_url, get_engine
from storage import workshops as store
from ui.i18n import t

log = logging.getLogger("brokereco.workshop")

FACILITATOR = "ws_facilitator"  # {"id", "key"}: this session runs a workshop
PARTICIPANT = "ws_participant"  # {"workshop_id", "code", "token", "name", "role", "submitted_at"}
SUBMIT_ERROR = "ws_submit_error"  # the translated message of the last failed submission
AHP_STORE = "ws_ahp_judgements"  # the participant's optional readiness judgements {"a|b": value}
AHP_ENABLED = "ws_ahp_enabled"
PAGE_PATH = "workshop"
WORKSHOP_CACHE = "ws_workshop_cache"  # {"code", "at", "workshop"}: the row, re-read at most every few s
CACHE_SECONDS = 15.0  # the participant's poll (every 5 s) refreshes it sooner
COOKIE_PREFIX = "brokereco_ws_"
COOKIE_DAYS = 30


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
    """The URL decides for a first visit (links work); after that the session remembers, and the
    facilitator's key is no longer in the address bar (the page checks it and removes it)."""
    params = st.query_params
    ss = st.session_state
    if params.get("workshop") and params.get("key"):
        return Route("facilitator", workshop_id=params["workshop"], key=params["key"])
    if params.get("join"):
        if "p" in params:  # old links carried the participant's token: never an identity any more
            del st.query_params["p"]
        return Route("join", code=params["join"])
    if FACILITATOR in ss:
        fac = ss[FACILITATOR]
        return Route("facilitator", workshop_id=fac["id"], key=fac["key"])
    if PARTICIPANT in ss:
        me = ss[PARTICIPANT]
        set_params(join=me["code"])
        return Route("join", code=me["code"])
    return Route("entry")


def focused() -> bool:
    """A participant's session: the router shows their page alone, without the app's navigation."""
    ss = st.session_state
    if FACILITATOR in ss or st.query_params.get("key"):
        return False
    return PARTICIPANT in ss or bool(st.query_params.get("join"))


def cached_workshop(code: str, refresh: bool = False) -> store.Workshop:
    """The workshop behind a join code, read from the store at most every CACHE_SECONDS per session, so
    a click on an answer does not wait for the database (NotFound / StorageError as the store)."""
    ss = st.session_state
    held = ss.get(WORKSHOP_CACHE)
    fresh = held and held["code"] == code and time.monotonic() - held["at"] < CACHE_SECONDS
    if fresh and not refresh:
        return held["workshop"]
    workshop = store.workshop_by_code(engine(), code)
    ss[WORKSHOP_CACHE] = {"code": code, "at": time.monotonic(), "workshop": workshop}
    return workshop


def remember_workshop(workshop: store.Workshop) -> None:
    st.session_state[WORKSHOP_CACHE] = {"code": workshop.code, "at": time.monotonic(), "workshop": workshop}


def forget_workshop() -> None:
    st.session_state.pop(WORKSHOP_CACHE, None)


# ---------------------------------------------------------------- the participant's cookie


def cookie_name(workshop_id: str) -> str:
    return f"{COOKIE_PREFIX}{workshop_id}"


def cookie_token(workshop_id: str) -> str | None:
    """The participant token this browser holds for the workshop (sent when the page was opened)."""
    try:
        value = st.context.cookies.get(cookie_name(workshop_id))
    except Exception:  # no request context (AppTest): no cookie
        return None
    return value if isinstance(value, str) else None


def write_cookie(workshop_id: str, token: str | None) -> None:
    """Set (or, with None, delete) the browser's cookie for this workshop. Streamlit reads cookies but
    cannot set them, so a few lines of script in the page do; SameSite=Strict keeps it to this site."""
    age = COOKIE_DAYS * 86400 if token else 0
    value = json.dumps(f"{cookie_name(workshop_id)}={token or ''}; path=/; max-age={age}; SameSite=Strict")
    secure = "+(location.protocol==='https:'?'; Secure':'')"
    st.html(f"<script>document.cookie={value}{secure};</script>", unsafe_allow_javascript=True)


def set_params(**params: str) -> None:
    """Replace the workshop query parameters, keeping any others (e.g. lang)."""
    for name in ("workshop", "key", "join", "p"):
        if name in st.query_params and name not in params:
            del st.query_params[name]
    for name, value in params.items():
        st.query_params[name] = value


def leave() -> None:
    """Forget the workshop in this session (the data stays in the store)."""
    for name in (FACILITATOR, PARTICIPANT, SUBMIT_ERROR, WORKSHOP_CACHE):
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


def store_kind() -> str:
    """ "sqlite", "sqlite-temporary" (a file that does not outlive the server: Streamlit Community Cloud,
    a container without a volume, /tmp) or "server" (PostgreSQL or another database server)."""
    url = database_url(_secrets())
    if not url.startswith("sqlite"):
        return "server"
    path = url.split("///", 1)[-1]
    temporary = path.startswith((tempfile.gettempdir() + os.sep, "/mount/src/")) or _on_community_cloud()
    return "sqlite-temporary" if temporary else "sqlite"


def _on_community_cloud() -> bool:
    return os.environ.get("HOSTNAME", "").startswith("streamlit") or os.path.isdir("/mount/src")


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
