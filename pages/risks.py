"""风险预警 Risks: the register with exposure and warning level, a heat map, early-warning indicators
and the mitigations that lower the risk weight (and so raise risk-adjusted readiness)."""

import pandas as pd
import streamlit as st

from model.inputs.answers import INDICATOR_LIMIT
from model.scoring.risks import indicator_status
from reporting import plan_charts
from ui import layout, state, widgets
from ui.i18n import current_lang, join_clauses, t

lang = current_lang()
q = state.questionnaire()
register = q.risk_register
ss = st.session_state

st.title(t("page_risks"))
layout.stop_if_nothing_answered(state.result(), "risks_empty")
st.markdown(t("risks_intro"))

# Mitigations first: ticking one changes everything below in the same run.
mitigation_q = q.question(q.risk.mitigation_question)
effects = {e.value: e for e in register.mitigation_effects}
key = state.widget_key("mitigations")
current = [v for v in state.answers().get(mitigation_q.id, []) if v in effects]
with st.container(border=True):
    st.markdown(f"**{t('mitigations_header')}**")
    chosen = st.pills(
        t("mitigations_label"),
        list(effects),
        selection_mode="multi",
        default=current,
        format_func=lambda v: mitigation_q.option(v).label.get(lang),
        key=key,
    )
    if sorted(chosen) != sorted(current):
        state.set_answer(mitigation_q.id, list(chosen))
result = state.result()
risk = result.risk

levels = {lv.id: lv for lv in register.levels}
MARKDOWN_COLOR = {"blue": "blue", "yellow": "orange", "orange": "orange", "red": "red"}


def level_text(level_id: str) -> str:
    """The level as text (never colour alone): a marker and the level's name."""
    return f"● {levels[level_id].name.get(lang)}"


def level_markdown(level_id: str) -> str:
    return f":{MARKDOWN_COLOR[level_id]}[**{level_text(level_id)}**]"


def level_cell_style(value: str) -> str:
    for lv in register.levels:
        if value == level_text(lv.id):
            return f"background-color: {lv.color}33; color: #1c2733; font-weight: 600"
    return ""


