"""Real user journeys in headless Chromium; every assertion is on what a person sees on the page."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from profiles import closest_answer
from tests_paths import questionnaire

from model import AnswerSet, assess
from model.content.schema import DIMENSION_IDS
from ui.i18n import tr
from ui.layout import PAGES as NAV

from .conftest import open_app, open_select, screenshot, wait_idle

PAGES = tuple(url for _, _, url, _ in NAV)  # every page in the sidebar, in order
# The core pages get screenshots here; the feature pages (roadmap, risks, partners, workshop, report) have
# their own browser tests with screenshots.
CORE_PAGES = ("home", "profile", "assessment", "results", "strategy", "methodology")
Q = questionnaire()
SCORED = [x for d in DIMENSION_IDS for x in Q.questions_in(d)]

# A regional industry specialist: industry answers as mature as they go, moderate elsewhere.
REGIONAL_TARGETS = {d: (1.0 if d == "industry" else 0.4) for d in DIMENSION_IDS}
REGIONAL_PROFILE = {
    "institution_type": "regional_broker",
    "region": "chengdu_chongqing",
    "cross_border_intent": "none",
}


def s(key: str, lang: str = "zh", **params) -> str:
    """A UI string as the app shows it (ui/strings*.yaml)."""
    return tr(key, lang, **params)


def page_title(page_id: str, lang: str) -> str:
    return s("home_title" if page_id == "home" else f"page_{page_id}", lang)


# ---------------------------------------------------------------- what a person does


def nav(page: Page, label: str) -> None:
    """Click a page in the sidebar navigation (keeps the session, unlike page.goto)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=label, exact=True).click()
    wait_idle(page)


def click_button(page: Page, label: str) -> None:
    page.locator('[data-testid="stMain"]').get_by_role("button", name=label).click()
    wait_idle(page)


def load_example(page: Page, index: int | None = None) -> None:
    """Home → (choose an example) → 载入示例."""
    if index is not None:
        open_select(page, page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]'))
        page.locator(f'[role="listbox"] [role="option"][data-key="{index}"]').click()
        wait_idle(page)
    click_button(page, s("home_example_button"))
    expect(page.get_by_text("已载入示例")).to_be_visible()


def switch_lang(page: Page, label: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text=label).click()
    wait_idle(page)


def question_box(page: Page, qid: str):
    box = page.locator(f".st-key-question_{qid}")
    expect(box).to_be_visible()
    return box


def pick_option(page: Page, qid: str, value: str, lang: str = "zh") -> None:
    """single / scale: click the option's label in the st.radio."""
    question = Q.question(qid)
    index = [o.value for o in question.options].index(value)
    box = question_box(page, qid)
    option = box.locator('[data-testid="stRadioOption"]').nth(index)
    expect(option).to_have_text(question.option(value).label.get(lang))
    option.click()
    wait_idle(page)
    expect(box.locator('input[type="radio"]').nth(index)).to_be_checked()


def pick_many(page: Page, qid: str, indices: list[int], labels: list[str]) -> None:
    """multi: open the st.multiselect, pick each option, close it."""
    box = question_box(page, qid)
    open_select(page, box.locator('[role="combobox"]'))
    listbox = page.locator('[role="listbox"]')
    for index in indices:
        listbox.locator(f'[role="option"][data-key="{index}"]').click()
        wait_idle(page)
    page.keyboard.press("Escape")
    expect(listbox).to_have_count(0)
    for label in labels:
        expect(box.locator('[data-testid="stMultiSelectTagsContainer"]')).to_contain_text(label)


def type_number(page: Page, qid: str, value: float) -> None:
    """number: type a value and press Enter."""
    field = question_box(page, qid).locator('input[type="number"]')
    field.fill(f"{value:g}")
    field.press("Enter")
    wait_idle(page)
    expect(field).to_have_value(f"{value:.2f}")


def realistic_number(question, value: float) -> float:
    """closest_answer gives a band's midpoint (50 060 clients for the open-ended top band); stay near
    the band's lower end instead, well inside it."""
    band = next(b for b in question.bands if b.min <= value <= b.max)
    return band.min + min(band.max - band.min, max(band.min, 1.0)) / 2


def answer(page: Page, question, value) -> None:
    if question.type == "number":
        type_number(page, question.id, value)
    elif question.type == "multi":
        values = [o.value for o in question.options]
        pick_many(
            page,
            question.id,
            [values.index(v) for v in value],
            [question.option(v).label.zh for v in value],
        )
    else:
        pick_option(page, question.id, value)


