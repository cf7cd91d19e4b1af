"""伙伴评估 Partners: candidates, AHP criteria weights, three-tier screening, DEA efficiency, the
strategic-fit matrix, the risk-adjusted partner value, and the readiness weights of the assessment.
Every number comes from model/partners.py (AHP: model/ahp.py, DEA: model/dea.py)."""

import json

import pandas as pd
import streamlit as st

from model.content.schema import INDEX_IDS
from model.errors import QuestionnaireError
from model.methods import dea
from model.partners import evaluation as pm
from model.partners.work import PartnerResult, PartnerWork, evaluate_work, to_data
from reporting import partner_charts
from ui import autosave, pairwise, partner_table, state, widgets
from ui.i18n import current_lang, t, tr

CRITERIA_STORE = state.CRITERIA
READINESS_STORE = state.READINESS
DEA_MODEL = state.DEA_MODEL


@st.cache_data(show_spinner=False, max_entries=32)
def _evaluate(work_json: str, goals: tuple[str, ...]) -> PartnerResult:
    """AHP, screening, values and both DEA models of the work, once per distinct input (DEA solves two
    LPs per candidate and model: ~300 ms at 50 candidates)."""
    from model.partners.work import parse_partner_work

    work = parse_partner_work(json.loads(work_json), "session") or PartnerWork()
    return evaluate_work(work, state.partner_content(), goals, state.questionnaire().decision_bands)


lang = current_lang()
q = state.questionnaire()
ss = st.session_state
st.title(t("page_partners"))
try:
    content = state.partner_content()
except QuestionnaireError as exc:
    st.error(t("pt_broken_content") + "\n\n" + "\n".join(f"- `{line}`" for line in exc.messages[:20]))
    st.stop()

ss.setdefault(CRITERIA_STORE, content.default_criteria_judgements())
goal_question = q.question(content.fit.broker_goal_question)
criteria_names = {c.id: c.name.get(lang) for c in content.criteria}
index_names = {k: getattr(q.indices, k).name.get(lang) for k in INDEX_IDS}
band_names = {b.id: b.name.get(lang) for b in q.decision_bands}
goal_labels = {o.value: o.label.get(lang) for o in goal_question.options}
sep = "、" if lang == "zh" else ", "


def _inputs() -> tuple:
    """What the other tabs are computed from: a change of these in one tab's fragment reruns the page."""
    check = pm.read_rows(ss[partner_table.ROWS])
    goals = tuple(g for g in state.answers().get(goal_question.id, []) if g in content.fit.compatibility)
    work = PartnerWork(check.candidates, dict(ss[CRITERIA_STORE]), {}, "ccr")
    return check, goals, json.dumps(to_data(work), sort_keys=True, ensure_ascii=False)


check, broker_goals, work_json = _inputs()
seen = (broker_goals, work_json)
rows = ss[partner_table.ROWS]
candidates = list(check.candidates)
partner = _evaluate(work_json, broker_goals)
screening, assessments = partner.screening, list(partner.assessments)


def _done() -> None:
    """End of a tab's fragment: rerun the whole page if shared inputs changed, else save the draft."""
    check_now, goals_now, json_now = _inputs()
    if (goals_now, json_now) != seen:
        st.rerun()
    autosave.save()


st.markdown(t("pt_intro"))
summary = st.container()
tabs = st.tabs(
    [
        t("pt_tab_candidates"),
        t("pt_tab_weights"),
        t("pt_tab_screening"),
        t("pt_tab_dea"),
        t("pt_tab_fit"),
        t("pt_tab_value"),
        t("pt_tab_readiness"),
    ]
)


def _need_candidates(minimum: int = 1) -> bool:
    """An info box instead of an empty section when there is not enough to compute."""
    if len(candidates) >= minimum:
        return True
    st.info(t("pt_need_candidates", n=minimum))
    return False


# ---------------------------------------------------------------- 1. candidates


LOAD_POPOVER, CLEAR_POPOVER = "pt_load_popover", "pt_clear_popover"


