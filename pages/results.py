"""诊断结果 Results: dimension scores (radar + table), composite indices and the decision band."""

import math

import pandas as pd
import streamlit as st

from model.content.schema import DIMENSION_IDS
from reporting import charts, escape
from ui import layout, migration_notice, state, widgets
from ui.i18n import current_lang, t

lang = current_lang()
q = state.questionnaire()
result = state.result()

st.title(t("page_results"))
layout.stop_if_nothing_answered(result, "results_empty")
rec = result.strategy
layout.confidence_marker(rec)
migration_notice.render(expanded=False)  # an older file just loaded: what to look at again
if result.completeness < 1:
    st.warning(t("results_incomplete", pct=round(result.completeness * 100)))

name = st.session_state[state.META].get("name")
if name:
    st.subheader(escape.md(name), anchor=False)  # user text: shown as typed, never read as Markdown

layout.index_tiles(result)
if rec.provisional:
    st.info(t("band_provisional"))
else:
    layout.decision_band_box(result, lang)
    st.caption(t("band_tool_note"))
    if result.band_capped:
        st.caption(t("band_capped_note"))
if result.privacy_penalty:
    st.warning(t("privacy_penalty_note", penalty=f"{result.privacy_penalty:g}"))

left, right = st.columns([1.1, 1])
missing = {d for d in DIMENSION_IDS if result.dimensions[d].score is None}
axes = [
    q.dimension(d).name.get(lang) + (t("radar_not_scored") if d in missing else "") for d in DIMENSION_IDS
]
with left:
    st.subheader(t("radar_title"))
    st.altair_chart(
        charts.radar(axes, {t("your_firm"): [result.dimensions[d].score for d in DIMENSION_IDS]}),
        width="content",
    )
    if missing:
        st.caption(t("radar_missing_note"))
with right:
    st.subheader(t("scores_table"))
    table = pd.DataFrame(
        [
            {
                t("col_dimension"): q.dimension(d).name.get(lang),
                t("col_score"): None if s.score is None else round(s.score),
                t("col_answered"): f"{s.answered}/{s.total}",
                t("col_status"): t("status_counted")
                if s.counted
                else t("status_not_counted", need=math.ceil(q.completeness.min_share * s.total - 1e-9)),
                t("col_ref"): q.dimension(d).ref,
            }
            for d, s in ((d, result.dimensions[d]) for d in DIMENSION_IDS)
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            t("col_score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d"),
            t("col_status"): st.column_config.TextColumn(width="medium"),
        },
    )

st.subheader(t("indices_header"))
sources = {
    "metrics": t("source_metrics"),
    "blend": t("source_blend"),
    "proxy": t("source_proxy"),
    "none": t("source_none"),
}
rows = [
    (t("index_resource_synergy"), result.resource_synergy, t("formula_synergy")),
    (t("index_user_value"), result.user_value.value, sources[result.user_value.source]),
    (t("index_commercial_value"), result.commercial_value.value, sources[result.commercial_value.source]),
    (
        t("index_readiness"),
        result.readiness,
        t("formula_readiness", **{k: f"{v:.2f}" for k, v in result.weights.items()}),
    ),
    (t("index_risk_weight"), result.risk.weight, t("formula_risk", n=len(result.risk.mitigations))),
    (t("index_risk_adjusted_readiness"), result.risk_adjusted_readiness, t("formula_adjusted")),
]
st.table(  # a static table wraps the long basis texts instead of clipping them
    pd.DataFrame(
        [
            {t("col_index"): a, t("col_value"): "—" if b is None else f"{b:.3f}", t("col_basis"): c}
            for a, b, c in rows
        ]
    ).set_index(t("col_index"))
)
st.subheader(t("benchmark_header"))
st.caption(t("benchmark_intro"))
if result.archetypes:
    left, right = st.columns([1.1, 1])
    names = {s.id: s.name.get(lang) for s in q.strategy_types}
    with right:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col_type"): names[a.type_id],
                        t("col_distance"): round(a.distance, 1),
                        t("col_similarity"): round(a.similarity * 100),
                    }
                    for a in result.archetypes
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={
                t("col_similarity"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d")
            },
        )
        overlay = st.selectbox(
            t("overlay_label"),
            [a.type_id for a in result.archetypes],
            format_func=names.__getitem__,
            key="archetype_overlay",
        )
    with left:
        archetype = q.strategy_type(overlay).archetype
        st.altair_chart(
            charts.radar(
                axes,
                {
                    t("your_firm"): [result.dimensions[d].score for d in DIMENSION_IDS],
                    t("archetype_series", name=names[overlay]): [archetype[d] for d in DIMENSION_IDS],
                },
                size=360,
            ),
            width="content",
        )

verdicts = {
    "beyond_target": t("verdict_beyond"),
    "between": t("verdict_between"),
    "short": t("verdict_short"),
}
st.table(
    pd.DataFrame(
        [
            {
                t("col_reference"): c.reference.name.get(lang),
                t("col_report_before"): "—" if c.reference.before is None else f"{c.reference.before:g}",
                t("col_report_after"): f"{c.reference.after:g}",
                t("col_unit"): c.reference.unit.get(lang),
                t("col_firm"): "—" if c.firm_value is None else f"{c.firm_value:g}",
                t("col_verdict"): verdicts.get(c.verdict, "—"),
                t("col_ref"): c.reference.ref,
            }
            for c in result.references
        ]
    ).set_index(t("col_reference"))  # a static table wraps the long comparison texts
)
st.caption(t("reference_note"))

layout.disclaimer()
widgets.next_step("results")
