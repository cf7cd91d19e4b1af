"""The participant's view: join with a code, answer the questionnaire, submit and resubmit, and — once
the facilitator reveals it — see round 1's anonymous spread and revise in round 2.

A participant only ever writes and reads back their own row (their random token, kept in a cookie of
their browser, never in the URL) and, after the reveal, the round's answers without names or roles.
Answers live in st.session_state["answers"] as in the solo journey, so a store failure loses nothing:
the message says so, a download button and a retry are right there. The page is focused: the router
hides the app's navigation for a participant (ui.workshop_common.focused).
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timedelta

import streamlit as st

from model import AnswerSet
from model.content.schema import DIMENSION_IDS
from model.inputs.answers import to_document
from model.methods.ahp import ahp_weights
from model.partners.evaluation import pairwise_matrix
from model.workshop.group import AHP_LABELS, ROLES, RoundDistribution, clean_answers, distribution
from reporting import escape
from reporting.labels import answer_label
from storage import AccessDenied, BadText, JoinRefused, NotFound, StorageError, WorkshopClosed, keys
from storage import workshops as store
from ui import layout, pairwise, state, widgets
from ui import workshop_common as common
from ui.i18n import LANGS, current_lang, t, tr

SECTIONS = ("profile", *DIMENSION_IDS, "metrics")
SECTION = "ws_section"
NONE_ROLE = "-"
DECLINED = "ws_cookie_declined"  # this session said "that is not me" to the browser's earlier identity
POLL_EVERY = timedelta(seconds=10)  # a room of 50 polling costs the server 5 light runs a second
SPREAD = "ws_spread_cache"  # {"key", "at", "distribution"}: round 1's revealed spread


def show(code: str) -> bool:
    """Render the join form or the participant's questionnaire; False when the code is unknown."""
    ss = st.session_state
    _language_switch()
    me = ss.get(common.PARTICIPANT)
    if me and me["code"] != keys.normalise_code(code):
        me = None  # the URL names another workshop than this session had
    try:
        workshop = common.cached_workshop(keys.normalise_code(code) or code)
    except NotFound:
        if me:  # deleted by the facilitator: keep the answers and the download on screen
            st.subheader(escape.md(me["title"]))
            st.warning(t("ws_workshop_deleted"), icon=":material/delete:")
            _questionnaire(me, None)
            return True
        st.error(t("ws_unknown_code"))
        common.set_params()
        return False
    except StorageError as exc:
        common.store_error(exc)
        if me is None:  # nothing entered yet: nothing to download
            st.error(t("ws_db_unavailable_join"))
            st.button(t("ws_retry"), icon=":material/refresh:", key="ws_join_retry")
            return True
        st.warning(t("ws_db_unavailable"))  # keep working on the answers; submitting will retry
        _questionnaire(me, None)
        return True

    if me is None:
        me = _returning(workshop)
    if me is None:
        _join_form(workshop)
        return True
    me.update(title=workshop.title, workshop_id=workshop.id)
    _questionnaire(me, workshop)
    return True


def _language_switch() -> None:
    """The sidebar is hidden for participants, so the language switch sits on the page."""
    lang = current_lang()
    key = f"ws_lang_{lang}"
    st.segmented_control(
        "语言 / Language",
        LANGS,
        default=lang,
        format_func={"zh": "中文", "en": "English"}.__getitem__,
        key=key,
        label_visibility="collapsed",
        on_change=lambda: st.session_state.update({state.LANG: st.session_state.get(key) or lang}),
    )


# ---------------------------------------------------------------- joining


def _returning(workshop: store.Workshop) -> dict | None:
    """This browser joined before (its cookie holds a token): ask "are you X?" — never take it for
    granted, a shared computer or a forwarded screen may be someone else's."""
    ss = st.session_state
    token = common.cookie_token(workshop.id)
    if not keys.valid_token(token) or ss.get(DECLINED) == workshop.id:
        return None
    try:
        own = store.own_submission(common.engine(), workshop.id, token)
    except NotFound:
        return None
    except StorageError as exc:
        st.warning(common.store_error(exc))
        return None
    who = own.name or (t(f"ws_role_{own.role}") if own.role in ROLES else t("ws_someone"))
    with st.container(border=True, key="ws_are_you"):
        st.markdown(f"**{t('ws_are_you', name=escape.md(who))}**")
        st.caption(t("ws_are_you_help"))
        yes, no = st.columns(2)
        if yes.button(t("ws_are_you_yes"), type="primary", key="ws_are_you_yes", width="stretch"):
            me = _resume(workshop, token, own)
            st.rerun()
            return me
        if no.button(t("ws_are_you_no"), key="ws_are_you_no", width="stretch"):
            ss[DECLINED] = workshop.id
            st.rerun()
    st.stop()