def spread_labels(rows: list[dict], near: float = 0.06) -> None:
    """Move a number label up or down when another risk sits close by, so the numbers never overlap."""
    placed: list[tuple[float, float]] = []
    for row in sorted(rows, key=lambda r: (r["likelihood"], r["impact"])):
        x, y = row["label_x"], row["label_y"]
        step = 0
        while any(abs(x - px) < near and abs(y - py) < 0.045 for px, py in placed):
            step += 1
            y = row["label_y"] + (0.05 * ((step + 1) // 2) * (1 if step % 2 else -1))
        row["label_y"] = y
        placed.append((x, y))


cols = st.columns(3)
cols[0].metric(
    t("index_risk_weight"),
    "—" if risk.weight is None else f"{risk.weight:.3f}",
    delta=None  # no "+0.000": a change too small to show is not shown
    if risk.weight is None or risk.base_weight is None or round(risk.weight - risk.base_weight, 3) == 0
    else f"{risk.weight - risk.base_weight:+.3f}",
    delta_color="inverse",
    border=True,
)
cols[1].metric(
    t("index_readiness"), "—" if result.readiness is None else f"{result.readiness:.2f}", border=True
)
cols[2].metric(
    t("index_risk_adjusted_readiness"),
    "—" if result.risk_adjusted_readiness is None else f"{result.risk_adjusted_readiness:.2f}",
    border=True,
)

categories = {c: spec.name.get(lang) for c, spec in q.risk.categories.items()}
st.subheader(t("register_header"), anchor=False)
ordered = sorted(risk.risks, key=lambda r: -r.exposure)
number = {r.risk.id: i for i, r in enumerate(ordered, start=1)}
register_table = pd.DataFrame(
    [
        {
            t("col_no"): number[r.risk.id],
            t("col_risk"): r.risk.name.get(lang),
            t("col_category"): categories[r.risk.category],
            t("col_level"): level_text(r.level),
            t("col_exposure"): round(r.exposure, 3),
            t("col_likelihood"): round(r.likelihood, 2),
            t("col_impact"): r.risk.impact,
            t("col_mitigated"): join_clauses(mitigation_q.option(m).label.get(lang) for m in r.mitigated_by)
            or "—",
            t("col_ref"): r.risk.ref,
        }
        for r in ordered
    ]
)
st.table(  # static: the mitigation names wrap instead of being clipped
    register_table.style.map(level_cell_style, subset=[t("col_level")])
    .format({t("col_exposure"): "{:.3f}", t("col_likelihood"): "{:.2f}", t("col_impact"): "{:.2f}"})
    .hide(axis="index")  # the numbered column is the one the heat map labels refer to
)

left, right = st.columns([1.2, 1])
with left:
    st.subheader(t("heatmap_header"), anchor=False)
    rows = [
        {
            "name": r.risk.name.get(lang),
            "label": str(number[r.risk.id]),
            "label_x": r.likelihood,
            "label_y": r.risk.impact,
            "likelihood": r.likelihood,
            "impact": r.risk.impact,
            "level": r.level,
            "level_name": levels[r.level].name.get(lang),
        }
        for r in risk.risks
    ]
    spread_labels(rows)
    level_rows = [{"id": lv.id, "min_exposure": lv.min_exposure, "color": lv.color} for lv in register.levels]
    st.altair_chart(
        plan_charts.risk_heatmap(rows, level_rows, t("col_likelihood"), t("col_impact")), width="content"
    )
with right:
    st.subheader(t("levels_header"), anchor=False)
    for lv in register.levels:
        st.markdown(f"{level_markdown(lv.id)} (≥ {lv.min_exposure:g}) — {lv.response.get(lang)}")

st.subheader(t("indicators_header"), anchor=False)
st.caption(t("indicators_intro"))
typed = ss[state.INDICATORS]
by_risk = {r.risk.id: r for r in risk.risks}


def _sync_indicator(indicator_id: str, widget: str) -> None:
    """Runs before the rerun, so the register above already reflects the new value."""
    value = st.session_state.get(widget)
    if value is None:
        ss[state.INDICATORS].pop(indicator_id, None)
    else:
        ss[state.INDICATORS][indicator_id] = float(value)


for ind in register.indicators:
    c1, c2, c3 = st.columns([2.2, 1.2, 1.6])
    ikey = state.widget_key(f"indicator_{ind.id}")
    value = typed.get(ind.id)
    if (
        value is None
        and ind.metric_question
        and isinstance(state.answers().get(ind.metric_question), int | float)
    ):
        value = float(state.answers()[ind.metric_question])
    c1.number_input(
        t("indicator_label", name=ind.name.get(lang), unit=ind.unit.get(lang)),
        value=value,
        min_value=-INDICATOR_LIMIT,  # the range an answers file accepts: the saved file always loads back
        max_value=INDICATOR_LIMIT,
        placeholder=t("indicator_placeholder"),
        key=ikey,
        on_change=_sync_indicator,
        args=(ind.id, ikey),
    )
    status = indicator_status(ind, value)
    side = ">" if ind.direction == "above" else "<"
    c2.markdown(t("indicator_thresholds", side=side, warn=f"{ind.warn:g}", alert=f"{ind.alert:g}"))
    badge = {
        "ok": f":green[● {t('status_ok')}]",
        "warn": f":orange[▲ {t('status_warn')}]",
        "alert": f":red[■ {t('status_alert')}]",
        "unknown": f":gray[○ {t('status_unknown')}]",
    }[status]
    c3.markdown(
        f"**{badge}** · {by_risk[ind.risk].risk.name.get(lang)} → {level_text(by_risk[ind.risk].level)}"
    )

layout.disclaimer()
widgets.next_step("risks")
