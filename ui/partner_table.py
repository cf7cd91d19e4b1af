"""The editable candidate table: column groups, typed columns, and the rows kept in st.session_state.

st.data_editor stores the *edits* relative to the data it was given, so that data (the "base") must
not change while the editor lives, or edits would be applied twice. The page keeps the user's rows in
st.session_state["partners"] (the editor's output on every run) and starts a new editor, from the
current rows, whenever the old one is gone: after a page switch, a language switch, a change of
column group, or when rows are replaced by code (example set, clear).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from model.partners.evaluation import (
    CHECKS,
    DEA_INPUTS,
    DEA_OUTPUTS,
    MAX_NAME,
    PARTNER_GOALS,
    PARTNER_TYPES,
    RANGES,
    ROW_FIELDS,
    SCORED_CRITERIA,
    Candidate,
    PartnerContent,
    RowProblem,
    to_row,
)
from reporting import escape
from ui.i18n import current_lang, t, tr

ROWS = "partners"  # the rows as typed (list of dicts), may contain problems
BASE = "partners_editor_base"  # the rows the live editor was started with
GENERATION = "partners_editor_gen"
VIEW = "partners_view"
VIEWS = {
    "profile": ("type", "goals", "risk_weight", *SCORED_CRITERIA),
    "screening": (*CHECKS, "synergy"),
    "dea": (*DEA_INPUTS, *DEA_OUTPUTS),
}
BOOL_FIELDS = set(CHECKS)
NUMBER_FIELDS = set(RANGES)


def init() -> None:
    ss = st.session_state
    ss.setdefault(ROWS, [])
    ss.setdefault(GENERATION, 0)
    ss.setdefault(VIEW, "profile")


def replace_rows(candidates: list[Candidate] | None) -> None:
    """Replace every row (example set, or clear with None) and start a new editor."""
    st.session_state[ROWS] = [to_row(c) for c in candidates or []]
    st.session_state[GENERATION] += 1


def field_label(fid: str, content: PartnerContent, lang: str) -> str:
    """The column title of a row field, in `lang`."""
    if fid in SCORED_CRITERIA:
        return content.criterion(fid).name.get(lang)
    facts = {f.id: f.name for f in content.screening.facts}
    if fid in facts:
        return facts[fid].get(lang)
    measures = {m.id: m for m in (*content.dea.inputs, *content.dea.outputs)}
    if fid in measures:
        m = measures[fid]
        return t("pt_col_with_unit", name=m.name.get(lang), unit=m.unit.get(lang))
    return t(f"pt_col_{fid}")


def header_width(label: str, minimum: int = 92) -> int:
    """Pixels a column needs so its header is not cut (the grid draws on a canvas and clips mid-glyph):
    ~15 px per CJK character, ~8 px per other character, plus the type icon and padding."""
    text = sum(15 if ord(ch) > 0x2E7F else 7 for ch in label)
    return max(minimum, text + 44)


def _column_config(content: PartnerContent, lang: str) -> dict[str, Any]:
    cc = st.column_config
    label = {f: field_label(f, content, lang) for f in ROW_FIELDS}
    width = {f: header_width(label[f]) for f in ROW_FIELDS}
    config: dict[str, Any] = {
        "name": cc.TextColumn(label["name"], max_chars=MAX_NAME, width=190 if lang == "zh" else 230),
        "type": cc.SelectboxColumn(
            label["type"],
            options=list(PARTNER_TYPES),
            format_func=lambda v: content.type_name(v, lang),
            width=max(
                header_width(label["type"]),
                *(header_width(content.type_name(v, lang)) for v in PARTNER_TYPES),
            ),
        ),
        "goals": cc.MultiselectColumn(
            label["goals"],
            options=list(PARTNER_GOALS),
            format_func=lambda v: content.goal_name(v, lang),
            help=t("pt_col_goals_help"),
            width=max(200, width["goals"]),
        ),
        "risk_weight": cc.NumberColumn(
            label["risk_weight"],
            min_value=0.0,
            max_value=1.0,
            step=0.01,
            format="%.2f",
            help=t("pt_col_risk_help"),
            width=width["risk_weight"],
        ),
    }
    for fid in SCORED_CRITERIA:
        help_text = content.criterion(fid).help
        config[fid] = cc.NumberColumn(
            label[fid],
            min_value=0,
            max_value=100,
            step=1,
            format="%d",
            help=help_text.get(lang) if help_text else None,
            width=width[fid],
        )
    for fid in CHECKS:
        config[fid] = cc.CheckboxColumn(label[fid], default=False, width=width[fid])
    config["synergy"] = cc.NumberColumn(
        label["synergy"],
        min_value=0,
        max_value=100,
        step=1,
        format="%d",
        help=t("pt_col_synergy_help"),
        width=width["synergy"],
    )
    for fid in (*DEA_INPUTS, *DEA_OUTPUTS):
        config[fid] = cc.NumberColumn(
            label[fid], min_value=0.0, max_value=RANGES[fid][1], step=0.1, format="%g", width=width[fid]
        )
    return config


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows → a frame with stable dtypes (an empty table must still know its column types)."""
    columns: dict[str, pd.Series] = {}
    for fid in ROW_FIELDS:
        values = [row.get(fid) for row in rows]
        if fid in NUMBER_FIELDS:
            columns[fid] = pd.Series([_float_or_nan(v) for v in values], dtype="float64")
        elif fid in BOOL_FIELDS:
            columns[fid] = pd.Series([bool(v) for v in values], dtype="bool")
        elif fid == "goals":
            columns[fid] = pd.Series(
                [list(v) if isinstance(v, list | tuple) else [] for v in values], dtype="object"
            )
        else:
            columns[fid] = pd.Series([v if isinstance(v, str) else None for v in values], dtype="object")
    return pd.DataFrame(columns)