def _close(popover: str) -> None:
    if popover in ss:  # a state-tracking popover closes when its state is set to False
        ss[popover] = False


def _load_examples() -> None:
    partner_table.replace_rows(pm.load_examples(current_lang()))
    _close(LOAD_POPOVER)


def _clear() -> None:
    partner_table.replace_rows(None)
    _close(CLEAR_POPOVER)


@st.fragment
def candidates_tab() -> None:
    has_rows = bool(ss[partner_table.ROWS])
    with st.container(horizontal=True):
        if has_rows:
            with st.popover(
                t("pt_load_examples"), icon=":material/dataset:", key=LOAD_POPOVER, on_change="rerun"
            ):
                st.markdown(t("pt_replace_warning", n=len(ss[partner_table.ROWS])))
                st.button(
                    t("pt_confirm_load"), key="pt_confirm_load", type="primary", on_click=_load_examples
                )
        else:
            st.button(
                t("pt_load_examples"),
                key="pt_load_examples",
                type="primary",
                icon=":material/dataset:",
                on_click=_load_examples,
            )
        if has_rows:
            with st.popover(
                t("pt_clear"), icon=":material/delete_sweep:", key=CLEAR_POPOVER, on_change="rerun"
            ):
                st.markdown(t("pt_clear_warning", n=len(ss[partner_table.ROWS])))
                st.button(t("pt_confirm_clear"), key="pt_confirm_clear", on_click=_clear)
    st.caption(t("pt_examples_note"))
    partner_table.view_selector()
    partner_table.editor(content)
    st.caption(t(f"pt_view_{ss[partner_table.VIEW]}_help"))
    now = pm.read_rows(ss[partner_table.ROWS])
    if now.problems:
        lines = partner_table.problem_lines(now.problems, content, lang)
        shown = lines[:12]
        more = len(lines) - len(shown)
        st.warning(
            t("pt_problems", n=len(ss[partner_table.ROWS]) - len(now.candidates))
            + "\n\n"
            + "\n".join(f"- {line}" for line in shown)
            + (f"\n- {t('pt_more_problems', n=more)}" if more > 0 else "")
        )
    elif now.candidates:
        st.success(t("pt_rows_ok", n=len(now.candidates)))
    _done()


with tabs[0]:
    candidates_tab()


# ---------------------------------------------------------------- 2. criteria weights


def _reset_criteria() -> None:
    ss[CRITERIA_STORE] = content.default_criteria_judgements()
    pairwise.bump(CRITERIA_STORE)


@st.fragment
def weights_tab() -> None:
    st.markdown(t("pt_weights_intro"))
    st.caption(t("pt_saaty_scale"))
    left, right = st.columns([1.35, 1])
    with left:
        pairwise.sliders(CRITERIA_STORE, pm.CRITERIA, criteria_names)
        st.button(
            t("pt_reset_criteria"),
            key="pt_reset_criteria",
            icon=":material/restart_alt:",
            on_click=_reset_criteria,
        )
    criteria_result = pairwise.result(CRITERIA_STORE, pm.CRITERIA, criteria_names)
    with right:
        pairwise.readout(CRITERIA_STORE, pm.CRITERIA, criteria_names, criteria_result, t("pt_weight"))
        compliance = dict(zip(pm.CRITERIA, criteria_result.weights, strict=True))["compliance"]
        if compliance < 0.2:
            st.warning(t("pt_compliance_low", w=f"{compliance:.0%}"))
    _done()


with tabs[1]:
    weights_tab()

# ---------------------------------------------------------------- 3. screening

tier_names = {tier.id: tier.name.get(lang) for tier in content.screening.tiers}
fact_names = {f.id: f.name.get(lang) for f in content.screening.facts}


def _cell(outcome: pm.TierOutcome, name: str) -> str:
    if name not in outcome.entered:
        return "—"
    if name in outcome.passed:
        return t("pt_pass")
    return t("pt_failed", checks=sep.join(fact_names[f] for f in outcome.failed[name]))