def sidebar_progress(page: Page) -> str:
    return page.locator('[data-testid="stSidebar"] [data-testid="stProgress"]').inner_text().strip()


def strategy_heading(page: Page) -> str:
    """The type named in the bordered "recommended type" card (its caption is in either language)."""
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(f"^({s('recommended_type')}|{s('recommended_type', 'en')})$")
    )
    card = caption.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    return card.get_by_role("heading").first.inner_text().strip()


def expect_no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def expect_title(page: Page, text: str) -> None:
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(text)


def regional_answers() -> dict:
    answers = {}
    for question in SCORED:
        value = closest_answer(question, REGIONAL_TARGETS[question.dimension])
        answers[question.id] = realistic_number(question, value) if question.type == "number" else value
    return answers


# ---------------------------------------------------------------- journeys


def test_new_visitor_answers_everything_and_gets_regional_specialist(page: Page, app_url):
    answers = regional_answers()
    planned = assess(Q, AnswerSet({**answers, **REGIONAL_PROFILE}, {}, None))
    assert planned.strategy.recommended == "regional_industry", "test data no longer describes the type"

    open_app(page, app_url)
    expect_title(page, s("home_title"))
    click_button(page, s("home_start_button"))

    # Profile
    expect_title(page, s("page_profile"))
    name = page.get_by_label(s("institution_name"))
    name.fill("测试·蜀川产业证券")
    name.press("Enter")
    wait_idle(page)
    for qid, value in REGIONAL_PROFILE.items():
        pick_option(page, qid, value)
    next_step = page.locator(".st-key-next_step_profile").get_by_role("link")
    expect(next_step).to_have_text(re.compile(s("next_step", page=s("page_assessment"))))
    next_step.click()
    wait_idle(page)

    # Assessment, section by section
    expect_title(page, s("page_assessment"))
    progress = page.locator('[data-testid="stMain"] [data-testid="stProgress"]')
    expect(progress).to_have_text(f"已回答 0 / {len(SCORED)} 道计分题")
    answered = 0
    for position, dim in enumerate(DIMENSION_IDS):
        dim_name = Q.dimension(dim).name.zh
        expect(page.get_by_role("heading", name=dim_name, exact=True)).to_be_visible()
        for question in Q.questions_in(dim):
            answer(page, question, answers[question.id])
            answered += 1
            expect(progress).to_have_text(f"已回答 {answered} / {len(SCORED)} 道计分题")
        # the section selector's list marks a finished section with ✓
        open_select(page, page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]'))
        option = page.locator(f'[role="listbox"] [role="option"][data-key="{position}"]')
        expect(option).to_have_text(f"{dim_name} · ✓")
        page.keyboard.press("Escape")
        click_button(page, s("next_section"))
        expect_no_exception(page)

    expect(page.get_by_role("heading", name=Q.section_name("metrics").zh, exact=True)).to_be_visible()
    expect(page.get_by_text(f"已回答 {len(SCORED)} / {len(SCORED)} 道计分题")).to_be_visible()
    expect(page.get_by_text(s("all_answered"))).to_be_visible()

    # Results (the sidebar progress shows on every page but the Assessment, which has its own)
    nav(page, s("page_results"))
    expect_title(page, s("page_results"))
    assert sidebar_progress(page) == "已完成 100%"
    expect(page.get_by_text("测试·蜀川产业证券")).to_be_visible()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart.locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_text(Q.readiness_bands.name.zh, exact=False).first).to_be_visible()  # the tool's band
    expect(page.get_by_text("未回答的题不计为零分")).to_have_count(0)  # no "incomplete" warning
    expect_no_exception(page)

    # Strategy
    nav(page, s("page_strategy"))
    expect_title(page, s("page_strategy"))
    expect(page.get_by_text(s("recommended_type"))).to_be_visible()
    assert strategy_heading(page).startswith("区域产业深耕型")
    expect_no_exception(page)


def test_language_switch(page: Page, app_url):
    open_app(page, app_url)
    load_example(page)
    nav_links = page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]')
    expect(nav_links).to_have_count(len(PAGES))

    switch_lang(page, "English")
    expect_title(page, s("page_results", "en"))  # loading the example went on to Results
    nav_texts = [
        t.strip() for t in nav_links.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    ]
    assert nav_texts == [s(f"page_{p}", "en") for p in PAGES]
    nav_text = page.locator('[data-testid="stSidebarNav"]').inner_text()
    chinese_ui = [s(f"page_{p}") for p in PAGES] + [s("save_answers"), "已完成"]
    assert [w for w in chinese_ui if w in nav_text] == []
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(s("save_answers", "en"))
    expect(sidebar).to_contain_text("100% complete")
    assert not re.search(r"[\u4e00-\u9fff]", page.locator('[data-testid="stMain"] h1').inner_text())

    nav(page, "Strategy")
    expect_title(page, "Strategy")
    expect(page.get_by_text(s("recommended_type", "en"))).to_be_visible()
    assert strategy_heading(page).startswith("Ecosystem leader")
    expect_no_exception(page)

    switch_lang(page, "中文")
    expect_title(page, s("page_strategy"))
    nav_texts = [
        t.strip() for t in nav_links.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    ]
    assert nav_texts == [s(f"page_{p}") for p in PAGES]
    assert strategy_heading(page).startswith("生态主导型")
    expect_no_exception(page)