def _resume(workshop: store.Workshop, token: str, own: store.Participant) -> dict:
    """Their name, role and last answers come back (in round 2: their round 1 answers to revise)."""
    me = _remember(workshop, token, own.name, own.role)
    if own.submitted_at:
        me["submitted_at"] = own.submitted_at.isoformat()
        me["submitted_round"] = workshop.round
        me["submitted_hash"] = _fingerprint(own.answers or {})
    if own.answers:
        answers, _ = clean_answers(state.questionnaire(), own.answers)
        state.replace(AnswerSet(answers, dict(st.session_state[state.META]), st.session_state[state.WEIGHTS]))
    return me


def _remember(workshop: store.Workshop, token: str, name: str | None, role: str | None) -> dict:
    me = {
        "workshop_id": workshop.id,
        "code": workshop.code,
        "title": workshop.title,
        "token": token,
        "name": name or "",
        "role": role if role in ROLES else None,
        "submitted_at": None,
        "submitted_round": None,
        "submitted_hash": None,
        "cookie": True,  # write the cookie on the next run
        "pending_hash": None,  # the answers last kept with their row in the store (the poll)
    }
    st.session_state[common.PARTICIPANT] = me
    common.set_params(join=workshop.code)
    return me


def _role_labeller(lang: str):
    """Labels in the language of this run (a widget may format options outside the script run)."""
    return lambda role: tr("ws_role_none_choice", lang) if role == NONE_ROLE else tr(f"ws_role_{role}", lang)


def anonymity_note(workshop: store.Workshop) -> str:
    return t(f"ws_anonymity_{workshop.anonymity}_note")


def _join_form(workshop: store.Workshop) -> None:
    st.subheader(t("ws_join_header", title=escape.md(workshop.title)))
    if not workshop.accepts_submissions():
        st.warning(t("ws_closed_join"))
        return
    with st.form("ws_join_form", border=True):
        st.info(anonymity_note(workshop), icon=":material/visibility_off:")
        name = ""
        if workshop.asks_names:
            name = st.text_input(
                t("ws_name_label"), max_chars=store.MAX_NAME, placeholder=t("ws_name_placeholder")
            )
        role = st.selectbox(
            t("ws_role_label"), (NONE_ROLE, *ROLES), format_func=_role_labeller(current_lang())
        )
        joined = st.form_submit_button(t("ws_join_button"), type="primary", icon=":material/login:")
    if not joined:
        return
    token = keys.new_token()
    role = None if role == NONE_ROLE else role
    try:
        store.join(common.engine(), workshop.id, token, name, role)
    except WorkshopClosed:
        st.warning(t("ws_closed_join"))
        return
    except BadText:
        st.error(t("ws_bad_text"))
        return
    except JoinRefused as exc:
        st.error(t(f"ws_join_{exc.reason}", n=store.MAX_PARTICIPANTS))
        return
    except StorageError as exc:
        common.store_error(exc)
        st.error(t("ws_db_unavailable_join"))
        return
    st.session_state.pop(DECLINED, None)
    _remember(workshop, token, name.strip() if workshop.asks_names else "", role)
    st.rerun()


# ---------------------------------------------------------------- the questionnaire


def _fingerprint(answers: dict) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()


def _go(section: str) -> None:
    st.session_state[SECTION] = section


def _questionnaire(me: dict, workshop: store.Workshop | None) -> None:
    """`workshop` None: the store cannot be reached or the workshop is gone — answers stay editable
    and downloadable, submitting is retried (or, when gone, not offered)."""
    ss = st.session_state
    ss.setdefault(SECTION, SECTIONS[0])
    if me.pop("cookie", False):
        common.write_cookie(me["workshop_id"], me["token"])
    accepting = workshop is not None and workshop.accepts_submissions()

    if workshop is not None:
        st.subheader(escape.md(me["title"]))
        _about_line(me, workshop)
        _poll(me, workshop)
        if not accepting:
            st.warning(t("ws_closed_participant"), icon=":material/lock:")
    spread = _revealed_spread(me, workshop)

    _answer_area(me, workshop, accepting, spread)