@st.fragment
def screening_tab() -> None:
    st.markdown(t("pt_screening_intro", threshold=f"{content.screening.synergy_threshold:g}"))
    if not _need_candidates():
        return
    stages = [{"stage": t("pt_all_candidates"), "count": screening.total, "names": ""}] + [
        {"stage": tier_names[o.tier], "count": len(o.passed), "names": sep.join(o.passed)}
        for o in screening.tiers
    ]
    left, right = st.columns([1.2, 1])
    with left:
        st.altair_chart(partner_charts.funnel(stages, t("pt_passed_count")), width="stretch")
    with right:
        rate = screening.pass_rate or 0.0
        st.metric(
            t("pt_pass_rate"),
            f"{rate:.0%}",
            help=t("pt_pass_rate_help", ref=f"{content.screening.reference_pass_rate:.0%}"),
        )
        st.caption(t("pt_pass_rate_reference", ref=f"{content.screening.reference_pass_rate:.0%}"))
    table = pd.DataFrame(
        [
            {
                t("pt_col_name"): c.name,
                t("pt_col_type"): content.type_name(c.type, lang),
                **{tier_names[o.tier]: _cell(o, c.name) for o in screening.tiers},
            }
            for c in candidates
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("pt_screening_legend"))


with tabs[2]:
    screening_tab()

# ---------------------------------------------------------------- 4. DEA


def _set_dea_model(key: str) -> None:
    if ss.get(key):
        ss[DEA_MODEL] = ss[key]


@st.fragment
def dea_tab() -> None:
    st.markdown(t("pt_dea_intro"))
    dea_key = f"pt_dea_model_choice_{lang}"
    st.segmented_control(
        t("pt_dea_model"),
        ["ccr", "bcc"],
        format_func={"ccr": tr("pt_dea_ccr", lang), "bcc": tr("pt_dea_bcc", lang)}.__getitem__,
        required=True,
        key=dea_key,
        default=ss[DEA_MODEL],
        on_change=_set_dea_model,
        args=(dea_key,),
    )
    if not _need_candidates(2):
        _done()
        return
    if partner.dea_problem is not None:
        st.warning(t("pt_dea_failed", problem=partner.dea_problem.text(lang)))
    results = partner.dea
    if results:
        chosen = results[ss[DEA_MODEL]]
        status_labels = {k: t(f"pt_dea_status_{k}") for k in ("efficient", "weak", "inefficient")}
        scale = dea.scale_efficiency(results["ccr"], results["bcc"])
        bars = [
            {"name": u.name, "efficiency": u.efficiency, "status": pm.dea_status(u)} for u in chosen.units
        ]
        st.altair_chart(
            partner_charts.efficiency_bars(bars, t(f"pt_dea_axis_{ss[DEA_MODEL]}"), status_labels),
            width="stretch",
        )
        table = pd.DataFrame(
            [
                {
                    t("pt_col_name"): c.name,
                    t("pt_dea_ccr_short"): round(cu.efficiency, 3),
                    t("pt_dea_bcc_short"): round(bu.efficiency, 3),
                    t("pt_dea_scale"): round(scale[c.name], 3),
                    t("pt_dea_status"): status_labels[pm.dea_status(u)],
                    t("pt_dea_peers"): "—" if pm.dea_status(u) == "efficient" else sep.join(u.peers),
                }
                for c, cu, bu, u in zip(
                    candidates, results["ccr"].units, results["bcc"].units, chosen.units, strict=True
                )
            ]
        )
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                t(k): st.column_config.NumberColumn(format="%.3f")
                for k in ("pt_dea_ccr_short", "pt_dea_bcc_short", "pt_dea_scale")
            },
        )
        st.caption(t("pt_dea_legend"))
        needed = pm.recommended_units()
        if len(candidates) < needed:
            st.caption(t("pt_dea_few_units", n=len(candidates), needed=needed))
    _done()


