"""One widget per question type; each writes its value through to the stored answers."""

from __future__ import annotations

import streamlit as st

from model.content.schema import DIMENSION_IDS, Question
from ui import state
from ui.i18n import current_lang, t


def _sync(qid: str, key: str) -> None:
    state.set_answer(qid, st.session_state.get(key))


def question(q: Question, number: int | None = None) -> None:
    """Render a question in a bordered box; the container key lets browser tests find it."""
    lang = current_lang()
    stored = state.answers().get(q.id)
    key = state.widget_key(f"q_{q.id}")
    prefix = f"{number}. " if number else ""
    with st.container(border=True, key=f"question_{q.id}"):
        label = f"**{prefix}{q.text.get(lang)}**"
        kwargs = {"key": key, "on_change": _sync, "args": (q.id, key)}
        if q.type in ("single", "scale"):
            values = [o.value for o in q.options]
            labels = {o.value: o.label.get(lang) for o in q.options}
            st.radio(
                label,
                values,
                index=values.index(stored) if stored in values else None,
                format_func=labels.__getitem__,
                **kwargs,
            )
        elif q.type == "multi":
            labels = {o.value: o.label.get(lang) for o in q.options}
            st.multiselect(
                label,
                list(labels),
                default=[v for v in (stored or []) if v in labels],
                format_func=labels.__getitem__,
                placeholder=t("multi_placeholder"),
                **kwargs,
            )
        else:
            st.number_input(
                label + (t("unit", unit=q.unit.get(lang)) if q.unit else ""),
                min_value=float(q.min),
                max_value=float(q.max),
                value=float(stored) if stored is not None else None,
                placeholder=t("number_placeholder", low=f"{q.min:g}", high=f"{q.max:g}"),
                **kwargs,
            )
        st.caption(f"{q.help.get(lang)} {t('report_ref', ref=q.ref)}")


def section(q, name: str, heading: str = "###") -> None:
    """One questionnaire section: its title, what it captures (with the report section) and its questions."""
    lang = current_lang()
    st.markdown(f"{heading} {q.section_name(name).get(lang)}")
    if name in DIMENSION_IDS:
        dim = q.dimension(name)
        st.caption(f"{dim.description.get(lang)} {t('report_ref', ref=dim.ref)}")
    else:
        st.caption(t("metrics_intro"))
    for i, item in enumerate(q.questions_in(name), start=1):
        question(item, i)


def section_pager(sections, current: str, go, key: str = "section"):
    """Previous / next section buttons under a questionnaire section; returns the column where the last
    section can put its own closing button (or None when there is a next section)."""
    position = sections.index(current)
    prev_col, next_col = st.columns(2)
    if position > 0:
        prev_col.button(
            t("previous_section"),
            icon=":material/arrow_back:",
            on_click=go,
            args=(sections[position - 1],),
            key=f"{key}_prev",
        )
    if position < len(sections) - 1:
        next_col.button(
            t("next_section"),
            type="primary",
            icon=":material/arrow_forward:",
            on_click=go,
            args=(sections[position + 1],),
            key=f"{key}_next",
        )
        return None
    return next_col
