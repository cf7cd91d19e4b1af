"""Autosave in a real browser: a reload and a closed-and-reopened tab keep the answers, the language, a
risk indicator and the partner candidates; "start over" clears them."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from model.partners import evaluation as pm

from .conftest import open_app, wait_idle
from .test_journeys import Q, nav, pick_option, question_box, s, switch_lang

FIRST = Q.questions_in("capital")[:2]  # two single-choice questions of the first section
INDICATOR = Q.risk_register.indicators[0]


def reopen(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0")
    wait_idle(page)


def expect_everything_kept(page: Page, chosen: dict[str, str], candidates: int) -> None:
    """In English: the answers on the Assessment page, the indicator on Risks, the candidates on Partners."""
    nav(page, s("page_assessment", "en"))
    for qid, value in chosen.items():
        index = [o.value for o in Q.question(qid).options].index(value)
        expect(question_box(page, qid).locator('input[type="radio"]').nth(index)).to_be_checked()
    nav(page, s("page_risks", "en"))
    label = s("indicator_label", "en", name=INDICATOR.name.en, unit=INDICATOR.unit.en)
    expect(page.get_by_label(label)).to_have_value("7.00")
    nav(page, s("page_partners", "en"))
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=s("pt_sum_candidates", "en"))
    expect(metric).to_contain_text(f"{candidates} / {candidates}")


def test_reload_and_reopened_tab_keep_all_work_and_start_over_clears_it(page: Page, app_url, tmp_path):
    open_app(page, app_url)
    nav(page, s("page_assessment"))
    chosen = {}
    for question in FIRST:
        value = question.options[-1].value
        pick_option(page, question.id, value)
        chosen[question.id] = value
    nav(page, s("page_risks"))
    label = s("indicator_label", name=INDICATOR.name.zh, unit=INDICATOR.unit.zh)
    field = page.get_by_label(label)
    field.fill("7")
    field.press("Enter")
    wait_idle(page)
    nav(page, s("page_partners"))
    page.get_by_role("button", name=s("pt_load_examples")).click()
    wait_idle(page)
    candidates = len(pm.load_examples("zh"))
    switch_lang(page, "English")
    assert "draft=" in page.url

    page.reload()
    page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(s("page_partners", "en"))
    expect_everything_kept(page, chosen, candidates)

    # close the tab, open the same address in a new one (same browser): to the server that is a new
    # session with the same address, as the reload was, so the page it opens on is checked here
    url = page.url
    context = page.context
    page.close()
    again = context.new_page()
    reopen(again, url)
    expect(again.locator('[data-testid="stMain"] h1').first).to_have_text(s("page_partners", "en"))
    metric = again.locator('[data-testid="stMetric"]').filter(has_text=s("pt_sum_candidates", "en"))
    expect(metric).to_contain_text(f"{candidates} / {candidates}")

    # the partner work is in the report and in the saved answers file
    nav(again, s("page_report", "en"))
    report = again.frame_locator('[data-testid="stMain"] iframe').first
    expect(report.get_by_role("heading", name=s("page_partners", "en"))).to_be_visible()
    first = pm.load_examples("zh")[0].name
    expect(report.get_by_text(first, exact=True)).to_be_visible()
    with again.expect_download() as info:
        again.locator('[data-testid="stSidebar"] [data-testid="stDownloadButton"] button').click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    doc = json.loads(saved.read_text(encoding="utf-8"))
    assert len(doc["partners"]["candidates"]) == candidates and doc["meta"]["lang"] == "en"

    # start over: everything cleared, and the old address no longer brings it back
    sidebar = again.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name=s("start_over", "en")).click()
    again.get_by_role("button", name=s("start_over_confirm", "en")).click()
    wait_idle(again)
    expect(again.get_by_text(s("start_over_done", "en"))).to_be_visible()
    assert url.split("draft=")[1] not in again.url  # a new draft (it keeps the language) or none
    reopen(again, url)
    expect(again.get_by_text(s("draft_gone", days=30))).to_be_visible()  # a new session: Chinese
    nav(again, s("page_assessment"))
    expect(question_box(again, FIRST[0].id).locator('input[type="radio"]:checked')).to_have_count(0)

    # the saved file brings everything back, partner work included
    nav(again, s("page_home"))
    again.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(saved)
    wait_idle(again)
    expect(again.locator('[data-testid="stMain"] h1').first).to_have_text(s("page_results", "en"))
    expect_everything_kept(again, chosen, candidates)
