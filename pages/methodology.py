"""方法说明 Methodology: every formula, weight and threshold, read from the same content the model uses."""

import pandas as pd
import streamlit as st

from model import assess
from model.content.schema import DIMENSION_IDS
from model.inputs.calibration import load_cases
from model.scoring.calibration import problems
from ui import layout, partner_method, state, widgets
from ui.i18n import current_lang, join_clauses, t

lang = current_lang()
q = state.questionnaire()


def names(weights: dict[str, float], resolve) -> str:
    return " + ".join(f"{w:g} × {resolve(k)}" for k, w in weights.items())


def dim_name(d: str) -> str:
    return q.dimension(d).name.get(lang)


def dim_or_section(question) -> str:
    """The dimension a question scores in, or its section (operating metrics) when it scores in none."""
    if question.scored:
        return dim_name(question.dimension)
    return q.sections[question.dimension].get(lang)


def activity_text(activity) -> str:
    """base + goals + dimensions, as a reader would say it."""
    goals_q = q.question("strategic_goals")
    parts = [f"{activity.base:g}"]
    parts += [f"{w:+g} × {goals_q.option(g).label.get(lang)}" for g, w in activity.goals.items()]
    parts += [f"{w:+g} × {dim_name(d)}" for d, w in activity.dimensions.items()]
    if activity.cross_border_intent:
        parts.append(
            f"{activity.cross_border_intent:+g} × {q.question(q.cross_border.intent_question).text.get(lang)}"
        )
    return " ".join(parts)


@st.cache_resource(show_spinner=False)
def calibration_outcomes(version: int):
    """The calibration firms and what the model says about them (content is fixed per version)."""
    return [(case, assess(q, case.answers)) for case in load_cases(q)]


def wrapped(rows: list[dict]) -> None:
    """A static table: long formulas and reasons wrap instead of being clipped."""
    frame = pd.DataFrame(rows)
    st.table(frame.set_index(frame.columns[0]))


st.title(t("page_methodology"))
st.markdown(t("method_intro", version=q.version))
st.info(t("titles_only"))

st.header(t("method_scoring"), anchor=False)
st.markdown(t("method_scoring_body"))
wrapped(
    [
        {
            t("col_dimension"): dim_name(d),
            t("col_what"): q.dimension(d).description.get(lang),
            t("col_questions"): len(q.questions_in(d)),
            t("col_ref"): q.dimension(d).ref,
        }
        for d in DIMENSION_IDS
    ]
)


def question_list(rows: list[tuple[str, str]]) -> str:
    """A bullet per question: its text, then what the page says about it."""
    sep = "——" if lang == "zh" else " — "
    return "\n".join(f"- {text}{sep}{note}" for text, note in rows)


skipped = [
    (x.text.get(lang), t("as_skipped_option", option=o.label.get(lang), dimension=dim_or_section(x)))
    for x in q.questions
    for o in x.options
    if o.as_skipped
]
st.markdown(t("method_as_skipped") + "\n\n" + question_list(skipped))
cite = "{text}（{ref}）" if lang == "zh" else "{text} ({ref})"
added = [
    (cite.format(text=x.text.get(lang), ref=x.ref), x.tool_addition.get(lang))
    for x in q.questions
    if x.tool_addition
]
if added:
    st.markdown(t("method_tool_questions") + "\n\n" + question_list(added))

st.header(t("method_indices"), anchor=False)
ix = q.indices
index_name = {
    k: getattr(ix, k).name.get(lang) for k in ("resource_synergy", "user_value", "commercial_value")
}
st.markdown(
    t(
        "method_indices_body",
        synergy=names(ix.resource_synergy.weights, dim_name),
        synergy_ref=ix.resource_synergy.ref,
        uv_components=", ".join(c.get(lang) for c in ix.user_value.components.values()),
        uv_proxy=names(ix.user_value.proxy, dim_name),
        uv_ref=ix.user_value.ref,
        cv_components=", ".join(c.get(lang) for c in ix.commercial_value.components.values()),
        cv_proxy=names(ix.commercial_value.proxy, dim_name),
        cv_ref=ix.commercial_value.ref,
        readiness=names(ix.readiness.weights, index_name.__getitem__),
        readiness_ref=ix.readiness.ref,
    )
)