def test_save_and_resume_in_a_new_session(page: Page, fresh_page, app_url, tmp_path):
    open_app(page, app_url)
    load_example(page, index=2)  # 3_specialist, not the default choice
    nav(page, s("page_strategy"))
    recommended = strategy_heading(page)
    assert recommended.startswith("垂直场景特色型")

    with page.expect_download() as info:
        page.locator('[data-testid="stSidebar"] [data-testid="stDownloadButton"] button').click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)  # saving does not rerun the page (on_click="ignore")
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert doc["questionnaire"] == Q.id
    assert doc["version"] == Q.version
    assert doc["answers"] and set(doc["answers"]) <= {x.id for x in Q.questions}
    n_answers = len(doc["answers"]) + len(doc.get("profile", {}))

    # a new visitor, nothing entered: resume from the file
    fresh = fresh_page()
    open_app(fresh, app_url)
    expect(fresh.get_by_text("当前已有")).to_have_count(0)
    assert sidebar_progress(fresh) == "已完成 0%"
    fresh.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(saved)
    wait_idle(fresh)
    expect(fresh.get_by_text(s("resume_ok", n=n_answers))).to_be_visible()
    nav(fresh, s("page_strategy"))
    assert strategy_heading(fresh) == recommended
    expect_no_exception(fresh)

    # a broken file into a session that has answers: clear error, answers untouched
    nav(fresh, s("page_home"))
    progress_before = sidebar_progress(fresh)
    expect(fresh.get_by_text(s("home_in_progress", n=n_answers))).to_be_visible()
    assert Q.question("tech_architecture").option("nonsense") is None
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {"questionnaire": Q.id, "version": Q.version, "answers": {"tech_architecture": "nonsense"}}
        ),
        encoding="utf-8",
    )
    fresh.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(broken)
    wait_idle(fresh)
    error = fresh.locator('[data-testid="stAlert"]').filter(has_text="无法读取该文件")
    expect(error).to_be_visible()
    expect(error).to_contain_text("tech_architecture")
    assert sidebar_progress(fresh) == progress_before
    expect(fresh.get_by_text(s("home_in_progress", n=n_answers))).to_be_visible()
    nav(fresh, s("page_strategy"))
    assert strategy_heading(fresh) == recommended
    expect_no_exception(fresh)


@pytest.mark.extended
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_of_every_page(page: Page, app_url, screenshots_dir, lang):
    open_app(page, app_url)
    load_example(page, index=1)  # 2_regional
    if lang == "en":
        switch_lang(page, "English")
    for page_id in CORE_PAGES:
        nav(page, s(f"page_{page_id}", lang))
        expect_title(page, page_title(page_id, lang))
        if page_id in ("results", "strategy"):
            expect(
                page.locator('[data-testid="stVegaLiteChart"]').first.locator("canvas, svg").first
            ).to_be_visible()
        if page_id == "methodology":
            expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        expect_no_exception(page)
        screenshot(page, screenshots_dir / f"{lang}_{page_id}.png")


def test_section_selector_counts_each_answer(page: Page, app_url):
    open_app(page, app_url)
    nav(page, s("page_assessment"))
    section_pick = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input')
    dim_name = Q.dimension(DIMENSION_IDS[0]).name.zh
    questions = Q.questions_in(DIMENSION_IDS[0])
    expect(section_pick).to_have_value(f"{dim_name} · 0/{len(questions)}")
    pick_option(page, questions[0].id, questions[0].options[0].value)
    expect(section_pick).to_have_value(f"{dim_name} · 1/{len(questions)}", timeout=1500)


def test_example_selector_follows_language(page: Page, app_url):
    open_app(page, app_url)
    chosen = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input')
    expect(chosen).to_have_value(re.compile("^示例"))
    switch_lang(page, "English")
    expect_title(page, s("home_title", "en"))
    expect(chosen).to_have_value(re.compile("^Example"), timeout=1500)
