"""Navigation, sidebar and the page frame shared by every page."""

from __future__ import annotations

import json

import streamlit as st

from model.errors import QuestionnaireError
from model.inputs.answers import AnswerSet, to_document
from ui import state
from ui.i18n import LANGS, current_lang, t

PAGES = (
    ("pages/home.py", "page_home", "home", ":material/home:"),
    ("pages/profile.py", "page_profile", "profile", ":material/apartment:"),
    ("pages/assessment.py", "page_assessment", "assessment", ":material/checklist:"),
    ("pages/results.py", "page_results", "results", ":material/radar:"),
    ("pages/strategy.py", "page_strategy", "strategy", ":material/flag:"),
    ("pages/roadmap.py", "page_roadmap", "roadmap", ":material/timeline:"),
    ("pages/risks.py", "page_risks", "risks", ":material/warning:"),
    ("pages/partners.py", "page_partners", "partners", ":material/handshake:"),
    ("pages/workshop.py", "page_workshop", "workshop", ":material/groups:"),
    ("pages/report.py", "page_report", "report", ":material/download:"),
    ("pages/methodology.py", "page_methodology", "methodology", ":material/functions:"),
)


SHARED_PAGE = ("pages/shared.py", "share_view_title", "shared", ":material/share:")  # not in the sidebar


def pages() -> list[st.Page]:
    path, title, url, icon = SHARED_PAGE
    return [
        st.Page(path, title=t(title), url_path=url, icon=icon, default=(url == "home"))
        for path, title, url, icon in PAGES
    ] + [st.Page(path, title=t(title), url_path=url, icon=icon, visibility="hidden")]


def page(url: str) -> str:
    """The file of a page, for st.switch_page / st.page_link."""
    return next(path for path, _, u, _ in PAGES if u == url)


# The app's own look on top of the theme (.streamlit/config.toml), for WCAG 2.1 AA:
# - captions: Streamlit fades them to #777d85 (4.15:1 on white); #575e66 is 6.4:1 on white, 5.9:1 on the
#   sidebar's #f3f6f9;
# - a keyboard focus ring on every control that can take focus, not only those Streamlit outlines.
STYLE = """<style>
[data-testid="stCaptionContainer"] { color: #575e66; opacity: 1; }
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="radio"]:focus-visible,
[role="slider"]:focus-visible, input:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
  outline: 2px solid #1f4e79 !important; outline-offset: 2px;
}
</style>"""


def style() -> None:
    st.html(STYLE)  # style-only HTML goes to Streamlit's event container: it takes no space on the page


def broken_content(exc: QuestionnaireError) -> None:
    st.title("BrokerEco · 券商生态合作自评")
    st.error(f"{t('broken_content')}\n\n" + "\n".join(f"- `{line}`" for line in exc.messages[:30]))
    st.caption(t("broken_content_hint"))


def _switch_lang(key: str) -> None:
    st.session_state[state.LANG] = st.session_state[key]


def _answers_file():
    """The answers file, built when the button is clicked: pages rerun only their fragment on a change
    (Assessment, the Partners tabs), so a file built during the last full run could miss it. The
    callable runs outside the script run (no session state there); it reads the document every
    autosave leaves in the session's LIVE holder (the same dict object across runs), and the plan
    tracking from its live dict (the Roadmap page edits that dict in place)."""
    q = state.questionnaire()
    holder = st.session_state.setdefault(state.LIVE, {})
    holder.setdefault("doc", to_document(state.answer_set(), q))
    plan = st.session_state[state.PLAN]

    def build() -> str:
        doc = dict(holder["doc"])
        doc.pop("plan", None)
        tracked = to_document(AnswerSet(plan=dict(plan)), q).get("plan")
        if tracked:
            doc["plan"] = tracked
        return json.dumps(doc, ensure_ascii=False, indent=2)

    return build


def sidebar(current_page: str = "") -> None:
    lang = current_lang()
    with st.sidebar:
        key = f"lang_switch_{lang}"
        st.radio(
            "语言 / Language",
            LANGS,
            index=LANGS.index(lang),
            format_func={"zh": "中文", "en": "English"}.__getitem__,
            horizontal=True,
            key=key,
            on_change=_switch_lang,
            args=(key,),
        )
        if current_page != "assessment":  # that page shows its own, fresher progress
            done = state.result().completeness
            st.progress(done, text=t("progress", pct=round(done * 100)))
        st.download_button(
            t("save_answers"),
            _answers_file(),
            file_name="brokereco-answers.json",
            mime="application/json",
            icon=":material/download:",
            width="stretch",
            on_click="ignore",  # saving a file changes nothing on the page: no rerun
        )
        st.caption(state.questionnaire().disclaimer.short.get(lang))


def confidence_marker(rec) -> None:
    """How sure the recommendation is: provisional (dimensions missing), a close call, or full."""
    if rec.provisional:
        st.badge(t("confidence_provisional", n=len(rec.missing_dimensions)), color="orange")
    elif rec.close_call:
        st.badge(t("confidence_close", margin=f"{rec.margin:.3f}"), color="orange")
    else:
        st.badge(t("confidence_full"), color="green")


def disclaimer() -> None:
    """The content's disclaimer, at the foot of every page."""
    st.caption(state.questionnaire().disclaimer.full.get(current_lang()))


def forward_deep_link(navigation) -> None:
    """Deep links: a page asked for by a first visit that bypassed the router (see state.init), and
    workshop links (a join code, or a facilitator's private link), land on their page with their
    parameters; the router is the one place every visit passes."""
    params = st.query_params.to_dict()
    goto = params.pop(state.GOTO, None)
    if goto in {url for _, _, url, _ in PAGES} and navigation.url_path != goto:
        st.switch_page(page(goto), query_params=params)
    wants_workshop = params.get("join") or (params.get("workshop") and params.get("key"))
    if wants_workshop and navigation.url_path != "workshop":
        st.switch_page(page("workshop"), query_params=params)


def index_tiles(result) -> None:
    """The five composite indices as metric tiles (Results page and the shared read-only view)."""
    indices = [
        ("resource_synergy", result.resource_synergy),
        ("user_value", result.user_value.value),
        ("commercial_value", result.commercial_value.value),
        ("readiness", result.readiness),
        ("risk_adjusted_readiness", result.risk_adjusted_readiness),
    ]
    for col, (key, value) in zip(st.columns(len(indices)), indices, strict=True):
        col.metric(t(f"index_{key}"), "—" if value is None else f"{value:.2f}", border=True)


def decision_band_box(result, lang: str) -> None:
    """The readiness band (the tool's own, issue 10) in its colour, with its name and advice in words."""
    band = result.band
    if band:
        box = {"low": st.error, "mid": st.warning, "high": st.success}[band.tone]
        colon = "：" if lang == "zh" else ": "
        title = result.questionnaire.readiness_bands.name.get(lang)
        box(f"**{title}{colon}{band.name.get(lang)}** — {band.advice.get(lang)}")


def stop_if_nothing_answered(result, message_key: str) -> None:
    """Pages that show results: with no answer yet, say what will appear and offer the way in."""
    if result.completeness > 0:
        return
    st.info(t(message_key))
    if st.button(t("home_start_button"), type="primary"):
        st.switch_page(page("profile"))
    st.stop()


def flash(kind: str, message: str) -> None:
    """A message to show once on the next run (after st.rerun / a page switch)."""
    st.session_state["_flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("_flash", (None, None))
    if kind:
        getattr(st, kind)(message)
