"""The participant's view: join with a code, answer the questionnaire, submit and resubmit.

A participant only ever writes and reads back their own row (their random token); nothing here can
show anybody else's answers. Answers live in st.session_state["answers"] as in the solo journey, so a
store failure loses nothing: the message says so, a download button and a retry are right there.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import streamlit as st

from model import AnswerSet
from model.content.schema import DIMENSION_IDS
from model.inputs.answers import to_document
from model.methods.ahp import ahp_weights
from model.partners.evaluation import pairwise_matrix
from model.workshop.group import AHP_LABELS, ROLES, clean_answers
from reporting import escape
from storage import NotFound, StorageError, WorkshopClosed, keys
from storage import workshops as store
from ui import layout, pairwise, state, widgets
from ui import workshop_common as common
from ui.i18n import current_lang, t, tr

SECTIONS = ("profile", *DIMENSION_IDS, "metrics")
SECTION = "ws_section"
NONE_ROLE = "-"


def show(code: str, token: str | None) -> bool:
    """Render the join form or the participant's questionnaire; False when the code is unknown."""
    ss = st.session_state
    me = ss.get(common.PARTICIPANT)
    if me and (me["code"] != keys.normalise_code(code) or (token and token != me["token"])):
        me = None  # the URL names another workshop or participant than this session had
    try:
        engine = common.engine()
        workshop = store.workshop_by_code(engine, code)
    except NotFound:
        st.error(t("ws_unknown_code"))
        if me:
            ss.pop(common.PARTICIPANT, None)
        common.set_params()
        return False
    except StorageError as exc:
        if me is None:
            st.error(common.store_error(exc))
            st.button(t("ws_retry"), icon=":material/refresh:", key="ws_join_retry")
            return True
        st.warning(common.store_error(exc))  # keep working on the answers; submitting will retry
        _questionnaire(me, accepting=True)
        return True

    if me is None and token and keys.valid_token(token):
        me = _resume(engine, workshop, token)
    if me is None:
        _join_form(engine, workshop)
        return True
    me.update(
        title=workshop.title,
        workshop_id=workshop.id,
        deadline=workshop.deadline.isoformat() if workshop.deadline else None,
    )
    _questionnaire(me, accepting=workshop.accepts_submissions())
    return True


def _resume(engine, workshop: store.Workshop, token: str) -> dict | None:
    """A reload (new session) with the participant's link: their name, role and last answers come back."""
    try:
        own = store.own_submission(engine, workshop.id, token)
    except NotFound:
        return None
    except StorageError as exc:
        st.warning(common.store_error(exc))
        return None
    me = _remember(workshop, token, own.name, own.role)
    if own.submitted_at:
        me["submitted_at"] = own.submitted_at.isoformat()
        me["submitted_hash"] = _fingerprint(own.answers or {})
    if own.answers and not state.answers():
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
        "submitted_hash": None,
    }
    st.session_state[common.PARTICIPANT] = me
    common.set_params(join=workshop.code, p=token)
    return me


def _role_labeller(lang: str):
    """Labels in the language of this run (a widget may format options outside the script run)."""
    return lambda role: tr("ws_role_none_choice", lang) if role == NONE_ROLE else tr(f"ws_role_{role}", lang)


def _join_form(engine, workshop: store.Workshop) -> None:
    st.subheader(t("ws_join_header", title=escape.md(workshop.title)))
    if not workshop.accepts_submissions():
        st.warning(t("ws_closed_join"))
        return
    with st.form("ws_join_form", border=True):
        st.caption(t("ws_join_privacy"))
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
        store.join(engine, workshop.id, token, name, role)
    except WorkshopClosed:
        st.warning(t("ws_closed_join"))
        return
    except StorageError as exc:
        st.error(common.store_error(exc))
        return
    _remember(workshop, token, name.strip(), role)
    st.rerun()


# ---------------------------------------------------------------- the questionnaire


def _fingerprint(answers: dict) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True, default=str).encode()).hexdigest()


def _go(section: str) -> None:
    st.session_state[SECTION] = section


