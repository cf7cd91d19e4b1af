"""The facilitator's view: join code and QR for the projector, live count, the group dashboard, and
close / export / delete. Only reached with the workshop id and its key (checked by the store)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from model.content.schema import DIMENSION_IDS
from model.workshop.group import AHP_LABELS, Submission, WorkshopSummary, summarise
from reporting import escape, workshop_charts, workshop_export
from reporting.labels import answer_label
from storage import AccessDenied, StorageError, keys
from storage import workshops as store
from ui import layout, state
from ui import workshop_common as common
from ui.i18n import current_lang, t, tr

CONTESTED_SHOWN = 10
LIVE_EVERY = timedelta(seconds=5)
JUST_CREATED = "ws_just_created"


def show(workshop_id: str, key: str) -> bool:
    """Render the facilitator view; False when the link is not valid (the page then offers entry)."""
    try:
        engine = common.engine()
        workshop = store.facilitator_workshop(engine, workshop_id, key)
        rows = store.all_submissions(engine, workshop_id, key)
    except AccessDenied:
        st.session_state.pop(common.FACILITATOR, None)
        common.set_params()
        st.error(t("ws_bad_key"))
        return False
    except StorageError as exc:
        st.error(common.store_error(exc))
        st.button(t("ws_retry"), icon=":material/refresh:", key="ws_fac_retry")
        return True
    st.session_state[common.FACILITATOR] = {"id": workshop.id, "key": key}
    q = state.questionnaire()
    summary = summarise(q, [Submission(r.answers, r.role, r.ahp) for r in rows])

    _header(workshop)
    _share(workshop, key, len(rows))
    st.divider()
    if summary.count == 0:
        st.info(t("ws_no_submissions"))
    else:
        _dashboard(summary)
        _participants(rows)
    st.divider()
    _manage(workshop, key, rows, summary)
    return True


def _header(workshop: store.Workshop) -> None:
    st.subheader(escape.md(workshop.title))
    if workshop.accepts_submissions():
        st.badge(t("ws_status_open"), icon=":material/lock_open:", color="green")
    else:
        st.badge(t("ws_status_closed"), icon=":material/lock:", color="red")
    details = [t("ws_created_at", at=common.stamp(workshop.created_at))]
    if workshop.deadline:
        details.append(t("ws_deadline_at", at=common.stamp(workshop.deadline)))
    st.caption(" · ".join(details))


def _share(workshop: store.Workshop, key: str, shown: int) -> None:
    """What goes on the projector: the code, a QR of the join link, and the live count."""
    link = common.join_link(workshop.code, workshop.lang)
    code_col, qr_col, count_col = st.columns([2.2, 1.3, 1.5], vertical_alignment="center")
    with code_col:
        st.markdown(t("ws_join_code_label"))
        with st.container(key="ws_join_code"):
            st.markdown(f"# {keys.display_code(workshop.code)}")
        st.markdown(t("ws_join_at"))
        st.code(link, language=None, wrap_lines=True)
    with qr_col:
        st.image(common.qr_png(link), caption=t("ws_qr_caption"), width="stretch")
    with count_col:
        _live_count(workshop.id, key, shown)
        st.button(t("ws_refresh"), icon=":material/refresh:", key="ws_refresh", type="primary")
    with st.expander(t("ws_private_link_header"), expanded=st.session_state.pop(JUST_CREATED, False)):
        st.warning(t("ws_private_link_warning"), icon=":material/key:")
        st.code(common.facilitator_link(workshop.id, key), language=None, wrap_lines=True)


@st.fragment(run_every=LIVE_EVERY)
def _live_count(workshop_id: str, key: str, shown: int) -> None:
    """Re-read every few seconds; the dashboard below only changes on Refresh (no flicker mid-talk)."""
    try:
        counts = store.counts(common.engine(), workshop_id, key)
    except (StorageError, AccessDenied):
        st.caption(t("ws_count_unavailable"))
        return
    with st.container(key="ws_live_count"):
        st.metric(t("ws_submitted_count"), counts.submitted, border=True)
    st.caption(t("ws_joined_count", n=counts.joined))
    if counts.submitted != shown:
        st.caption(t("ws_new_since", n=counts.submitted - shown))
    elif counts.last_submitted_at:
        st.caption(t("ws_last_submission", at=common.clock(counts.last_submitted_at)))


# ---------------------------------------------------------------- dashboard


def _dashboard(summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    names = {d: q.dimension(d).name.get(lang) for d in DIMENSION_IDS}
    group = summary.group

    st.subheader(t("ws_spread_header"))
    st.caption(t("ws_spread_help"))
    chart = workshop_charts.dimension_spread(
        {names[d]: summary.spread(d) for d in DIMENSION_IDS},
        {names[d]: group.dimensions[d].score for d in DIMENSION_IDS},
        t("ws_axis_score"),
        t("ws_group_tick"),
    )
    st.altair_chart(chart, width="stretch")
    _dimension_table(summary)
    if summary.skipped_answers:
        st.caption(t("ws_skipped_answers", n=summary.skipped_answers))

    left, right = st.columns(2, gap="large")
    with left:
        _group_result(summary)
    with right:
        st.subheader(t("ws_types_header"))
        st.caption(t("ws_types_help"))
        order = [tp.id for tp in q.strategy_types] + [None]
        rows = [
            {
                "name": workshop_export.type_name(q, tid, lang, t),
                "count": summary.type_counts.get(tid, 0),
                "highlight": tid is not None and group is not None and tid == group.strategy.recommended,
            }
            for tid in order
            if tid is not None or summary.type_counts.get(None)
        ]
        st.altair_chart(workshop_charts.count_bars(rows, t("ws_axis_participants")), width="stretch")

    _contested(summary)
    _roles(summary)
    _weights(summary)


def _group_result(summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    group = summary.group
    st.subheader(t("ws_group_header"))
    st.caption(t("ws_group_method"))
    rec = group.strategy
    with st.container(border=True, key="ws_group_type"):
        st.caption(t("ws_group_type"))
        st.markdown(f"### {workshop_export.type_name(q, rec.recommended, lang, t)}")
        a, b = st.columns(2)
        a.metric(t("ws_group_readiness"), "—" if group.readiness is None else f"{group.readiness:.2f}")
        b.metric(
            t("ws_group_adjusted"),
            "—" if group.risk_adjusted_readiness is None else f"{group.risk_adjusted_readiness:.2f}",
        )
        if group.band:
            st.caption(f"{group.band.name.get(lang)} — {group.band.advice.get(lang)}")


def _dimension_table(summary: WorkshopSummary) -> None:
    """The box plot in numbers: one column per dimension, rows group / median / lowest / highest / count."""
    q = state.questionnaire()
    lang = current_lang()
    group = summary.group
    columns = {}
    for d in DIMENSION_IDS:
        stats = summary.stats(d)
        columns[q.dimension(d).name.get(lang)] = [
            _score(group.dimensions[d].score),
            _score(stats.median if stats else None),
            _score(stats.low if stats else None),
            _score(stats.high if stats else None),
            str(stats.count if stats else 0),
        ]
    labels = [t(k) for k in ("ws_col_group", "ws_col_median", "ws_col_low", "ws_col_high", "ws_col_answered")]
    table = pd.DataFrame({"": labels, **columns})
    st.table(table, hide_index=True)


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _contested(summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    st.subheader(t("ws_contested_header"))
    st.caption(t("ws_contested_help"))
    top = [c for c in summary.contested if c.spread > 0][:CONTESTED_SHOWN]
    if not top:
        st.info(t("ws_contested_none"))
        return
    rows = []
    for rank, c in enumerate(top, start=1):
        question = q.question(c.question)
        rows.append(
            {
                t("ws_col_rank"): rank,
                t("ws_col_dimension"): q.section_name(c.dimension).get(lang),
                t("ws_col_question"): question.text.get(lang),
                t("ws_col_spread"): f"{c.spread:.2f}",
                t("ws_col_answered"): c.count,
                t("ws_col_lowest"): answer_label(question, c.low, lang),
                t("ws_col_highest"): answer_label(question, c.high, lang),
            }
        )
    # st.table wraps long question texts (a dataframe would cut them off on the projector)
    with st.container(key="ws_contested"):
        st.table(pd.DataFrame(rows), hide_index=True)


def _roles(summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    st.subheader(t("ws_roles_header"))
    st.caption(t("ws_roles_help"))
    rows = []
    for view in summary.by_role:
        row = {
            t("ws_col_role"): workshop_export.role_name(view.role, t),
            t("ws_col_participants"): view.count,
        }
        row.update({q.dimension(d).name.get(lang): view.dimensions[d] for d in DIMENSION_IDS})
        rows.append(row)
    score = st.column_config.NumberColumn(format="%.0f")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={q.dimension(d).name.get(lang): score for d in DIMENSION_IDS},
    )


def _weights(summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    st.subheader(t("ws_ahp_header"))
    if summary.ahp is None:
        st.caption(t("ws_ahp_none"))
        return
    st.caption(t("ws_ahp_summary", n=summary.ahp_count, cr=f"{summary.ahp.cr:.3f}"))
    rows = [
        {"name": getattr(q.indices, i).name.get(lang), "weight": w}
        for i, w in zip(AHP_LABELS, summary.ahp.weights, strict=True)
    ]
    left, _ = st.columns([2, 1])
    left.altair_chart(workshop_charts.weight_bars(rows, t("ws_axis_weight")), width="stretch")


def _participants(rows: list[store.SubmissionRow]) -> None:
    """Who has submitted (a table, not a dataframe: it prints in full and needs no canvas)."""
    with st.expander(t("ws_participants_header", n=len(rows))):
        table = [
            {
                t("ws_col_name"): escape.md(r.name) if r.name else "—",  # st.table reads Markdown
                t("ws_col_role"): workshop_export.role_name(r.role, t),
                t("ws_col_submitted"): common.stamp(r.submitted_at),
                t("ws_col_revision"): r.revision,
                t("ws_col_answers"): len(r.answers),
            }
            for r in rows
        ]
        st.table(pd.DataFrame(table), hide_index=True)


# ---------------------------------------------------------------- manage


def _manage(workshop: store.Workshop, key: str, rows, summary: WorkshopSummary) -> None:
    q = state.questionnaire()
    lang = current_lang()
    st.subheader(t("ws_manage_header"))
    toggle, csv_col, report_col = st.columns(3)
    with toggle:
        if workshop.accepts_submissions():
            st.button(
                t("ws_close"),
                icon=":material/lock:",
                key="ws_close",
                on_click=_set_closed,
                args=(workshop.id, key, True),
            )
        else:
            st.button(
                t("ws_reopen"),
                icon=":material/lock_open:",
                key="ws_reopen",
                on_click=_set_closed,
                args=(workshop.id, key, False),
            )
    stem = f"brokereco-workshop-{workshop.code}"
    today = date.today().isoformat()
    # built when clicked (Streamlit runs the callable then), not on every rerun of the dashboard
    csv_col.download_button(
        t("ws_export_csv"),
        lambda: workshop_export.submissions_csv(q, rows),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/table_view:",
        key="ws_export_csv",
        disabled=not rows,
        on_click="ignore",
    )
    report_col.download_button(
        t("ws_export_report"),
        lambda: workshop_export.group_report(
            q, workshop.title, today, summary, lang, lambda k, **p: tr(k, lang, **p)
        ),
        file_name=f"{stem}-{lang}.md",
        mime="text/markdown",
        icon=":material/description:",
        key="ws_export_report",
        disabled=not rows,
        on_click="ignore",
    )
    with st.expander(t("ws_delete_header"), icon=":material/delete:"):
        st.warning(t("ws_delete_warning", n=len(rows)))
        sure = st.checkbox(t("ws_delete_confirm"), key="ws_delete_confirm")
        st.button(
            t("ws_delete"),
            type="primary",
            disabled=not sure,
            key="ws_delete",
            on_click=_delete,
            args=(workshop.id, key, workshop.title),
        )


def _set_closed(workshop_id: str, key: str, closed: bool) -> None:
    try:
        store.set_closed(common.engine(), workshop_id, key, closed)
    except (StorageError, AccessDenied) as exc:
        message = common.store_error(exc) if isinstance(exc, StorageError) else t("ws_bad_key")
        layout.flash("error", message)
        return
    layout.flash("success", t("ws_closed_done" if closed else "ws_reopened_done"))


def _delete(workshop_id: str, key: str, title: str) -> None:
    try:
        store.delete_workshop(common.engine(), workshop_id, key)
    except (StorageError, AccessDenied) as exc:
        message = common.store_error(exc) if isinstance(exc, StorageError) else t("ws_bad_key")
        layout.flash("error", message)
        return
    common.leave()
    st.session_state.pop("ws_delete_confirm", None)
    layout.flash("success", t("ws_deleted", title=escape.md(title)))
