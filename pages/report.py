"""报告导出 Report: downloads (HTML, Markdown, CSV, JSON), the share link, milestones, a preview.

Opening a share link lands here too: the read-only shared view replaces the page until it is closed or
adopted as a copy (ui/share_view.py). Everything shown is built by reporting/ from the model's result.
"""

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
from reporting.texts import Texts
from ui import layout, share_view, state
from ui.i18n import current_lang, t

MILESTONE = "report_milestone"  # the earlier assessment to compare with: {"doc": answers JSON, "label"}
MILESTONE_ERROR = "_report_milestone_error"
MILESTONE_UPLOADS = "_report_milestone_uploads"  # bumped to empty the uploader
PARTNER_ROWS = "partner_report"  # rows ({column: value}) the Partners page may leave for the report

lang = current_lang()
q = state.questionnaire()


@st.cache_data(show_spinner=False, max_entries=16)
def exports(doc: str, lang: str, earlier: str | None, label: str, partners: str | None, today: str) -> dict:
    """All four downloads of one answer set (charts render once, ~0.5 s; cached per content)."""
    answer_set = parse_answers(json.loads(doc), q, "session")
    previous = None
    if earlier:
        previous = report.Previous(assess(q, parse_answers(json.loads(earlier), q, "earlier")), label)
    built = report.build(
        q,
        answer_set,
        lang,
        today=date.fromisoformat(today),
        partners=json.loads(partners) if partners else None,
        previous=previous,
    )
    return {
        "html": to_html(built),
        "md": to_markdown(built),
        "csv": report.scores_csv(q, answer_set, lang),
        "json": report.answers_json(q, answer_set),
    }


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
partner_rows = st.session_state.get(PARTNER_ROWS)
today = date.today().isoformat()
files = exports(
    json.dumps(to_document(answer_set, q), ensure_ascii=False, sort_keys=True),
    lang,
    milestone.get("doc"),
    milestone.get("label", ""),
    json.dumps(partner_rows, ensure_ascii=False, default=str) if isinstance(partner_rows, list) else None,
    today,
)

st.subheader(t("report_downloads"), anchor=False)
downloads = (
    ("html", "dl_html", "text/html", ":material/description:"),
    ("md", "dl_md", "text/markdown", ":material/article:"),
    ("csv", "dl_csv", "text/csv", ":material/table:"),
    ("json", "dl_json", "application/json", ":material/data_object:"),
)
names = {"html": "report", "md": "report", "csv": "scores", "json": "answers"}
for col, (kind, label, mime, icon) in zip(st.columns(len(downloads)), downloads, strict=True):
    col.download_button(
        t(label),
        files[kind],
        file_name=f"brokereco-{names[kind]}-{today}.{kind}",
        mime=mime,
        icon=icon,
        key=f"download_{kind}",
        on_click="ignore",
        width="stretch",
    )
st.caption(t("report_print_hint", kb=max(1, len(files["html"].encode()) // 1024)))

st.subheader(t("share_header"), anchor=False)
url = share_view.link(answer_set)
st.code(url, language=None, wrap_lines=True)
st.caption(t("share_caption", n=len(url)))

milestones(result)

with st.expander(t("report_preview"), expanded=True, icon=":material/visibility:"):
    if hasattr(st, "iframe"):
        st.iframe(files["html"], height=900)  # fully escaped report, no scripts
    else:  # Streamlit before st.iframe
        import streamlit.components.v1 as components

        components.html(files["html"], height=900, scrolling=True)
layout.disclaimer()