def _questionnaire(me: dict, accepting: bool) -> None:
    q = state.questionnaire()
    lang = current_lang()
    ss = st.session_state
    ss.setdefault(SECTION, SECTIONS[0])
    answers = state.answers()

    st.subheader(escape.md(me["title"]))
    who = me["name"] or t("ws_anonymous")
    role = t(f"ws_role_{me['role']}") if me["role"] else t("ws_role_none")
    about = [t("ws_you_are", name=escape.md(who), role=role)]
    if me.get("deadline") and accepting:
        about.append(t("ws_deadline_at", at=common.stamp(datetime.fromisoformat(me["deadline"]))))
    st.caption(" · ".join(about))
    if not accepting:
        st.warning(t("ws_closed_participant"), icon=":material/lock:")

    left, right = st.columns([3, 1.2], gap="large")
    with right, st.container(border=True, key="ws_submit_panel"):
        _submit_panel(me, accepting)
    with left:
        current = ss[SECTION]

        def label(section: str) -> str:
            items = q.questions_in(section)
            done = sum(1 for x in items if x.id in answers)
            return f"{q.section_name(section).get(lang)} · {'✓' if done == len(items) else f'{done}/{len(items)}'}"

        choice = st.selectbox(
            t("section"),
            SECTIONS,
            index=SECTIONS.index(current),
            format_func=label,
            key=f"ws_section_pick_{current}",
        )
        if choice != current:
            _go(choice)
            st.rerun()
        widgets.section(q, current, heading="####")
        position = SECTIONS.index(current)
        prev_col, next_col = st.columns(2)
        if position > 0:
            prev_col.button(
                t("previous_section"),
                icon=":material/arrow_back:",
                on_click=_go,
                args=(SECTIONS[position - 1],),
                key="ws_prev",
            )
        if position < len(SECTIONS) - 1:
            next_col.button(
                t("next_section"),
                icon=":material/arrow_forward:",
                on_click=_go,
                args=(SECTIONS[position + 1],),
                key="ws_next",
            )
        _weights_input()
        _about_me(me)


def _sync_me(field: str, key: str) -> None:
    value = st.session_state[key]
    me = st.session_state.get(common.PARTICIPANT)
    if me is not None:
        me[field] = None if value == NONE_ROLE else value


def _about_me(me: dict) -> None:
    """Name and role can be changed; they are stored with the next submission."""
    with st.expander(t("ws_me_header"), icon=":material/badge:"):
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


def _submit(me: dict) -> None:
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
        ss[common.SUBMIT_ERROR] = t("ws_workshop_gone")
    except StorageError as exc:
        ss[common.SUBMIT_ERROR] = common.store_error(exc)
    else:
        ss.pop(common.SUBMIT_ERROR, None)
        me["submitted_at"] = at.isoformat()
        me["submitted_hash"] = _fingerprint(answers)


def _submit_panel(me: dict, accepting: bool) -> None:
    q = state.questionnaire()
    answers = state.answers()
    scored = [x for d in DIMENSION_IDS for x in q.questions_in(d)]
    done = sum(1 for x in scored if x.id in answers)
    st.markdown(f"**{t('ws_submit_header')}**")
    st.progress(done / len(scored), text=t("assessment_progress", done=done, total=len(scored)))
    error = st.session_state.get(common.SUBMIT_ERROR)
    submitted = datetime.fromisoformat(me["submitted_at"]) if me.get("submitted_at") else None
    if error:
        st.error(error, icon=":material/cloud_off:")
        _download(me)
        st.button(
            t("ws_retry_submit"),
            type="primary",
            icon=":material/refresh:",
            key="ws_retry_submit",
            on_click=_submit,
            args=(me,),
            disabled=not accepting,
        )
        return
    if submitted:
        st.success(t("ws_submitted_at", at=common.clock(submitted)), icon=":material/check_circle:")
        if me.get("submitted_hash") != _fingerprint(dict(answers)):
            st.caption(t("ws_changed_since"))
    st.button(
        t("ws_resubmit" if submitted else "ws_submit"),
        type="primary",
        icon=":material/send:",
        key="ws_submit",
        on_click=_submit,
        args=(me,),
        disabled=not accepting or not answers,
        width="stretch",
    )
    if not answers:
        st.caption(t("ws_answer_first"))
    _download(me)
    st.button(t("ws_leave"), icon=":material/logout:", key="ws_leave", on_click=_leave, width="stretch")


def _download(me: dict) -> None:
    q = state.questionnaire()
    doc = to_document(state.answer_set(), q)
    st.download_button(
        t("ws_download_answers"),
        json.dumps(doc, ensure_ascii=False, indent=2),
        file_name=f"brokereco-workshop-{me['code']}-answers.json",
        mime="application/json",
        icon=":material/download:",
        key="ws_download_answers",
        width="stretch",
    )


def _leave() -> None:
    common.leave()
    layout.flash("info", t("ws_left"))
