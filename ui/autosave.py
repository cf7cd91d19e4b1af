"""Autosave and resume: the work of this session is kept as a draft in the app's database, found again by
a random id in the URL (?draft=…). A reload, a reopened tab or a new session after a lost connection
opens the same link and gets everything back.

What a draft holds: the answers file (ui.state.answer_set(): answers, profile, meta with the language,
readiness weights, early-warning indicators, partner work) plus the partner rows as typed (rows with a
problem are not in the answers file until fixed). Saved whenever that document changes: at the end of
every full run (app.py), after each answer (ui.widgets: the Assessment page reruns only its fragment)
and at the end of each Partners tab fragment. Kept 30 days after the last save (storage/drafts.py).

The write itself goes to one writer thread per process, in order, so a click does not wait for the
database (it was a third of a click's server time); a refused write is reported at the next save and
retried then.
"""

from __future__ import annotations

import logging
import math
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import streamlit as st

from model.errors import InputError
from model.inputs.answers import AnswerSet, parse_answers, to_document
from model.inputs.share import PARAM as SHARE_PARAM
from model.partners.evaluation import MAX_CANDIDATES, ROW_FIELDS
from storage import StorageError, database_url, drafts, get_engine
from ui import layout, partner_table, state
from ui.i18n import current_lang, t

log = logging.getLogger("brokereco.autosave")

PARAM = "draft"
FORMAT = 1
DRAFT_ID = "_draft_id"
SAVED = "_draft_saved"  # digest of the document last written
CHECKED = "_draft_checked"  # the URL's draft was looked at in this session
URL = "_draft_store_url"
PENDING = "_draft_pending"  # the Future of the last write handed to the writer thread
FAILED = "_draft_failed"  # the store refused: say so once, keep working in memory
NO_LINK_PAGES = ("workshop",)  # pages whose URLs people pass on (workshop links): no private draft id


def _engine():
    """The store's engine; its URL (secrets or environment) is looked up once per session, not on
    every answer."""
    ss = st.session_state
    if URL not in ss:
        try:
            secrets = (
                {"database_url": st.secrets["database_url"]}
                if st.secrets.load_if_toml_exists() and "database_url" in st.secrets
                else None
            )
        except Exception:  # a broken secrets.toml must not take the page down; the default store is used
            secrets = None
        ss[URL] = database_url(secrets)
    return get_engine(ss[URL])


def document() -> dict[str, Any]:
    """What a draft holds (validated again when it is read back)."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "answers": to_document(state.answer_set(), state.questionnaire()),
    }
    rows = st.session_state.get(partner_table.ROWS) or []
    if rows:
        doc["partner_rows"] = [_clean_row(r) for r in rows[:MAX_CANDIDATES]]
    return doc


def _blank(doc: dict[str, Any]) -> bool:
    answers = doc["answers"]
    return not (
        answers.get("profile")
        or answers.get("answers")
        or answers.get("partners")
        or answers.get("indicators")
        or answers.get("weights")
        or doc.get("partner_rows")
        or answers["meta"].get("lang", "zh") != "zh"
        or len(answers["meta"]) > 1
    )


def _clean_row(row: object) -> dict[str, Any]:
    """A typed row reduced to its known fields holding plain JSON values (text, numbers, goal lists)."""
    if not isinstance(row, dict):
        return {}
    out: dict[str, Any] = {}
    for fid in ROW_FIELDS:
        value = row.get(fid)
        if isinstance(value, str):
            value = value[:200]
        elif isinstance(value, float) and not math.isfinite(value):
            value = None
        elif isinstance(value, list):
            value = [v for v in value if isinstance(v, str)][:20]
        elif not isinstance(value, bool | int | float | None):
            value = None
        out[fid] = value
    return out


def restore() -> None:
    """Once per session (app.py): open the draft the URL names, if any."""
    ss = st.session_state
    if ss.get(CHECKED):
        return
    ss[CHECKED] = True
    draft_id = st.query_params.get(PARAM)
    if not draft_id:
        return
    if not drafts.valid_id(draft_id):
        del st.query_params[PARAM]
        layout.flash("warning", t("draft_bad_link"))
        return
    try:
        doc = drafts.load(_engine(), draft_id)
    except StorageError as exc:
        log.warning("draft store: %s", exc)
        ss[DRAFT_ID] = draft_id  # keep the link: a later save may reach the store again
        ss[FAILED] = True
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), dict):
        del st.query_params[PARAM]
        layout.flash("info", t("draft_gone", days=drafts.TTL_DAYS))
        return
    try:
        answer_set = parse_answers(doc["answers"], state.questionnaire(), "draft")
    except InputError as exc:  # e.g. a questionnaire version this app no longer reads
        del st.query_params[PARAM]
        layout.flash("warning", t("draft_unreadable", detail=exc.text(current_lang())))
        return
    adopt(answer_set, doc.get("partner_rows"))
    ss[DRAFT_ID] = draft_id
    ss[SAVED] = state.digest(document())


def adopt(answer_set: AnswerSet, rows: object = None) -> None:
    state.replace(answer_set)
    if isinstance(rows, list) and rows:
        st.session_state[partner_table.ROWS] = [_clean_row(r) for r in rows[:MAX_CANDIDATES]]


@st.cache_resource(show_spinner=False)
def _writer() -> ThreadPoolExecutor:
    """One thread per process writes every session's drafts, in the order they were saved."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-writer")


