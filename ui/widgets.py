"""One widget per question type; each writes its value through to the stored answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from model.content.schema import DIMENSION_IDS, Question
from ui import autosave, layout, state
from ui.i18n import current_lang, t

NONE = "none"  # the "none of these" option of a multiple choice excludes every other option


@dataclass(frozen=True)
class Redraw:
    """Which keyed fragments a click redraws besides its own question: `counts` when the question becomes
    answered or unanswered (progress, section counts), `always()` on any change (asked at the click, e.g.
    the workshop's "changed since you submitted")."""

    counts: tuple[str, ...] = ()
    always: Callable[[], tuple[str, ...]] | None = None

    def keys(self, answered_changed: bool) -> tuple[str, ...]:
        extra = self.always() if self.always else ()
        return (*(self.counts if answered_changed else ()), *extra)


def _sync(qid: str, key: str, redraw: Redraw) -> None:
    value = st.session_state.get(key)
    if isinstance(value, list) and NONE in value and len(value) > 1:
        before = state.answers().get(qid) or []
        value = [NONE] if NONE not in before else [v for v in value if v != NONE]
        st.session_state[key] = value  # the widget shows the corrected choice
    was_answered = qid in state.answers()
    state.set_answer(qid, value)
    autosave.save()  # a click reruns only fragments: app.py's save would not run
    others = redraw.keys((qid in state.answers()) != was_answered)
    if others:
        st.rerun([_fragment_key(qid), *others])  # what shows this answer elsewhere reruns too


def _fragment_key(qid: str) -> str:
    return f"fq_{qid}"


def question(q: Question, number: int | None = None, redraw: Redraw = Redraw()) -> None:
    """A question in a bordered box, in its own fragment: a click reruns this question alone (three
    elements, less than a bare page), with the fragments `redraw` names when they show this answer.
    The container key lets browser tests find it."""
    st.fragment(key=_fragment_key(q.id))(_question)(q, number, redraw)


def _question(q: Question, number: int | None, redraw: Redraw) -> None:
    lang = current_lang()
    stored = state.answers().get(q.id)
    key = state.widget_key(f"q_{q.id}")
    prefix = f"{number}. " if number else ""
    with st.container(border=True, key=f"question_{q.id}"):
        label = f"**{prefix}{q.text.get(lang)}**"
        kwargs = {"key": key, "on_change": _sync, "args": (q.id, key, redraw)}
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
                select_all=False,  # "select all" would tick "none of these" with the rest
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


def section(q, name: str, heading: str = "###", redraw: Redraw = Redraw()) -> None:
    """One questionnaire section: its title, what it captures (with the report section) and its questions
    (`redraw`: see `question`)."""
    lang = current_lang()
    st.markdown(f"{heading} {q.section_name(name).get(lang)}")
    if name in DIMENSION_IDS:
        dim = q.dimension(name)
        st.caption(f"{dim.description.get(lang)} {t('report_ref', ref=dim.ref)}")
    else:
        st.caption(t("metrics_intro"))
    for i, item in enumerate(q.questions_in(name), start=1):
        question(item, i, redraw)


def section_picker(q, sections, current: str, on_pick: Callable[[str], None], key: str) -> None:
    """The section selectbox: each section with its answered count (✓ when complete); picking one calls
    on_pick(section) before the rerun. The key carries the count and the language: a selectbox whose
    labels change under the same key reports an old label as its value."""
    lang = current_lang()
    answers = state.answers()

    def label(section: str) -> str:
        items = q.questions_in(section)
        done = sum(1 for x in items if x.id in answers)
        return (
            f"{q.section_name(section).get(lang)} · {'✓' if done == len(items) else f'{done}/{len(items)}'}"
        )

    done = sum(1 for x in q.questions if x.id in answers)
    pick = f"{key}_{current}_{done}_{lang}"
    st.selectbox(
        t("section"),
        sections,
        index=sections.index(current),
        format_func=label,
        key=pick,
        on_change=lambda: on_pick(st.session_state[pick]),
    )


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


NEXT = {  # the natural next step of each page
    "home": "profile",
    "profile": "assessment",
    "assessment": "results",
    "results": "strategy",
    "strategy": "roadmap",
    "roadmap": "risks",
    "risks": "partners",
    "partners": "report",
    "report": "methodology",
    "methodology": "results",
    "workshop": "results",
}


def next_step(current: str) -> None:
    """The last thing on every page: one link to the natural next step, named after that page."""
    target = NEXT.get(current)
    if target is None:
        return
    path, title, _, icon = next(p for p in layout.PAGES if p[2] == target)
    st.divider()
    with st.container(key=f"next_step_{current}"):
        st.caption(t(f"next_why_{current}"))
        st.page_link(path, label=t("next_step", page=t(title)), icon=icon)