st.header(t("method_risk"), anchor=False)
risk = q.risk
mitigation_q = q.question(risk.mitigation_question)
st.markdown(
    t(
        "method_risk_body",
        max_weight=risk.max_weight,
        min_share=f"{risk.min_data_security_share:.0%}",
        penalty=f"{risk.privacy_review_penalty:g}",
        ref=risk.ref,
    )
)
register = q.risk_register
wrapped(
    [
        {
            t("col_risk"): r.name.get(lang),
            t("col_category"): risk.categories[r.category].name.get(lang),
            t("col_share"): f"{risk.shares[r.id]:.0%}",
            t("col_impact"): f"{r.impact:g}",
            t("col_activity"): activity_text(r.activity),
            t("col_controls"): names(r.controls, dim_name),
            t("col_ref"): r.ref,
        }
        for r in register.risks
    ]
)
st.markdown(
    t("method_mitigations")
    + "\n"
    + "\n".join(
        t(
            "method_mitigation_line",
            name=mitigation_q.option(e.value).label.get(lang),
            pct=f"{e.reduction:.0%}",
            risks=join_clauses(r.name.get(lang) for r in register.risks if r.id in e.applies_to),
        )
        for e in register.mitigation_effects
    )
)
st.markdown(
    t("method_levels")
    + "\n"
    + "\n".join(
        f"- {lv.name.get(lang)}: ≥ {lv.min_exposure:g} — {lv.response.get(lang)}" for lv in register.levels
    )
)
bands = q.readiness_bands.bands
st.markdown(
    t(
        "method_readiness_bands",
        low=f"{bands[0].below:g}",
        high=f"{bands[1].below:g}",
        b0=bands[0].name.get(lang),
        b1=bands[1].name.get(lang),
        b2=bands[2].name.get(lang),
    )
)
bands = q.decision_bands
st.markdown(
    t(
        "method_bands",
        low=bands[0].below,
        high=bands[1].below,
        b0=bands[0].name.get(lang),
        b1=bands[1].name.get(lang),
        b2=bands[2].name.get(lang),
    )
)

st.header(t("method_strategy"), anchor=False)
st.markdown(t("method_strategy_body"))


def profile_terms(fit) -> str:
    terms = [
        f"{join_clauses(q.question(b.question).option(v).label.get(lang) for v in b.values)} {b.bonus:+g}"
        for b in fit.profile_bonus
    ]
    gate = fit.profile_gate
    if gate:
        terms.append(
            t(
                "method_profile_gate",
                question=q.question(gate.question).text.get(lang),
                penalty=f"{gate.penalty:g}",
            )
        )
    return join_clauses(terms) or "—"


wrapped(
    [
        {
            t("col_type"): s_type.name.get(lang),
            t("col_bias"): f"{s_type.fit.bias:g}",
            t("col_weights"): ", ".join(f"{dim_name(d)} {w:+g}" for d, w in s_type.fit.weights.items())
            + (f", {t('niche_name')} {s_type.fit.niche.weight:+g}" if s_type.fit.niche else ""),
            t("col_floors"): ", ".join(f"{dim_name(d)} ≥ {m:g}" for d, m in s_type.fit.floors.items())
            + (f", {t('niche_name')} ≥ {s_type.fit.niche.floor:g}" if s_type.fit.niche else "")
            + (f" (−{s_type.fit.floor_rate / 100:g}/{t('point')})" if s_type.fit.floors else ""),
            t("col_ceilings"): ", ".join(f"{dim_name(d)} ≤ {m:g}" for d, m in s_type.fit.ceilings.items())
            or "—",
            t("col_bonus"): profile_terms(s_type.fit),
            t("col_ref"): s_type.ref,
        }
        for s_type in q.strategy_types
    ]
)
st.markdown(
    t(
        "method_close_call",
        margin=f"{q.strategy.close_call_margin:g}",
        reach=q.strategy.flip_range,
        share=f"{q.completeness.min_share:.0%}",
    )
)
cb = q.cross_border
st.markdown(
    t(
        "method_cross_border",
        min_score=f"{cb.min_score:g}",
        min_intent=f"{cb.min_intent:g}",
        alone=f"{cb.score_without_intent:g}",
        ref=cb.ref,
    )
)
st.markdown(t("method_stability"))