with tabs[3]:
    dea_tab()

# ---------------------------------------------------------------- 5. strategic fit


def _sync_goals(key: str) -> None:
    state.set_answer(goal_question.id, list(st.session_state.get(key) or []))


@st.fragment
def fit_tab() -> None:
    st.markdown(t("pt_fit_intro"))
    stored_goals = [g for g in state.answers().get(goal_question.id, []) if g in goal_labels]
    goals_key = state.widget_key("pt_broker_goals")
    st.multiselect(
        t("pt_broker_goals"),
        list(goal_labels),
        default=stored_goals,
        format_func=goal_labels.__getitem__,
        placeholder=t("pt_broker_goals_placeholder"),
        select_all=False,
        key=goals_key,
        on_change=_sync_goals,
        args=(goals_key,),
    )
    st.caption(t("pt_broker_goals_help"))
    if not broker_goals:
        st.info(t("pt_fit_need_goals"))
    elif _need_candidates():
        matrix = pm.fit_matrix(list(broker_goals), candidates, content.fit.compatibility)
        overall = t("pt_fit_overall")
        cells = [
            {"goal": goal_labels[g], "candidate": name, "fit": value}
            for g, row in matrix.items()
            for name, value in row.items()
        ] + [
            {
                "goal": overall,
                "candidate": c.name,
                "fit": pm.strategic_fit(list(broker_goals), c.goals, content.fit.compatibility),
            }
            for c in candidates
        ]
        st.altair_chart(
            partner_charts.fit_heatmap(
                cells,
                [goal_labels[g] for g in broker_goals] + [overall],
                [c.name for c in candidates],
                t("pt_fit"),
            ),
            width="content",
        )
        st.caption(t("pt_fit_legend"))
    with st.expander(t("pt_fit_matrix_title")):
        matrix_table = pd.DataFrame(
            [
                {
                    t("pt_fit_broker_goal"): goal_labels.get(b, b),
                    **{content.goal_name(p, lang): v for p, v in row.items()},
                }
                for b, row in content.fit.compatibility.items()
            ]
        )
        st.dataframe(
            matrix_table,
            hide_index=True,
            width="stretch",
        )
        st.caption(t("pt_fit_matrix_note"))
    _done()


with tabs[4]:
    fit_tab()

# ---------------------------------------------------------------- 6. risk-adjusted value


@st.fragment
def value_tab() -> None:
    low, high = (b.below for b in q.decision_bands[:2])
    st.markdown(t("pt_value_intro", low=f"{low:g}", high=f"{high:g}"))
    if not partner.criteria.consistent:
        st.warning(t("pt_value_inconsistent", cr=f"{partner.criteria.cr:.3f}"))
    if not broker_goals:
        st.info(t("pt_value_no_goals"))
    if not _need_candidates():
        return
    bars = [{"name": a.name, "adjusted": a.adjusted, "value": a.value, "band": a.band} for a in assessments]
    st.altair_chart(
        partner_charts.value_bars(bars, t("pt_adjusted_value"), [low, high], band_names), width="stretch"
    )
    stop_labels = {x.id: t("pt_stopped_at", tier=x.short.get(lang)) for x in content.screening.tiers}
    table = pd.DataFrame(
        [
            {
                t("pt_col_rank"): rank,
                t("pt_col_name"): a.name,
                t("pt_col_type"): content.type_name(a.type, lang),
                t("pt_value"): round(a.value, 3),
                **({t("pt_fit"): round(a.criteria[pm.FIT_CRITERION] or 0.0, 2)} if broker_goals else {}),
                t("pt_col_risk_weight"): round(a.risk_weight, 2),
                t("pt_adjusted_value"): round(a.adjusted, 3),
                t("pt_band"): band_names[a.band],
                t("pt_screening_result"): t("pt_passed_all")
                if a.stopped_at is None
                else stop_labels[a.stopped_at],
            }
            for rank, a in enumerate(assessments, start=1)
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            t("pt_value"): st.column_config.NumberColumn(format="%.3f"),
            t("pt_fit"): st.column_config.NumberColumn(format="%.2f"),
            t("pt_col_risk_weight"): st.column_config.NumberColumn(format="%.2f"),
            t("pt_adjusted_value"): st.column_config.NumberColumn(format="%.3f"),
        },
    )
    st.caption(t("pt_in_report"))
    for band in q.decision_bands:
        st.markdown(f"- **{band_names[band.id]}** — " + t(f"pt_band_{band.id}"))