# A click on an answer reruns only that question (ui.widgets), plus the section picker and the submit
# panel when their counts change; the section reruns when another one is picked. Not the router, the
# header or the poll: that is what keeps a full room responsive on one server.
AREA, NAV, SUBMIT_AREA = "ws_answer_area", "ws_nav", "ws_submit_area"


def _submitted_panel() -> tuple[str, ...]:
    """After a submission the panel says whether the answers changed since: it follows every click."""
    me = st.session_state.get(common.PARTICIPANT) or {}
    return (SUBMIT_AREA,) if me.get("submitted_at") else ()


REDRAW = widgets.Redraw(counts=(NAV, SUBMIT_AREA), always=_submitted_panel)


def _go_and_redraw(section: str) -> None:
    _go(section)
    st.rerun(AREA)


@st.fragment(key=AREA)
def _answer_area(me: dict, workshop: store.Workshop | None, accepting: bool, spread) -> None:
    """The questionnaire and the submit panel."""
    q = state.questionnaire()
    left, right = st.columns([3, 1.2], gap="large")
    with right:
        _submit_area(me, workshop, accepting)
    with left:
        current = st.session_state[SECTION]
        _section_picker()
        if spread is None:
            widgets.section(q, current, heading="####", redraw=REDRAW)
        else:
            _section_with_spread(current, spread)
        widgets.section_pager(SECTIONS, current, _go, key="ws")
        _weights_input()
        if workshop is not None:
            _about_me(me, workshop)


@st.fragment(key=SUBMIT_AREA)
def _submit_area(me: dict, workshop: store.Workshop | None, accepting: bool) -> None:
    with st.container(border=True, key="ws_submit_panel"):
        _submit_panel(me, workshop, accepting)


@st.fragment(key=NAV)
def _section_picker() -> None:
    q = state.questionnaire()
    widgets.section_picker(q, SECTIONS, st.session_state[SECTION], _go_and_redraw, key="ws_section_pick")


def _about_line(me: dict, workshop: store.Workshop) -> None:
    role = t(f"ws_role_{me['role']}") if me["role"] else t("ws_role_none")
    if workshop.asks_names:
        about = [t("ws_you_are", name=escape.md(me["name"] or t("ws_anonymous")), role=role)]
    elif me["role"]:
        about = [t("ws_you_are_role", role=role)]
    else:
        about = [t("ws_you_are_unnamed")]
    about.append(t("ws_round_badge", n=workshop.round))
    if workshop.deadline and workshop.accepts_submissions():
        about.append(t("ws_deadline_at", at=common.stamp(workshop.deadline)))
    st.caption(" · ".join(about))
    if workshop.round == 2:
        st.info(t("ws_round2_participant"), icon=":material/autorenew:")
    elif workshop.revealed:
        st.info(t("ws_revealed_participant"), icon=":material/bar_chart:")
    else:
        gap = "" if current_lang() == "zh" else " "
        st.info(t("ws_round1_participant") + gap + anonymity_note(workshop), icon=":material/visibility_off:")


@st.fragment(run_every=POLL_EVERY)
def _poll(me: dict, workshop: store.Workshop) -> None:
    """Every few seconds: has the facilitator opened a round, revealed, closed or deleted? Then the
    page reruns. Also, only when the answers changed, tells the store how far this participant has got
    (the facilitator's "in progress", a count) and keeps their answers so far with their row, for them
    alone: a reload, after "are you X?", brings them back. Shows nothing."""
    answers = dict(state.answers())
    held = _fingerprint(answers)
    try:
        now = common.cached_workshop(workshop.code, refresh=True)
        if held != me.get("pending_hash"):
            store.report_progress(common.engine(), workshop.id, me["token"], len(answers), answers)
            me["pending_hash"] = held
    except NotFound:
        common.forget_workshop()
        st.rerun(scope="app")
    except (StorageError, BadText):
        return  # the next poll tries again; the page keeps working from its cached row
    if (now.round, now.revealed, now.accepts_submissions()) != (
        workshop.round,
        workshop.revealed,
        workshop.accepts_submissions(),
    ):
        st.rerun(scope="app")


