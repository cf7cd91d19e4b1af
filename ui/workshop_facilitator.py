"""The facilitator's view: join code and QR for the projector, live participation, rounds and the
reveal, the group dashboard with the convergence between rounds, and close / export / exclude /
delete. Only reached with the workshop id and its key (checked by the store); the key is moved from
the address bar into session state on the first visit, and the private link is shown only on request.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from model.content.schema import DIMENSION_IDS
from model.workshop.group import (
    AHP_LABELS,
    CONTESTED_AT,
    ROLES,
    Convergence,
    Submission,
    WorkshopSummary,
    convergence,
    merged_roles,
    summarise,
)
from reporting import escape, workshop_charts, workshop_export
from reporting.labels import answer_label
from storage import AccessDenied, NotFound, StorageError, keys
from storage import workshops as store
from ui import layout, state
from ui import workshop_common as common
from ui.i18n import current_lang, t, tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CONTESTED_SHOWN = 10
LIVE_EVERY = timedelta(seconds=5)
JUST_CREATED = "ws_just_created"
SHOW_LINK = "ws_show_private_link"
VIEW_ROUND = "ws_view_round"
_STYLE = """<style>
.st-key-ws_join_code h1 {font-size: clamp(2.2rem, 5vw, 5rem); letter-spacing: .06em; line-height: 1.1;
  white-space: nowrap}