def _float_or_nan(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return number


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The editor's output as plain rows: NaN → None, numpy scalars → Python, goals → list."""
    out = []
    for record in frame.to_dict("records"):
        row = {}
        for fid in ROW_FIELDS:
            value = record.get(fid)
            if isinstance(value, np.ndarray):
                value = value.tolist()
            elif isinstance(value, np.generic):
                value = value.item()
            if isinstance(value, float) and math.isnan(value):
                value = None
            row[fid] = value
        out.append(row)
    return out


def editor(content: PartnerContent) -> None:
    """The table for the chosen column group; writes the rows through to st.session_state[ROWS]."""
    ss = st.session_state
    lang = current_lang()
    view = ss[VIEW]
    key = f"partners_editor_{ss[GENERATION]}_{view}_{lang}"
    if key not in ss:  # a new editor: start it from the current rows
        ss[BASE] = [dict(r) for r in ss[ROWS]]
    edited = st.data_editor(
        _frame(ss[BASE]),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=("name", *VIEWS[view]),
        column_config=_column_config(content, lang),
        placeholder="—",
    )
    ss[ROWS] = _rows(edited)


def _set_view(key: str) -> None:
    if st.session_state.get(key):
        st.session_state[VIEW] = st.session_state[key]


def view_selector() -> None:
    lang = current_lang()
    key = f"partners_view_choice_{lang}"
    st.segmented_control(
        t("pt_view"),
        list(VIEWS),
        default=st.session_state[VIEW],
        format_func=lambda v: tr(f"pt_view_{v}", lang),  # bound: format_func may run outside the script
        required=True,
        key=key,
        on_change=_set_view,
        args=(key,),
    )


def problem_lines(problems: Sequence[RowProblem], content: PartnerContent, lang: str) -> list[str]:
    """One sentence per problem, except that a row's missing fields are named in one sentence (a new,
    empty row would otherwise produce fifteen)."""
    lines: list[str] = []
    missing: dict[int, list[str]] = {}
    for p in problems:
        if p.code == "missing" and p.field:
            if p.row not in missing:
                missing[p.row] = []
                lines.append(f"\0{p.row}")  # placeholder, filled below in the row's first position
            missing[p.row].append(field_label(p.field, content, lang))
        else:
            lines.append(problem_text(p, content, lang))
    quote_sep = "”、“" if lang == "zh" else "”, “"
    return [
        t("pt_problem_missing", row=int(line[1:]), field=quote_sep.join(missing[int(line[1:])]))
        if line.startswith("\0")
        else line
        for line in lines
    ]


def problem_text(p: RowProblem, content: PartnerContent, lang: str) -> str:
    """One problem as a Markdown sentence in `lang`, naming the row and the column; what the user typed
    is escaped so that it shows as typed."""
    params = {
        "row": p.row,
        "field": field_label(p.field, content, lang) if p.field else "",
        **{k: (f"{v:g}" if isinstance(v, float) else escape.md(v)) for k, v in p.params.items()},
    }
    return t(f"pt_problem_{p.code}", **params)
