"""The Roadmap page's action table: the plan's rows as a data-editor frame, and edited rows back into
ActionTracking (kept in st.session_state[state.PLAN], so the answers file carries them)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from model.inputs.answers import MAX_NOTE_TEXT, MAX_OWNER_TEXT, PLAN_STATUSES, ActionTracking
from model.scoring.roadmap import PlannedAction, PlannedPhase
from ui import state
from ui.i18n import join_clauses, t

COLUMNS = ("action", "why", "owner", "start", "due", "status", "note")


def status_labels() -> dict[str, str]:
    return {s: t(f"status_{s}") for s in PLAN_STATUSES}


def frame(phase: PlannedPhase, owners: dict[str, str], why, lang: str) -> pd.DataFrame:
    labels = status_labels()
    rows = []
    for a in phase.actions:
        title = a.action.title.get(lang)
        if a.kind == "sustain":
            title = f"{t('rm_sustain_badge')} · {title}"
        rows.append(
            {
                "action": title,
                "why": why(a),
                "owner": a.tracking.owner or owners[a.action.owner],
                "start": a.effective_start,
                "due": a.effective_due,
                "status": labels[a.tracking.status],
                "note": a.tracking.note,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS, index=[a.id for a in phase.actions])


def column_config() -> dict:
    return {
        "action": st.column_config.TextColumn(t("rm_col_action"), disabled=True, width=290),
        "why": st.column_config.TextColumn(t("rm_col_why"), disabled=True, width=180),
        "owner": st.column_config.TextColumn(
            t("rm_col_owner"), help=t("rm_col_owner_help"), max_chars=MAX_OWNER_TEXT, width=130
        ),
        "start": st.column_config.DateColumn(t("rm_col_start"), format="YYYY-MM-DD", width=92),
        "due": st.column_config.DateColumn(t("rm_col_due"), format="YYYY-MM-DD", width=92),
        "status": st.column_config.SelectboxColumn(
            t("rm_col_status"), options=list(status_labels().values()), required=True, width=80
        ),
        "note": st.column_config.TextColumn(
            t("rm_col_note"), help=t("rm_col_note_help", n=MAX_NOTE_TEXT), max_chars=MAX_NOTE_TEXT
        ),
    }


def _day(value) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def tracking_from(edited: pd.DataFrame, phase: PlannedPhase, owners: dict[str, str], lang: str) -> list[str]:
    """Store what the rows say (only what differs from the defaults); returns the titles of rows whose
    dates were refused (due before start). Mutates the session's plan dict in place: the sidebar's
    download reads that same dict."""
    by_label = {v: k for k, v in status_labels().items()}
    plan: dict[str, ActionTracking] = st.session_state[state.PLAN]
    refused = []
    for a in phase.actions:
        if a.id not in edited.index:
            continue
        row = edited.loc[a.id]
        owner = str(row["owner"] or "").strip()[:MAX_OWNER_TEXT]
        start, due = _day(row["start"]) or a.start, _day(row["due"]) or a.due
        if due < start:
            refused.append(a.action.title.get(lang))
            start, due = a.effective_start, a.effective_due
        entry = ActionTracking(
            owner="" if owner == owners[a.action.owner] else owner,
            start=None if start == a.start else start,
            due=None if due == a.due else due,
            status=by_label.get(row["status"], "not_started"),
            note=str(row["note"] or "").strip()[:MAX_NOTE_TEXT],
        )
        if entry.is_default():
            plan.pop(a.id, None)
        else:
            plan[a.id] = entry
    return refused


def overdue_titles(actions: tuple[PlannedAction, ...], lang: str) -> str:
    return join_clauses(a.action.title.get(lang) for a in actions)
