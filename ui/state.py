"""Everything a user entered lives in st.session_state under these keys (widget keys are dropped by
Streamlit when a page is left, so every widget writes through to them)."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

import streamlit as st

from model import AnswerSet, Result, assess, load_questionnaire
from model.content.schema import Questionnaire
from model.inputs.answers import to_document
from model.partners import evaluation as pm
from model.partners.work import PartnerWork
from ui import pairwise, partner_table
from ui.i18n import LANGS

LANG = "lang"
ANSWERS = "answers"
META = "meta"
WEIGHTS = "weights"
INDICATORS = "indicators"  # early-warning values typed on the Risks page
PLAN = "plan_tracking"  # action id -> ActionTracking, edited on the Roadmap page
ROUTED = "_routed_by_app"
PAGE = "_current_page"  # url path of the page this run shows (set by the router)
GOTO = "goto"  # query parameter: the page a deep link asked for, honoured by the router
GENERATION = "answers_generation"  # bumped when answers are replaced, so widgets are rebuilt
SECTION = "assessment_section"
REVIEW = "migration_review"  # (old version, review items) after opening answers of an older version
QUESTIONNAIRE_ENV = "BROKERECO_QUESTIONNAIRE"
# partner work (Partners page): the candidate rows as typed are partner_table.ROWS
CRITERIA = "partner_criteria_judgements"  # {"a|b": Saaty value}; absent: the content's defaults
READINESS = "readiness_judgements"
DEA_MODEL = "partners_dea_model"
LIVE = "_live_document"  # {"doc": the answers document}, one dict per session, updated in place by
# every autosave: the sidebar's download builds its file from it when clicked (after fragment reruns)
_READY = "_state_ready"  # init() has set every default of this session
_RESULT = "_result_cache"  # (digest of the answers document, Result): assess() once per answers state


@st.cache_resource(show_spinner=False)
def _questionnaire(path: str | None) -> Questionnaire:
    return load_questionnaire(path)


def questionnaire() -> Questionnaire:
    """The content, loaded once per process; raises QuestionnaireError if it is broken."""
    init()
    return _questionnaire(os.environ.get(QUESTIONNAIRE_ENV) or None)


def init() -> None:
    ss = st.session_state
    if not ss.get(ROUTED):
        _through_the_router()
    if ss.get(_READY):  # called on every click (questionnaire()): the defaults are set once per session
        return
    if LANG not in ss:
        ss[LANG] = st.query_params.get("lang", "zh") if st.query_params.get("lang") in LANGS else "zh"
    ss.setdefault(ANSWERS, {})
    ss.setdefault(META, {})
    ss.setdefault(WEIGHTS, None)
    ss.setdefault(INDICATORS, {})
    ss.setdefault(PLAN, {})
    ss.setdefault(GENERATION, 0)
    ss.setdefault(READINESS, {})
    ss.setdefault(DEA_MODEL, "ccr")
    partner_table.init()
    ss[_READY] = True


def _through_the_router() -> None:
    """A deep link as a fresh server's first request runs its page file without app.py (Streamlit's
    pages/ fallback, before any st.navigation call): go through the router, which then forwards to the
    page asked for (`goto`), keeping the link's parameters."""
    page = next(
        (Path(f.filename).stem for f in inspect.stack() if Path(f.filename).parent.name == "pages"), None
    )
    params = st.query_params.to_dict() | ({GOTO: page} if page else {})
    st.switch_page("app.py", query_params=params)


def answers() -> dict[str, Any]:
    return st.session_state[ANSWERS]


def set_answer(qid: str, value: Any) -> None:
    if value is None or value == []:
        st.session_state[ANSWERS].pop(qid, None)
    else:
        st.session_state[ANSWERS][qid] = value


def widget_key(name: str) -> str:
    return f"{name}__{st.session_state[GENERATION]}"


@st.cache_resource(show_spinner=False)
def partner_content() -> pm.PartnerContent:
    """The partner content, checked once per process together with the example set."""
    content = pm.load_content()
    pm.load_examples("zh")
    return content


def replace(answer_set: AnswerSet) -> None:
    """Adopt a validated answer set (resume from file or draft, example firm, start over)."""
    ss = st.session_state
    ss[ANSWERS] = dict(answer_set.answers)
    ss[META] = dict(answer_set.meta)
    ss[WEIGHTS] = dict(answer_set.weights) if answer_set.weights else None
    ss[INDICATORS] = dict(answer_set.indicators)
    ss[PLAN] = dict(answer_set.plan)
    ss[REVIEW] = (answer_set.migrated_from, answer_set.review) if answer_set.migrated_from else None
    ss[GENERATION] += 1
    if answer_set.meta.get("lang") in LANGS:
        ss[LANG] = answer_set.meta["lang"]
    work = answer_set.partners or PartnerWork()
    partner_table.replace_rows(list(work.candidates))
    if work.criteria_judgements is None:
        ss.pop(CRITERIA, None)
    else:
        ss[CRITERIA] = dict(work.criteria_judgements)
    ss[READINESS] = dict(work.readiness_judgements)
    ss[DEA_MODEL] = work.dea_model
    pairwise.bump(CRITERIA)
    pairwise.bump(READINESS)


def partner_work() -> PartnerWork | None:
    """The partner work as it stands: the valid candidate rows (rows with problems stay on the page and
    in the draft until fixed), the judgements, the DEA model."""
    ss = st.session_state
    criteria = ss.get(CRITERIA)
    if criteria is not None and _explicit(criteria) == _explicit(
        partner_content().default_criteria_judgements()
    ):
        criteria = None
    work = PartnerWork(
        candidates=pm.read_rows(ss.get(partner_table.ROWS) or []).candidates,
        criteria_judgements=None if criteria is None else dict(criteria),
        readiness_judgements=dict(ss.get(READINESS) or {}),
        dea_model=ss.get(DEA_MODEL, "ccr"),
    )
    return None if work.is_empty() and work.dea_model == "ccr" else work


def _explicit(judgements: dict[str, float]) -> dict[str, float]:
    """Judgements without the "equally important" pairs, which a matrix holds anyway."""
    return {k: v for k, v in judgements.items() if v != 1.0}


def answer_set() -> AnswerSet:
    ss = st.session_state
    meta = {**ss[META], "lang": ss[LANG]}
    return AnswerSet(
        dict(ss[ANSWERS]),
        meta,
        ss[WEIGHTS],
        dict(ss.get(INDICATORS, {})),
        plan=dict(ss.get(PLAN, {})),
        partners=partner_work(),
    )


def digest(document: dict) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def result() -> Result:
    """Scores are always computed by the model from the stored answers; pages never score. One
    assess() per answers state: the sidebar, the page and its parts share the cached result."""
    q = questionnaire()
    current = dc_replace(answer_set(), partners=None)  # partner work does not change the scores
    key = digest(to_document(current, q))
    cached = st.session_state.get(_RESULT)
    if cached and cached[0] == key:
        return cached[1]
    computed = assess(q, current)
    st.session_state[_RESULT] = (key, computed)
    return computed