st.header(t("method_modes"), anchor=False)
st.markdown(t("method_modes_body"))
types = {st_type.id: st_type.name.get(lang) for st_type in q.strategy_types}
licence_q = q.question(q.compliance_gate.licence_question)
wrapped(
    [
        {
            t("col_mode"): m.name.get(lang),
            t("col_weights"): names(m.fit.weights, dim_name),
            t("col_preconditions"): join_clauses(
                f"{dim_name(p.dimension)} ≥ {p.min:g}" for p in m.preconditions
            )
            or "—",
            t("col_bonus"): join_clauses(
                [f"{types[k]} {v:+g}" for k, v in m.fit.type_bonus.items()]
                + (
                    [f"{t('why_cross_border')} {m.fit.cross_border_bonus:+g}"]
                    if m.fit.cross_border_bonus
                    else []
                )
            ),
            t("col_licences"): join_clauses(licence_q.option(v).label.get(lang) for v in m.licences) or "—",
            t("col_ref"): m.ref,
        }
        for m in q.cooperation_modes
    ]
)
st.header(t("method_roadmap"), anchor=False)
st.markdown(t("method_roadmap_body", n=len(q.roadmap.actions)))

st.header(t("method_archetypes"), anchor=False)
st.markdown(t("method_archetypes_body"))
st.dataframe(
    pd.DataFrame(
        [
            {t("col_type"): s.name.get(lang), **{dim_name(d): s.archetype[d] for d in DIMENSION_IDS}}
            for s in q.strategy_types
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.header(t("method_tool_numbers"), anchor=False)
st.markdown(t("method_tool_numbers_body"))
settings = [(t("setting_types", name=s_type.name.get(lang)), s_type.fit.basis) for s_type in q.strategy_types]
settings += [
    (t("setting_close_call"), q.strategy.basis),
    (t("setting_completeness"), q.completeness.basis),
    (t("setting_cross_border"), q.cross_border.basis),
    (t("setting_modes"), q.mode_basis),
    (t("setting_risk"), q.risk.basis),
    (t("setting_register"), q.risk_register.basis),
    (t("setting_gate"), q.compliance_gate.basis),
    (t("setting_regions"), q.regions.basis),
    (t("setting_bands"), q.readiness_bands.basis),
]
wrapped([{t("col_setting"): name, t("tool_set"): basis.get(lang)} for name, basis in settings])

st.header(t("method_calibration"), anchor=False)
outcomes = calibration_outcomes(q.version)
st.markdown(t("method_calibration_body", n=len(outcomes)))


def expected_text(exp: dict) -> str:
    if exp.get("provisional"):
        return t("expected_provisional")
    if "close_call" in exp:
        a, b = exp["close_call"]
        return t("expected_close", a=q.strategy_type(a).name.get(lang), b=q.strategy_type(b).name.get(lang))
    return q.strategy_type(exp["type"]).name.get(lang)


def model_text(result) -> str:
    rec = result.strategy
    if rec.provisional:
        return t("expected_provisional")
    if rec.close_call:
        a, b = rec.between
        return t("expected_close", a=q.strategy_type(a).name.get(lang), b=q.strategy_type(b).name.get(lang))
    return q.strategy_type(rec.recommended).name.get(lang)


wrapped(
    [
        {
            t("col_cal_firm"): case.title.get(lang),
            t("col_expected"): expected_text(case.expected),
            t("col_model"): model_text(result),
            t("col_margin"): "—" if result.strategy.margin is None else f"{result.strategy.margin:.3f}",
            t("col_agrees"): t("agree_no") if problems(case, result) else t("agree_yes"),
            t("col_reason"): f"{case.expected['reason'][lang]}（{case.expected['ref']}）"
            if lang == "zh"
            else f"{case.expected['reason'][lang]} ({case.expected['ref']})",
        }
        for case, result in outcomes
    ]
)

partner_method.render(q)  # 伙伴评估: AHP, DEA, screening, fit, value (strings_partners.yaml)
layout.disclaimer()
widgets.next_step("methodology")
