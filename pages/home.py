"""首页 Home: what the tool does, start, resume from a saved file, or try an example firm."""

from dataclasses import replace

import streamlit as st

from model.errors import InputError
from model.inputs import examples
from model.inputs.answers import answers_from_bytes
from reporting import escape
from ui import layout, state, widgets
from ui.i18n import current_lang, t

lang = current_lang()
q = state.questionnaire()

counts = {"profile": 0, "metrics": 0}
for question in q.questions:
    counts[question.dimension] = counts.get(question.dimension, 0) + 1
scored = len(q.questions) - counts["profile"] - counts["metrics"]
st.title(t("home_title"))
st.markdown(t("home_intro", scored=scored, profile=counts["profile"], metrics=counts["metrics"]))

cols = st.columns(4)
for col, key in zip(
    cols, ("home_get_scores", "home_get_strategy", "home_get_reasons", "home_get_method"), strict=True
):
    with col.container(border=True):
        st.markdown(t(key))

st.subheader(t("home_start_header"))
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(t("home_start_new"))
    if st.button(t("home_start_button"), type="primary", icon=":material/play_arrow:"):
        st.switch_page(layout.page("profile"))
    if state.answers():
        st.caption(t("home_in_progress", n=len(state.answers())))
with right.container(border=True):
    st.markdown(t("home_resume"))
    st.caption(t("home_share_hint"))
    upload = st.file_uploader(
        t("home_resume_label", mb=st.get_option("server.maxUploadSize")),
        type=["json", "yaml", "yml"],
        key=state.widget_key("resume_upload"),
    )
    if upload is not None:
        try:
            loaded = answers_from_bytes(upload.getvalue(), upload.name, q)
        except InputError as exc:
            st.error(t("resume_failed", detail=escape.md(exc.text(lang))))  # the file name is user text
        else:
            state.replace(loaded)
            layout.flash("success", t("resume_ok", n=len(loaded.answers)))
            st.switch_page(layout.page("results"))

with st.container(border=True):
    st.markdown(t("home_example"))
    names = examples.names()
    ids = list(names)
    st.session_state.setdefault("example_choice", ids[0])
    choice = st.selectbox(
        t("home_example_label"),
        ids,
        index=ids.index(st.session_state["example_choice"]),
        format_func=lambda k: names[k].get(lang),
        key=f"example_pick_{lang}",  # a new widget per language, so the shown label is translated
    )
    st.session_state["example_choice"] = choice
    if st.button(t("home_example_button"), icon=":material/science:", key="load_example"):
        example = examples.load(choice, q)
        if lang != "zh":  # the example firm's name is Chinese; in English it goes by its English title
            example = replace(example, meta={**example.meta, "name": names[choice].get(lang)})
        state.replace(example)
        layout.flash("success", t("example_loaded", name=names[choice].get(lang)))
        st.switch_page(layout.page("results"))

layout.disclaimer()
widgets.next_step("home")