def _revealed_spread(me: dict, workshop: store.Workshop | None) -> RoundDistribution | None:
    """Round 1's anonymous spread once the facilitator revealed it, re-read at most every 15 s."""
    if workshop is None or not workshop.revealed:
        return None
    ss = st.session_state
    held = ss.get(SPREAD)
    if held and held["key"] == workshop.id and time.monotonic() - held["at"] < common.CACHE_SECONDS:
        return held["distribution"]
    try:
        answers = store.revealed_answers(common.engine(), workshop.id, me["token"], round=1)
    except (AccessDenied, NotFound, StorageError):
        return held["distribution"] if held and held["key"] == workshop.id else None
    spread = distribution(state.questionnaire(), answers)
    ss[SPREAD] = {"key": workshop.id, "at": time.monotonic(), "distribution": spread}
    return spread


def _section_with_spread(section: str, spread: RoundDistribution) -> None:
    """The section's questions, each followed by how the team answered it in round 1 (counts only)."""
    q = state.questionnaire()
    lang = current_lang()
    st.markdown(f"#### {q.section_name(section).get(lang)}")
    if section in DIMENSION_IDS:
        stats = spread.dimensions.get(section)
        if stats:
            st.caption(
                t(
                    "ws_spread_dimension",
                    median=f"{stats.median:.0f}",
                    low=f"{stats.low:.0f}",
                    high=f"{stats.high:.0f}",
                )
            )
    for i, item in enumerate(q.questions_in(section), start=1):
        widgets.question(item, i, REDRAW)
        seen = spread.questions.get(item.id)
        if seen is None:
            continue
        if item.type == "number":
            text = t("ws_spread_median", value=f"{seen.median:g}", n=seen.count)
        else:
            parts = [
                t("ws_spread_option", label=answer_label(item, v, lang), n=n)
                for v, n in seen.options.items()
                if n
            ]
            text = t(
                "ws_spread_counts",
                counts="；".join(parts) if lang == "zh" else "; ".join(parts),
                n=seen.count,
            )
        st.caption(f":material/groups: {escape.md(text)}")


def _sync_me(field: str, key: str) -> None:
    value = st.session_state[key]
    me = st.session_state.get(common.PARTICIPANT)
    if me is not None:
        me[field] = None if value == NONE_ROLE else value


def _about_me(me: dict, workshop: store.Workshop) -> None:
    """Name and role can be changed (an empty name clears it); stored with the next submission."""
    with st.expander(t("ws_me_header"), icon=":material/badge:"):
        st.caption(anonymity_note(workshop))
        if workshop.asks_names:
            st.text_input(
                t("ws_name_label"),
                value=me["name"],
                max_chars=store.MAX_NAME,
                key="ws_me_name",
                on_change=_sync_me,
                args=("name", "ws_me_name"),
            )
        options = (NONE_ROLE, *ROLES)
        st.selectbox(
            t("ws_role_label"),
            options,
            index=options.index(me["role"] or NONE_ROLE),
            format_func=_role_labeller(current_lang()),
            key="ws_me_role",
            on_change=_sync_me,
            args=("role", "ws_me_role"),
        )


def _weights_input() -> None:
    """Optional: the participant's pairwise judgements of the three readiness indices (group AHP)."""
    ss = st.session_state
    ss.setdefault(common.AHP_STORE, {})
    q = state.questionnaire()
    lang = current_lang()
    names = {i: getattr(q.indices, i).name.get(lang) for i in AHP_LABELS}
    with st.expander(t("ws_ahp_input_header"), icon=":material/balance:"):
        st.caption(t("ws_ahp_input_help"))
        enabled = st.toggle(t("ws_ahp_enable"), value=ss.get(common.AHP_ENABLED, False), key="ws_ahp_toggle")
        ss[common.AHP_ENABLED] = enabled
        if enabled:
            pairwise.sliders(common.AHP_STORE, AHP_LABELS, names, columns=1)
            weights = _ahp_matrix_weights()
            if weights:
                st.caption(
                    " · ".join(f"{names[i]} {w:.0%}" for i, w in zip(AHP_LABELS, weights, strict=True))
                )


def _ahp_matrix() -> list[list[float]] | None:
    if not st.session_state.get(common.AHP_ENABLED):
        return None
    try:
        return pairwise_matrix(AHP_LABELS, st.session_state.get(common.AHP_STORE, {})).tolist()
    except ValueError:
        return None


