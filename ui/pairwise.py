"""Pairwise comparison on Saaty's 1–9 scale: one st.select_slider per pair, written through to a dict in
st.session_state ({"a|b": judgement}), and the AHP read-out (weights chart, λmax / CI / CR, consistency
badge, the most inconsistent judgement with a one-click fix). The AHP itself is model/ahp.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import streamlit as st

from model.methods import ahp
from model.partners.evaluation import criteria_weights, pair_key, saaty_value
from reporting import partner_charts
from ui.i18n import current_lang, t, tr

# Slider positions: -8 = "A 9" (A extremely more important) … 0 = equal … 8 = "9 B".
CODES = tuple(range(-8, 9))


def code_to_value(code: int) -> float:
    """The judgement a_AB a slider position stands for."""
    return float(1 - code) if code <= 0 else 1.0 / (code + 1)


def value_to_code(value: float) -> int:
    v = saaty_value(value)
    return -(round(v) - 1) if v >= 1 else round(1 / v) - 1


def judgement_label(value: float, a: str, b: str, lang: str) -> str:
    """How a judgement reads: "技术能力 3" (A moderately more important), "1 同等重要", "5 成本"."""
    code = value_to_code(value)
    if code < 0:
        return f"{a} {1 - code}"
    if code == 0:
        return tr("pt_equal", lang)
    return f"{code + 1} {b}"


def _generation_key(store: str) -> str:
    return f"{store}__gen"


def bump(store: str) -> None:
    """Rebuild the sliders of `store` (after the stored judgements were changed by code)."""
    st.session_state[_generation_key(store)] = st.session_state.get(_generation_key(store), 0) + 1


def _sync(store: str, pair: str, key: str, after: Callable[[], None] | None) -> None:
    value = code_to_value(st.session_state[key])
    judgements = dict(st.session_state[store])
    if value == 1.0:
        judgements.pop(pair, None)
    else:
        judgements[pair] = value
    st.session_state[store] = judgements
    if after:
        after()


def sliders(
    store: str,
    ids: Sequence[str],
    names: Mapping[str, str],
    columns: int = 2,
    after: Callable[[], None] | None = None,
) -> None:
    """One slider per pair (a before b in `ids`); each change is stored at once, then `after()` runs."""
    judgements = st.session_state[store]
    generation = st.session_state.get(_generation_key(store), 0)
    lang = current_lang()
    pairs = [(ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))]
    cols = st.columns(columns)
    for k, (a, b) in enumerate(pairs):
        pair = pair_key(a, b)
        key = f"{store}_{pair}_{generation}"
        with cols[k % columns]:
            st.select_slider(
                t("pt_pair_label", a=names[a], b=names[b]),
                options=CODES,
                value=value_to_code(judgements.get(pair, 1.0)),
                format_func=lambda c, a=a, b=b: judgement_label(code_to_value(c), names[a], names[b], lang),
                key=key,
                on_change=_sync,
                args=(store, pair, key, after),
            )
            st.space("small")  # room for the end labels shown under the track on hover / focus


def result(store: str, ids: Sequence[str], names: Mapping[str, str]) -> ahp.AhpResult:
    """The AHP result of the stored judgements; labels are the display names (for the worst judgement)."""
    res = criteria_weights(st.session_state[store], ids)
    worst = res.worst_judgement
    if worst is None:
        return res
    return replace(res, worst_judgement=replace(worst, row=names[worst.row], column=names[worst.column]))


def _apply_suggestion(store: str, pair: str, value: float, after: Callable[[], None] | None) -> None:
    judgements = dict(st.session_state[store])
    judgements[pair] = value
    st.session_state[store] = judgements
    bump(store)
    if after:
        after()


def readout(
    store: str,
    ids: Sequence[str],
    names: Mapping[str, str],
    res: ahp.AhpResult,
    chart_title: str,
    after: Callable[[], None] | None = None,
) -> None:
    """Weights chart, λmax / CI / CR, the consistency badge and (if CR > 0.1) the judgement to revise."""
    rows = [{"label": names[i], "weight": w} for i, w in zip(ids, res.weights, strict=True)]
    st.altair_chart(partner_charts.weight_bars(rows, chart_title), width="stretch")
    a, b, c = st.columns(3)
    a.metric("λmax", f"{res.lambda_max:.3f}")
    b.metric("CI", f"{res.ci:.3f}")
    c.metric("CR", f"{res.cr:.3f}")
    if res.consistent:
        st.badge(t("pt_consistent", cr=f"{res.cr:.3f}"), icon=":material/check_circle:", color="green")
        return
    st.badge(t("pt_inconsistent", cr=f"{res.cr:.3f}"), icon=":material/error:", color="red")
    worst = res.worst_judgement
    if worst is None:
        return
    a_id, b_id = ids[worst.i], ids[worst.j]
    st.error(
        t(
            "pt_worst",
            a=worst.row,
            b=worst.column,
            current=judgement_label(worst.current, worst.row, worst.column, current_lang()),
            suggested=judgement_label(worst.suggested, worst.row, worst.column, current_lang()),
            cr=f"{worst.cr_after:.3f}",
        )
    )
    st.button(
        t("pt_apply_suggestion"),
        key=f"{store}_apply_suggestion",
        icon=":material/auto_fix_high:",
        on_click=_apply_suggestion,
        args=(store, pair_key(a_id, b_id), worst.suggested, after),
    )