.st-key-ws_live_count [data-testid="stMetricValue"] {font-size: 3rem}
</style>"""


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
    if st.query_params.get("key"):
        common.set_params()  # the key leaves the address bar: this page goes on the projector
    rows = _as_shown(workshop, rows)
    st.html(_STYLE)

    _header(workshop)
    _storage_warning()
    _share(workshop, key, sum(1 for r in rows if r.round == workshop.round and not r.excluded))
    st.divider()
    _rounds(workshop, key, rows)
    st.divider()
    summary = _results(rows)
    st.divider()
    _manage(workshop, key, rows, summary)
    return True


def _as_shown(workshop: store.Workshop, rows: list[store.SubmissionRow]) -> list[store.SubmissionRow]:
    """What the facilitator may see: no names unless the workshop asked for them, and in an anonymous
    workshop a role only when at least three people hold it (merged into "other" otherwise)."""
    if workshop.anonymity != "anonymous":
        return rows if workshop.asks_names else [_with(r, name=None) for r in rows]
    people = {r.participant: r.role for r in rows}
    merged = dict(zip(people, merged_roles(list(people.values())), strict=True))
    return [_with(r, name=None, role=merged[r.participant]) for r in rows]


def _with(row: store.SubmissionRow, **changes) -> store.SubmissionRow:
    return replace(row, **changes)


def _header(workshop: store.Workshop) -> None:
    st.subheader(escape.md(workshop.title))
    badges = st.container(horizontal=True)
    with badges:
        if workshop.accepts_submissions():
            st.badge(t("ws_status_open"), icon=":material/lock_open:", color="green")
        else:
            st.badge(t("ws_status_closed"), icon=":material/lock:", color="red")
        st.badge(t("ws_round_badge", n=workshop.round), icon=":material/autorenew:", color="blue")
        st.badge(t(f"ws_anonymity_{workshop.anonymity}"), icon=":material/visibility_off:", color="gray")
    details = [t("ws_created_at", at=common.stamp(workshop.created_at))]
    if workshop.deadline:
        details.append(t("ws_deadline_at", at=common.stamp(workshop.deadline)))
    st.caption(" · ".join(details))


def _storage_warning() -> None:
    kind = common.store_kind()
    if kind == "sqlite-temporary":
        st.warning(t("ws_store_temporary"), icon=":material/warning:")


def _share(workshop: store.Workshop, key: str, shown: int) -> None:
    """What goes on the projector: the code, a QR of the join link, and live participation. The
    private link stays behind an explicit step (and never in this projected part)."""
    link = common.join_link(workshop.code, workshop.lang)
    code_col, qr_col, count_col = st.columns([2.2, 1.4, 1.6], vertical_alignment="center")
    with code_col:
        st.markdown(t("ws_join_code_label"))
        with st.container(key="ws_join_code"):
            st.markdown(f"# {keys.display_code(workshop.code)}")
        st.markdown(t("ws_join_at"))
        st.code(link, language=None, wrap_lines=True)
    with qr_col:
        st.image(common.qr_png(link), caption=t("ws_qr_caption"), width="stretch")
    with count_col:
        _participation(workshop.id, key, workshop.anonymity, shown)
        st.button(t("ws_refresh"), icon=":material/refresh:", key="ws_refresh", type="primary")
    if st.session_state.pop(JUST_CREATED, False):
        st.info(t("ws_private_link_save"), icon=":material/key:")
    if st.session_state.get(SHOW_LINK):
        with st.container(border=True, key="ws_private_link"):
            st.warning(t("ws_private_link_warning"), icon=":material/key:")
            st.code(common.facilitator_link(workshop.id, key), language=None, wrap_lines=True)
            st.button(t("ws_hide_private_link"), key="ws_hide_link", on_click=_set_show_link, args=(False,))
    else:
        st.button(
            t("ws_show_private_link"),
            icon=":material/key:",
            key="ws_show_link",
            on_click=_set_show_link,
            args=(True,),
        )


def _set_show_link(show: bool) -> None:
    st.session_state[SHOW_LINK] = show


@st.fragment(run_every=LIVE_EVERY)
def _participation(workshop_id: str, key: str, anonymity: str, shown: int) -> None:
    """Submitted / in progress / joined, by role, re-read every few seconds — counts, never answers."""
    try:
        people = [p for p in store.presence(common.engine(), workshop_id, key) if not p.excluded]
    except (StorageError, AccessDenied):
        st.caption(t("ws_count_unavailable"))
        return
    roles = [p.role if p.role in ROLES else None for p in people]
    if anonymity == "anonymous":
        roles = list(merged_roles(roles))
    submitted = sum(p.submitted for p in people)
    answering = sum(1 for p in people if not p.submitted and p.progress > 0)
    with st.container(key="ws_live_count"):
        st.metric(t("ws_submitted_count"), f"{submitted} / {len(people)}", border=True)
    st.caption(t("ws_presence_line", submitted=submitted, answering=answering, joined=len(people)))
    if submitted != shown:
        st.caption(t("ws_new_since", n=abs(submitted - shown)))
    if not people:
        return
    table = []
    for role in (*ROLES, None):
        mine = [p for p, r in zip(people, roles, strict=True) if r == role]
        if not mine:
            continue
        table.append(
            {
                t("ws_col_role"): workshop_export.role_name(role, t),
                t("ws_col_submitted_short"): sum(p.submitted for p in mine),
                t("ws_col_answering"): sum(1 for p in mine if not p.submitted and p.progress > 0),
                t("ws_col_joined"): len(mine),
            }
        )
    with st.container(key="ws_presence"):
        st.table(pd.DataFrame(table), hide_index=True)


# ---------------------------------------------------------------- rounds


def _rounds(workshop: store.Workshop, key: str, rows) -> None:
    """Delphi: round 1 alone, reveal the anonymous spread, round 2 revises with the spread in view."""
    st.subheader(t("ws_rounds_header"))
    st.caption(t("ws_rounds_help"))
    first = sum(1 for r in rows if r.round == 1 and not r.excluded)
    second = sum(1 for r in rows if r.round == 2 and not r.excluded)
    steps = st.columns(3)
    with steps[0], st.container(border=True, key="ws_step_round1"):
        st.markdown(f"**{t('ws_step_round1')}**")
        st.caption(t("ws_step_round1_help", n=first))
        if workshop.round == 2:
            st.button(
                t("ws_back_to_round1"), key="ws_back_round1", on_click=_open_round, args=(workshop, key, 1)
            )
    with steps[1], st.container(border=True, key="ws_step_reveal"):
        st.markdown(f"**{t('ws_step_reveal')}**")
        if workshop.revealed:
            st.caption(t("ws_step_revealed"))
            if workshop.round == 1:
                st.button(
                    t("ws_hide_reveal"), key="ws_hide_reveal", on_click=_reveal, args=(workshop, key, False)
                )
        else:
            st.caption(t("ws_step_reveal_help"))
            st.button(
                t("ws_reveal"),
                type="primary",
                icon=":material/bar_chart:",
                key="ws_reveal",
                disabled=first < 2,
                on_click=_reveal,
                args=(workshop, key, True),
            )
            if first < 2:
                st.caption(t("ws_reveal_needs_two"))
    with steps[2], st.container(border=True, key="ws_step_round2"):
        st.markdown(f"**{t('ws_step_round2')}**")
        if workshop.round == 2:
            st.caption(t("ws_step_round2_open", n=second))
        else:
            st.caption(t("ws_step_round2_help"))
            st.button(
                t("ws_open_round2"),
                type="primary" if workshop.revealed else "secondary",
                icon=":material/autorenew:",
                key="ws_open_round2",
                disabled=first < 2,
                on_click=_open_round,
                args=(workshop, key, 2),
            )


def _reveal(workshop: store.Workshop, key: str, revealed: bool) -> None:
    _act(
        lambda: store.set_revealed(common.engine(), workshop.id, key, revealed),
        "ws_revealed_done" if revealed else "ws_hidden_done",
    )


def _open_round(workshop: store.Workshop, key: str, round: int) -> None:
    _act(lambda: store.open_round(common.engine(), workshop.id, key, round), "ws_round_opened", n=round)


def _act(work, done: str, **params) -> None:
    try:
        work()
    except (StorageError, AccessDenied, NotFound) as exc:
        message = common.store_error(exc) if isinstance(exc, StorageError) else t("ws_bad_key")
        layout.flash("error", message)
        return
    layout.flash("success", t(done, **params))


# ---------------------------------------------------------------- results


def _results(rows) -> WorkshopSummary | None:
    """The dashboard of one round (the latest by default), and the convergence once both have answers."""
    q = state.questionnaire()
    counted = [r for r in rows if not r.excluded]
    rounds_with_answers = sorted({r.round for r in counted})
    if not counted:
        st.info(t("ws_no_submissions"))
        return None
    if len(rounds_with_answers) > 1:
        shown = st.segmented_control(
            t("ws_view_round"),
            rounds_with_answers,
            default=max(rounds_with_answers),
            format_func=lambda n: t("ws_round_badge", n=n),
            key=VIEW_ROUND,
        ) or max(rounds_with_answers)
    else:
        shown = rounds_with_answers[0]
    in_round = [r for r in counted if r.round == shown]
    summary = summarise(q, [Submission(r.answers, r.role, r.ahp) for r in in_round])
    if len(rounds_with_answers) > 1:
        first = [Submission(r.answers, r.role) for r in counted if r.round == 1]
        second = [Submission(r.answers, r.role) for r in counted if r.round == 2]
        _convergence(convergence(q, first, second))
    _dashboard(summary)
    return summary


def _convergence(change: Convergence) -> None:
    """Round 1 → round 2: did the spread narrow, per dimension, and which questions stay contested."""
    q = state.questionnaire()
    lang = current_lang()
    st.subheader(t("ws_convergence_header"))
    if change.mean_before is not None and change.mean_after is not None:
        key = "ws_convergence_narrowed" if change.converged else "ws_convergence_not_narrowed"
        st.markdown(
            t(
                key,
                before=f"{change.mean_before:.2f}",
                after=f"{change.mean_after:.2f}",
                n=len(change.questions),
            )
        )
    st.caption(t("ws_convergence_help"))
    rows = []
    for c in change.dimensions:
        rows.append(
            {
                t("ws_col_dimension"): q.dimension(c.id).name.get(lang),
                t("ws_col_spread_r1"): _num(c.before, 1),
                t("ws_col_spread_r2"): _num(c.after, 1),
                t("ws_col_change"): "—" if c.delta is None else f"{c.delta:+.1f}",
            }
        )
    left, right = st.columns([1, 1.3], gap="large")
    with left, st.container(key="ws_convergence"):
        st.table(pd.DataFrame(rows), hide_index=True)
    with right:
        st.markdown(f"**{t('ws_still_contested_header')}**")
        st.caption(t("ws_still_contested_help", at=f"{CONTESTED_AT:.1f}"))
        if not change.still_contested:
            st.success(t("ws_still_contested_none"), icon=":material/handshake:")
        else:
            table = [
                {
                    t("ws_col_question"): q.question(c.id).text.get(lang),
                    t("ws_col_spread_r1"): _num(c.before, 2),
                    t("ws_col_spread_r2"): _num(c.after, 2),
                }
                for c in change.still_contested[:CONTESTED_SHOWN]
            ]
            with st.container(key="ws_still_contested"):
                st.table(pd.DataFrame(table), hide_index=True)


def _num(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


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


def readiness_text(value: float | None, bands) -> str:
    """Two decimals, or three when two would round onto a band's threshold from below (0.598 must
    not read "0.60" beside "below 0.6")."""
    if value is None:
        return "—"
    text = f"{value:.2f}"
    for band in bands:
        if band.below is not None and value < band.below and float(text) >= band.below:
            return f"{value:.3f}"
    return text


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
        a.metric(t("ws_group_readiness"), readiness_text(group.readiness, q.decision_bands))
        b.metric(t("ws_group_adjusted"), readiness_text(group.risk_adjusted_readiness, q.decision_bands))
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
    """Mean dimension scores by role, as a wrapping table (every column readable, "—" for none)."""
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
        row.update({q.dimension(d).name.get(lang): _score(view.dimensions[d]) for d in DIMENSION_IDS})
        rows.append(row)
    with st.container(key="ws_roles"):
        st.table(pd.DataFrame(rows), hide_index=True)


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


# ---------------------------------------------------------------- participants and manage


def _participant_labels(workshop: store.Workshop, rows) -> dict[int, str]:
    """One label per participant: their name in a named workshop, "#n · role" otherwise."""
    labels = {}
    for number, pid in enumerate(dict.fromkeys(r.participant for r in rows), start=1):
        row = next(r for r in rows if r.participant == pid)
        who = escape.md(row.name) if row.name else f"#{number}"
        labels[pid] = f"{who} · {workshop_export.role_name(row.role, t)}"
    return labels


def _participants(workshop: store.Workshop, key: str, rows) -> None:
    """Who has submitted in which round, and the control to leave one out or delete them."""
    labels = _participant_labels(workshop, rows)
    with st.expander(t("ws_participants_header", n=len(labels)), icon=":material/group:"):
        table = []
        for pid, label in labels.items():
            mine = [r for r in rows if r.participant == pid]
            latest = max(mine, key=lambda r: (r.round, r.submitted_at))
            table.append(
                {
                    t("ws_col_participant"): label,
                    t("ws_col_rounds"): "、".join(str(r.round) for r in mine)
                    if current_lang() == "zh"
                    else ", ".join(str(r.round) for r in mine),
                    t("ws_col_submitted"): common.stamp(latest.submitted_at) if workshop.asks_names else "—",
                    t("ws_col_answers"): len(latest.answers),
                    t("ws_col_status"): t("ws_status_excluded")
                    if latest.excluded
                    else t("ws_status_counted"),
                }
            )
        st.table(pd.DataFrame(table), hide_index=True)
        pick = st.selectbox(
            t("ws_pick_participant"), list(labels), format_func=labels.__getitem__, key="ws_pick_participant"
        )
        excluded = any(r.excluded for r in rows if r.participant == pick)
        act, remove = st.columns(2)
        act.button(
            t("ws_include" if excluded else "ws_exclude"),
            icon=":material/person_off:" if not excluded else ":material/person_add:",
            key="ws_exclude",
            on_click=_exclude,
            args=(workshop, key, pick, not excluded),
        )
        sure = remove.checkbox(t("ws_delete_participant_confirm"), key="ws_delete_participant_confirm")
        remove.button(
            t("ws_delete_participant"),
            icon=":material/delete:",
            key="ws_delete_participant",
            disabled=not sure,
            on_click=_delete_participant,
            args=(workshop, key, pick),
        )


def _exclude(workshop: store.Workshop, key: str, participant: int, excluded: bool) -> None:
    _act(
        lambda: store.set_excluded(common.engine(), workshop.id, key, participant, excluded),
        "ws_excluded_done" if excluded else "ws_included_done",
    )


def _delete_participant(workshop: store.Workshop, key: str, participant: int) -> None:
    st.session_state.pop("ws_delete_participant_confirm", None)
    _act(
        lambda: store.delete_participant(common.engine(), workshop.id, key, participant),
        "ws_participant_deleted",
    )


def _manage(workshop: store.Workshop, key: str, rows, summary: WorkshopSummary | None) -> None:
    q = state.questionnaire()
    st.subheader(t("ws_manage_header"))
    if rows:
        _participants(workshop, key, rows)
    toggle, data_col, report_col = st.columns(3)
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
    _downloads(q, workshop, rows, summary, data_col, report_col)
    with st.expander(t("ws_delete_header"), icon=":material/delete:"):
        st.warning(t("ws_delete_warning", n=len({r.participant for r in rows})))
        sure = st.checkbox(t("ws_delete_confirm"), key="ws_delete_confirm")
        st.button(
            t("ws_delete"),
            type="primary",
            disabled=not sure,
            key="ws_delete",
            on_click=_delete,
            args=(workshop.id, key, workshop.title),
        )


def _downloads(q, workshop, rows, summary, data_col, report_col) -> None:
    """The exports, each built when its button is clicked (Streamlit runs the callable then), not on
    every rerun of the dashboard: the workbook above the CSV, the HTML report above the Markdown one."""
    lang = current_lang()
    stem = f"brokereco-workshop-{workshop.code}"
    today = date.today().isoformat()
    counted = [r for r in rows if not r.excluded]
    texts = lambda key, **params: tr(key, lang, **params)  # noqa: E731 - bound to the dashboard's language
    no_report = summary is None or not counted
    _, csv_col, md_col = st.columns(3)
    files = (
        (
            csv_col,
            "ws_export_csv",
            lambda: workshop_export.submissions_csv(q, counted, lang, texts),
            f"{stem}.csv",
            "text/csv",
            ":material/table_view:",
            not counted,
        ),
        (
            md_col,
            "ws_export_report",
            lambda: workshop_export.group_report(q, workshop.title, today, summary, lang, texts),
            f"{stem}-{lang}.md",
            "text/markdown",
            ":material/description:",
            no_report,
        ),
        (
            data_col,
            "ws_export_xlsx",
            lambda: workshop_export.workbook(q, workshop.title, today, summary, counted, lang, texts),
            f"{stem}-{lang}.xlsx",
            XLSX_MIME,
            ":material/grid_on:",
            no_report,
        ),
        (
            report_col,
            "ws_export_html",
            lambda: workshop_export.group_report_html(q, workshop.title, today, summary, lang, texts),
            f"{stem}-{lang}.html",
            "text/html",
            ":material/article:",
            no_report,
        ),
    )
    for col, key, build, name, mime, icon, disabled in files:
        col.download_button(
            t(key), build, file_name=name, mime=mime, icon=icon, key=key, disabled=disabled, on_click="ignore"
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
