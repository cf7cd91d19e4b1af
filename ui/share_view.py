"""Share links in the app: building the URL, opening `?a=<token>` as a read-only view, adopting a copy.

Opening a link never touches the user's own answers: the shared answer set lives apart in
st.session_state["shared"] until "continue editing a copy" is pressed; a broken link only leaves an
error to show.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from model import assess
from model.content.schema import DIMENSION_IDS
from model.errors import InputError
from model.inputs import share
from model.inputs.answers import AnswerSet
from reporting import charts, escape
from ui import layout, migration_notice, state
from ui.i18n import current_lang, t

PAGE_FILE = "pages/shared.py"
SHARED = "shared"  # the AnswerSet of the link being viewed
SHARED_ERROR = "shared_error"  # the InputError of a link that could not be opened
_SEEN = "_shared_token_seen"  # a token is opened once per session, not again on every rerun
PUBLIC_URL_ENV = "BROKERECO_PUBLIC_URL"


PAGE_URL = "shared"  # the shared view's own address (a hidden page: pages/shared.py)


def handle_shared_link(current: st.Page) -> None:
    """Called by app.py on every run: open a newly arrived share token and show it on its own page."""
    token = st.query_params.get(share.PARAM)
    ss = st.session_state
    if not token or ss.get(_SEEN) == token:
        return
    ss[_SEEN] = token
    try:
        ss[SHARED] = share.decode(token, state.questionnaire())
        ss.pop(SHARED_ERROR, None)
    except InputError as exc:
        ss[SHARED_ERROR] = exc
        ss.pop(SHARED, None)
    if current.url_path != PAGE_URL:
        params = {share.PARAM: token} if SHARED in ss else {}
        st.switch_page(PAGE_FILE, query_params=params)


def app_url() -> str:
    """The app's public address: configured (behind a proxy), else what the browser shows, else ''."""
    configured = os.environ.get(PUBLIC_URL_ENV) or _secret("public_url")
    if configured:
        return configured.rstrip("/")
    parts = urlsplit(st.context.url or "")
    if not parts.scheme or not parts.netloc:
        return ""
    path = parts.path.rstrip("/")
    for _, _, url_path, _ in (*layout.PAGES, layout.SHARED_PAGE):
        if path.endswith("/" + url_path):
            path = path[: -len(url_path) - 1]
            break
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _secret(key: str) -> str | None:
    try:
        value = st.secrets.get(key)
    except Exception:  # no secrets.toml at all is the normal case
        return None
    return value if isinstance(value, str) else None


def link(answer_set: AnswerSet) -> str:
    token = share.encode(answer_set, state.questionnaire())
    return f"{app_url()}/?{share.PARAM}={token}&lang={current_lang()}"


def show_link_error() -> None:
    """A link that failed to open: say why, once, and that nothing of the user's work changed."""
    exc = st.session_state.pop(SHARED_ERROR, None)
    if exc is not None:
        st.error(t("share_open_failed", detail=escape.md(exc.text(current_lang()))))  # names no markup


def _continue_copy() -> None:
    state.replace(st.session_state.pop(SHARED))
    st.query_params.clear()


def _close() -> None:
    st.session_state.pop(SHARED, None)
    st.query_params.clear()


def render_shared(here: bool = False) -> bool:
    """The read-only view of an opened link, on its own page (`here`: called by pages/shared.py; other
    callers get False); False when no link is open."""
    shared: AnswerSet | None = st.session_state.get(SHARED)
    if shared is None or not here:
        return False
    lang = current_lang()
    q = state.questionnaire()
    result = assess(q, shared)
    st.title(t("share_view_title"))
    st.info(t("share_view_readonly"))
    migration_notice.render(found=migration_notice.of(shared))  # a link made with an older questionnaire
    done = round(result.completeness * 100)
    if done < 100:
        st.warning(t("share_view_incomplete", pct=done))
    else:
        st.caption(t("share_view_complete"))
    if shared.meta.get("name"):
        st.subheader(escape.md(shared.meta["name"]), anchor=False)  # a stranger's text: no links, no markup
    if shared.meta.get("date"):
        st.caption(t("share_view_date", date=escape.md(shared.meta["date"])))

    _actions()
    rec = result.strategy
    with st.container(border=True):
        st.caption(t("recommended_type"))
        if rec.recommended:
            top = q.strategy_type(rec.recommended)
            st.header(f"{top.name.get(lang)} · {top.slogan.get(lang)}", anchor=False)
            st.markdown(top.summary.get(lang))
        else:
            st.markdown(t("share_view_no_type"))
    layout.index_tiles(result)
    layout.decision_band_box(result, lang)

    left, right = st.columns([1.1, 1])
    axes = [q.dimension(d).name.get(lang) for d in DIMENSION_IDS]
    with left:
        st.subheader(t("radar_title"), anchor=False)
        scores = [result.dimensions[d].score for d in DIMENSION_IDS]
        st.altair_chart(charts.radar(axes, {t("share_view_series"): scores}), width="content")
    with right:
        st.subheader(t("scores_table"), anchor=False)
        table = pd.DataFrame(
            [
                {
                    t("col_dimension"): q.dimension(d).name.get(lang),
                    t("col_score"): None if s is None else round(s),
                }
                for d, s in zip(DIMENSION_IDS, scores, strict=True)
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                t("col_score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d")
            },
        )
    layout.disclaimer()
    return True


def _actions() -> None:
    own = len(state.answers())
    with st.container(border=True):
        if own:
            st.warning(t("share_view_replace_warning", n=own))
        left, right = st.columns(2)
        if left.button(
            t("share_view_continue"), type="primary", icon=":material/edit:", key="shared_continue"
        ):
            _continue_copy()
            st.switch_page(layout.page("results"))
        if right.button(t("share_view_close"), icon=":material/close:", key="shared_close"):
            _close()
            st.switch_page(layout.page("results" if state.answers() else "home"))