def save() -> None:
    """Hand the draft to the writer if the work changed since the last write; cheap when nothing
    changed."""
    ss = st.session_state
    if state.LANG not in ss:
        return
    _collect()
    doc = document()
    ss.setdefault(state.LIVE, {})["doc"] = doc["answers"]
    digest = state.digest(doc)
    if digest != ss.get(SAVED):
        if DRAFT_ID not in ss:
            if _blank(doc) or ss.get(state.PAGE) in NO_LINK_PAGES:  # no draft id can reach such a URL
                return
            ss[DRAFT_ID] = drafts.new_id()
        ss[PENDING] = _writer().submit(drafts.save, _engine(), ss[DRAFT_ID], doc)
        ss[SAVED] = digest
    _keep_in_url()


def _collect() -> None:
    """The outcome of the last write, once it is done: a refusal is said in the sidebar and the next save
    writes again."""
    ss = st.session_state
    future: Future | None = ss.get(PENDING)
    if future is None or not future.done():
        return
    del ss[PENDING]
    exc = future.exception()
    if exc is None:
        ss.pop(FAILED, None)
        return
    log.warning("draft store: %s", exc)
    ss[FAILED] = True
    ss.pop(SAVED, None)


def _keep_in_url() -> None:
    """The draft id in the address bar, so a reload or a reopened tab finds the draft. Not on pages
    whose address people pass on (workshop links) or on a stranger's share link being viewed."""
    ss = st.session_state
    draft_id = ss.get(DRAFT_ID)
    if not draft_id or st.query_params.get(PARAM) == draft_id:
        return
    if SHARE_PARAM in st.query_params or ss.get(state.PAGE) in NO_LINK_PAGES:
        return
    st.query_params[PARAM] = draft_id


def start_over() -> None:
    """Delete the draft and every answer of this session (a confirmed action in the sidebar)."""
    ss = st.session_state
    draft_id = ss.pop(DRAFT_ID, None)
    if draft_id:
        try:
            drafts.delete_draft(_engine(), draft_id)
        except StorageError as exc:
            log.warning("draft store: %s", exc)
    lang = ss.get(state.LANG, "zh")
    state.replace(AnswerSet(meta={"lang": lang}))
    ss.pop(SAVED, None)
    ss.pop(FAILED, None)
    if PARAM in st.query_params:
        del st.query_params[PARAM]


def controls() -> None:
    """In the sidebar: where the work is kept, and "start over" behind a confirmation."""
    ss = st.session_state
    if ss.get(FAILED):
        st.caption(t("draft_store_down"))
    elif ss.get(DRAFT_ID):
        st.caption(t("draft_saved", days=drafts.TTL_DAYS))
    else:
        st.caption(t("draft_not_yet"))
    with st.popover(t("start_over"), icon=":material/restart_alt:", width="stretch"):
        st.markdown(t("start_over_warning"))
        if st.button(t("start_over_confirm"), type="primary", key="start_over_confirm"):
            start_over()
            layout.flash("success", t("start_over_done"))
            st.switch_page(layout.page("home"))