with tabs[5]:
    value_tab()

# ---------------------------------------------------------------- 7. readiness weights


def _apply_readiness() -> None:
    """Adopt the readiness weights when the judgements are consistent (the Results page reads them)."""
    _, chosen = pm.readiness_weights(ss[READINESS_STORE])
    if chosen is not None:
        ss[state.WEIGHTS] = chosen


def _reset_readiness() -> None:
    ss[READINESS_STORE] = {}
    ss[state.WEIGHTS] = None
    pairwise.bump(READINESS_STORE)


@st.fragment
def readiness_tab() -> None:
    st.markdown(t("pt_readiness_intro"))
    st.caption(t("pt_saaty_scale"))
    default = dict(q.indices.readiness.weights)
    in_effect = ss[state.WEIGHTS] or default
    left, right = st.columns([1.35, 1])
    with left:
        pairwise.sliders(READINESS_STORE, INDEX_IDS, index_names, columns=1, after=_apply_readiness)
        st.button(
            t("pt_reset_readiness"),
            key="pt_reset_readiness",
            icon=":material/restart_alt:",
            on_click=_reset_readiness,
        )
    with right:
        if ss[READINESS_STORE]:
            readiness_result = pairwise.result(READINESS_STORE, INDEX_IDS, index_names)
            pairwise.readout(
                READINESS_STORE,
                INDEX_IDS,
                index_names,
                readiness_result,
                t("pt_weight"),
                after=_apply_readiness,
            )
            if not readiness_result.consistent:
                st.warning(t("pt_readiness_not_applied"))
        else:  # no judgement yet: the equal-weights read-out of an untouched matrix is not what applies
            st.info(
                t(
                    "pt_readiness_no_judgements",
                    weights=" / ".join(f"{in_effect[k]:.2f}" for k in INDEX_IDS),
                )
            )
    st.subheader(t("pt_readiness_in_effect"), anchor=False)
    for col, k in zip(st.columns(len(INDEX_IDS)), INDEX_IDS, strict=True):
        col.metric(index_names[k], f"{in_effect[k]:.2f}", border=True)
    if not ss[state.WEIGHTS]:
        st.caption(t("pt_readiness_source_default"))
    elif ss[READINESS_STORE]:
        st.caption(t("pt_readiness_source_custom"))
    else:
        st.caption(t("pt_readiness_source_file"))
    readiness = state.result().readiness
    if readiness is None:
        st.caption(t("pt_readiness_no_answers"))
    else:
        st.markdown(t("pt_readiness_now", value=f"{readiness:.2f}"))
    _done()


with tabs[6]:
    readiness_tab()

# ---------------------------------------------------------------- summary above the tabs

with summary:
    if not rows:
        st.info(t("pt_empty"))
    else:
        prioritised = sum(1 for a in assessments if a.band == "prioritise")
        cols = st.columns(4)
        cols[0].metric(t("pt_sum_candidates"), f"{len(candidates)} / {len(rows)}", border=True)
        passed = str(len(screening.passed))
        if candidates:
            passed = t("pt_sum_passed_value", n=passed, pct=f"{screening.pass_rate:.0%}")
        cols[1].metric(t("pt_sum_passed"), passed, border=True)
        cols[2].metric(t("pt_sum_prioritise"), str(prioritised), border=True)
        cols[3].metric(t("pt_sum_cr"), f"{partner.criteria.cr:.3f}", border=True)

widgets.next_step("partners")