def _ahp_matrix_weights() -> tuple[float, ...] | None:
    matrix = _ahp_matrix()
    return ahp_weights(matrix, find_worst=False).weights if matrix else None


# ---------------------------------------------------------------- submitting


def _submit(me: dict, round: int) -> None:
    """Send the answers; on any failure keep them and say what happened (the panel offers a retry)."""
    ss = st.session_state
    answers = dict(state.answers())
    try:
        at = store.submit(
            common.engine(),
            me["workshop_id"],
            me["token"],
            answers,
            name=me["name"],
            role=me["role"],
            ahp=_ahp_matrix(),
        )
    except WorkshopClosed:
        ss[common.SUBMIT_ERROR] = t("ws_closed_cannot_submit")
    except NotFound:
        ss[common.SUBMIT_ERROR] = t("ws_workshop_deleted")
        common.forget_workshop()
    except BadText:
        ss[common.SUBMIT_ERROR] = t("ws_bad_text")
    except JoinRefused as exc:
        ss[common.SUBMIT_ERROR] = t(f"ws_join_{exc.reason}", n=store.MAX_PARTICIPANTS)
    except StorageError as exc:
        ss[common.SUBMIT_ERROR] = common.store_error(exc)
    else:
        ss.pop(common.SUBMIT_ERROR, None)
        me["submitted_at"] = at.isoformat()
        me["submitted_round"] = round
        me["submitted_hash"] = _fingerprint(answers)


def _submit_panel(me: dict, workshop: store.Workshop | None, accepting: bool) -> None:
    q = state.questionnaire()
    answers = state.answers()
    scored = [x for d in DIMENSION_IDS for x in q.questions_in(d)]
    done = sum(1 for x in scored if x.id in answers)
    round = workshop.round if workshop else me.get("submitted_round") or 1
    st.markdown(f"**{t('ws_submit_header_round', n=round) if workshop else t('ws_submit_header')}**")
    st.progress(done / len(scored), text=t("assessment_progress", done=done, total=len(scored)))
    error = st.session_state.get(common.SUBMIT_ERROR)
    this_round = me.get("submitted_round") == round
    submitted = datetime.fromisoformat(me["submitted_at"]) if me.get("submitted_at") and this_round else None
    if error:
        st.error(error, icon=":material/cloud_off:")
        _download(me)
        if workshop is not None or error != t("ws_workshop_deleted"):
            st.button(
                t("ws_retry_submit"),
                type="primary",
                icon=":material/refresh:",
                key="ws_retry_submit",
                on_click=_submit,
                args=(me, round),
                disabled=workshop is not None and not accepting,
            )
        return
    if submitted:
        st.success(t("ws_submitted_at", at=common.clock(submitted)), icon=":material/check_circle:")
        if me.get("submitted_hash") != _fingerprint(dict(answers)):
            st.caption(t("ws_changed_since"))
    if workshop is not None:
        st.button(
            t("ws_resubmit" if submitted else "ws_submit"),
            type="primary",
            icon=":material/send:",
            key="ws_submit",
            on_click=_submit,
            args=(me, round),
            disabled=not accepting or not answers,
            width="stretch",
        )
        if not answers:
            st.caption(t("ws_answer_first"))
    _download(me)
    if st.button(t("ws_leave"), icon=":material/logout:", key="ws_leave", width="stretch"):
        _leave()
        st.rerun(scope="app")  # the whole page changes, not just this fragment


def _download(me: dict) -> None:
    q = state.questionnaire()
    answer_set = state.answer_set()  # built when clicked (the callable runs outside the script run)
    st.download_button(
        t("ws_download_answers"),
        lambda: json.dumps(to_document(answer_set, q), ensure_ascii=False, indent=2),
        file_name=f"brokereco-workshop-{me['code']}-answers.json",
        mime="application/json",
        icon=":material/download:",
        key="ws_download_answers",
        width="stretch",
        on_click="ignore",
    )


def _leave() -> None:
    me = st.session_state.get(common.PARTICIPANT)
    if me:
        st.session_state[DECLINED] = me["workshop_id"]  # the next person at this browser starts afresh
    common.leave()
    layout.flash("info", t("ws_left"))
