"""报告导出 Report: downloads (HTML, PDF, Excel, Markdown, CSV, JSON), the share link, milestones, a preview.

Opening a share link lands here too: the read-only shared view replaces the page until it is closed or
adopted as a copy (ui/share_view.py). Everything shown is built by reporting/ from the model's result.
The preview is built on every visit (cached per content, so sessions with the same answers share it);
each download is built only when its button is clicked (a callable `data=`, run on its own thread).
"""

import dataclasses
import functools
import json
from datetime import date

import pandas as pd
import streamlit as st

from model import assess, parse_answers
from model.errors import InputError
from model.inputs.answers import answers_from_bytes, to_document
from reporting import compare, escape, report
from reporting.render import to_html, to_markdown
from reporting.report_charts import before_after
from reporting.report_workbook import workbook
from reporting.texts import Texts
from ui import layout, share_view, state, widgets
from ui.i18n import current_lang, t

MILESTONE = "report_milestone"  # the earlier assessment to compare with: {"doc": answers JSON, "label"}
MILESTONE_ERROR = "_report_milestone_error"
MILESTONE_UPLOADS = "_report_milestone_uploads"  # bumped to empty the uploader
lang = current_lang()
q = state.questionnaire()


@dataclasses.dataclass(frozen=True)
class Inputs:
    """What a report is built from, as text: the cache key shared by every session."""

    doc: str  # the answers file (JSON)
    lang: str
    earlier: str | None  # the milestone's answers file, if any
    label: str
    today: str


def _answers(i: Inputs):
    return parse_answers(json.loads(i.doc), q, Texts(i.lang)("report_source"))  # names it in messages


def _context(i: Inputs) -> report.Context:
    answer_set = _answers(i)
    previous = None
    if i.earlier:
        previous = report.Previous(assess(q, parse_answers(json.loads(i.earlier), q, "earlier")), i.label)
    # partner results come from the partner work saved in the answers file (reporting/saved_partners.py)
    return report.context(q, answer_set, i.lang, today=date.fromisoformat(i.today), previous=previous)


@st.cache_data(show_spinner=False, max_entries=32)
def _document(i: Inputs):
    return report.document(_context(i))


@st.cache_data(show_spinner=False, max_entries=32)
def preview_html(i: Inputs) -> str:
    return to_html(_document(i))


@st.cache_data(show_spinner=False, max_entries=8)
def export(kind: str, i: Inputs) -> str | bytes:
    """One download, built when asked for (cached per content: a room downloading the same file builds
    it once)."""
    if kind == "html":
        return preview_html(i)
    if kind == "md":
        return to_markdown(_document(i))
    if kind == "pdf":
        from reporting.pdf import to_pdf  # WeasyPrint loads on the first PDF

        return to_pdf(_document(i))
    if kind == "xlsx":
        return workbook(_context(i))
    answer_set = _answers(i)
    return report.scores_csv(q, answer_set, i.lang) if kind == "csv" else report.answers_json(q, answer_set)


def load_milestone(key: str) -> None:
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        loaded = answers_from_bytes(upload.getvalue(), upload.name, q)
    except InputError as exc:
        st.session_state[MILESTONE_ERROR] = exc
        return
    label = loaded.meta.get("date") or upload.name
    st.session_state[MILESTONE] = {
        "doc": json.dumps(to_document(loaded, q), ensure_ascii=False),
        "label": label,
    }


def milestones(result) -> None:
    st.subheader(t("ms_header"), anchor=False)
    st.markdown(t("ms_intro"))
    key = f"milestone_upload_{st.session_state.get(MILESTONE_UPLOADS, 0)}"
    st.file_uploader(
        t("ms_upload_label"), type=["json", "yaml", "yml"], key=key, on_change=load_milestone, args=(key,)
    )
    error = st.session_state.pop(MILESTONE_ERROR, None)
    if error is not None:
        st.error(t("ms_failed", detail=escape.md(error.text(lang))))
    milestone = st.session_state.get(MILESTONE)
    if not milestone:
        return
    before = assess(q, parse_answers(json.loads(milestone["doc"]), q, "earlier"))
    rows = compare.changes(before, result)
    texts = Texts(lang)
    chart = before_after(
        [
            {"name": q.dimension(r.id).name.get(lang), "before": r.before, "after": r.after}
            for r in rows
            if r.kind == "dimension"
        ],
        t("ms_before", label=milestone["label"]),
        t("ms_after"),
        t("col_score"),
    )
    left, right = st.columns([1.15, 1])
    left.altair_chart(chart, width="content")
    table = report.change_table(rows, q, texts)
    right.dataframe(pd.DataFrame(table.rows, columns=table.headers), hide_index=True, width="stretch")
    right.caption(t("ms_in_report"))
    if right.button(t("ms_remove"), icon=":material/close:", key="milestone_remove"):
        st.session_state.pop(MILESTONE, None)
        st.session_state[MILESTONE_UPLOADS] = st.session_state.get(MILESTONE_UPLOADS, 0) + 1
        st.rerun()


share_view.show_link_error()
if share_view.render_shared():
    st.stop()

st.title(t("page_report"))
st.markdown(t("report_intro"))
result = state.result()
layout.stop_if_nothing_answered(result, "report_empty")
if result.completeness < 1:
    st.warning(t("results_incomplete", pct=round(result.completeness * 100)))

answer_set = state.answer_set()
milestone = st.session_state.get(MILESTONE) or {}
today = date.today().isoformat()
inputs = Inputs(
    json.dumps(to_document(answer_set, q), ensure_ascii=False, sort_keys=True),
    lang,
    milestone.get("doc"),
    milestone.get("label", ""),
    today,
)
try:
    html = preview_html(inputs)  # also proves the inputs are valid before any download is offered
except (InputError, ValueError) as exc:
    detail = exc.text(lang) if isinstance(exc, InputError) else str(exc)
    st.error(t("report_failed", detail=escape.md(detail)))
    st.stop()

st.subheader(t("report_downloads"), anchor=False)
downloads = (
    ("pdf", "dl_pdf", "application/pdf", ":material/picture_as_pdf:", "report"),
    (
        "xlsx",
        "dl_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/grid_on:",
        "plan",
    ),
    ("html", "dl_html", "text/html", ":material/description:", "report"),
    ("md", "dl_md", "text/markdown", ":material/article:", "report"),
    ("csv", "dl_csv", "text/csv", ":material/table:", "scores"),
    ("json", "dl_json", "application/json", ":material/data_object:", "answers"),
)
columns = st.columns(3) + st.columns(3)
for col, (kind, label, mime, icon, name) in zip(columns, downloads, strict=True):
    col.download_button(
        t(label),
        functools.partial(export, kind, inputs),  # built on click, not on every visit
        file_name=f"brokereco-{name}-{today}.{kind}",
        mime=mime,
        icon=icon,
        key=f"download_{kind}",
        on_click="ignore",
        width="stretch",
    )
st.caption(t("report_files_hint"))
st.caption(t("report_print_hint", kb=max(1, len(html.encode()) // 1024)))

st.subheader(t("share_header"), anchor=False)
url = share_view.link(answer_set)
st.code(url, language=None, wrap_lines=True)
st.caption(t("share_caption", n=len(url)))

milestones(result)

with st.expander(t("report_preview"), expanded=True, icon=":material/visibility:"):
    if hasattr(st, "iframe"):
        st.iframe(html, height=900)  # fully escaped report, no scripts
    else:  # Streamlit before st.iframe
        import streamlit.components.v1 as components

        components.html(html, height=900, scrolling=True)
layout.disclaimer()
widgets.next_step("report")
