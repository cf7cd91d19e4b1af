"""方法说明 Methodology: every formula, weight and threshold, read from the same content the model uses."""

import pandas as pd
import streamlit as st

from model.content.schema import DIMENSION_IDS
from ui import layout, partner_method, state
from ui.i18n import current_lang, t

lang = current_lang()
q = state.questionnaire()


def names(weights: dict[str, float], resolve) -> str:
    return " + ".join(f"{w:g} × {resolve(k)}" for k, w in weights.items())


def dim_name(d: str) -> str:
    return q.dimension(d).name.get(lang)


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


st.title(t("page_methodology"))
st.markdown(t("method_intro", version=q.version))

st.header(t("method_scoring"), anchor=False)
st.markdown(t("method_scoring_body"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col_dimension"): dim_name(d),
                t("col_what"): q.dimension(d).description.get(lang),
                t("col_questions"): len(q.questions_in(d)),
                t("col_ref"): q.dimension(d).ref,
            }
            for d in DIMENSION_IDS
        ]
    ),
    hide_index=True,
    width="stretch",
)

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
        min_share=f"{risk.min_compliance_share:.0%}",
        ref=risk.ref,
    )
)
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col_category"): c.name.get(lang),
                t("col_share"): f"{c.share:.0%}",
            }
            for c in risk.categories.values()
        ]
    ),
    hide_index=True,
    width="stretch",
)
register = q.risk_register
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col_risk"): r.name.get(lang),
                t("col_category"): risk.categories[r.category].name.get(lang),
                t("col_impact"): r.impact,
                t("col_activity"): activity_text(r.activity),
                t("col_controls"): names(r.controls, dim_name),
                t("col_ref"): r.ref,
            }
            for r in register.risks
        ]
    ),
    hide_index=True,
    width="stretch",
)
st.markdown(
    t("method_mitigations")
    + "\n"
    + "\n".join(
        t(
            "method_mitigation_line",
            name=mitigation_q.option(e.value).label.get(lang),
            pct=f"{e.reduction:.0%}",
            risks=t("list_sep").join(r.name.get(lang) for r in register.risks if r.id in e.applies_to),
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
rows = []
for st_type in q.strategy_types:
    bonus = "; ".join(
        f"{t('list_sep').join(q.question(b.question).option(v).label.get(lang) for v in b.values)}: {b.bonus:+g}"
        for b in st_type.fit.profile_bonus
    )
    rows.append(
        {
            t("col_type"): st_type.name.get(lang),
            t("col_bias"): st_type.fit.bias,
            t("col_weights"): ", ".join(f"{dim_name(d)} {w:+g}" for d, w in st_type.fit.weights.items()),
            t("col_bonus"): bonus or "—",
            t("col_ref"): st_type.ref,
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
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
st.dataframe(
    pd.DataFrame(
        [
            {
                t("col_mode"): m.name.get(lang),
                t("col_weights"): names(m.fit.weights, dim_name),
                t("col_preconditions"): t("list_sep").join(
                    f"{dim_name(p.dimension)} ≥ {p.min:g}" for p in m.preconditions
                )
                or "—",
                t("col_bonus"): t("list_sep").join(f"{types[k]} {v:+g}" for k, v in m.fit.type_bonus.items())
                + (
                    f"{t('list_sep')}{t('why_cross_border')} {m.fit.cross_border_bonus:+g}"
                    if m.fit.cross_border_bonus
                    else ""
                ),
                t("col_ref"): m.ref,
            }
            for m in q.cooperation_modes
        ]
    ),
    hide_index=True,
    width="stretch",
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
partner_method.render(q)  # 伙伴评估: AHP, DEA, screening, fit, value (strings_partners.yaml)
layout.disclaimer()
