"""Roadmap and Risks in headless Chromium, in Chinese and English: the dated plan renders, the team's
edits in the action table survive a download and a reload, and ticking a mitigation or typing an
indicator value changes what the page shows."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from .conftest import open_app, screenshot, wait_idle
from .test_journeys import expect_no_exception, load_example, nav, s, switch_lang


def metric_value(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def expect_dated_plan(page: Page, lang: str) -> None:
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=s("page_roadmap", lang))).to_be_visible()
    expect(main.get_by_text("2026-11-25").first).to_be_visible()  # the assessment date, not 2025
    expect(main.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(main.get_by_role("tab")).to_have_count(4)  # two phases, progress, reference
    expect(main.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    expect_no_exception(page)


def test_roadmap_shows_the_dated_plan_in_tabs_in_both_languages(page: Page, app_url, screenshots_dir):
    open_app(page, app_url)
    load_example(page, 3)  # the small firm: a 1–3 year horizon, two phases
    nav(page, s("page_roadmap"))
    expect_dated_plan(page, "zh")
    screenshot(page, screenshots_dir / "zh_roadmap_small_firm.png")
    switch_lang(page, "English")
    expect_dated_plan(page, "en")
    screenshot(page, screenshots_dir / "en_roadmap_small_firm.png")


def test_mitigations_and_indicators_act_at_once_in_both_languages(page: Page, app_url, screenshots_dir):
    open_app(page, app_url)
    load_example(page, 3)
    nav(page, s("page_risks"))
    main = page.locator('[data-testid="stMain"]')
    mitigation = main.locator('[data-testid="stButtonGroup"] button').first
    before = float(metric_value(page, s("index_risk_weight")))
    mitigation.click()
    wait_idle(page)
    ticked = float(metric_value(page, s("index_risk_weight")))
    assert ticked < before, (before, ticked)

    field = main.locator('[data-testid="stNumberInput"] input').first  # monthly user churn, the first
    field.fill("25")
    field.press("Enter")
    wait_idle(page)
    expect(main.get_by_text(s("status_alert")).first).to_be_visible()
    expect_no_exception(page)
    screenshot(page, screenshots_dir / "zh_risks_small_firm.png")

    # in English: the same state in its own words, and unticking gives the weight back
    switch_lang(page, "English")
    expect(main.get_by_text(s("status_alert", "en")).first).to_be_visible()
    assert float(metric_value(page, s("index_risk_weight", "en"))) == ticked
    mitigation.click()
    wait_idle(page)
    assert float(metric_value(page, s("index_risk_weight", "en"))) == before
    expect_no_exception(page)
    screenshot(page, screenshots_dir / "en_risks_small_firm.png")


# ---------------------------------------------------------------- the team owns the plan (issue 13)
# Column widths the Roadmap table sets (ui/plan_editor.py): action, why, owner, start, due, status, note.
EDITOR_COLUMNS = (290, 180, 130, 92, 92, 80)
ROW_HEIGHT = 35  # Streamlit's data grid: header and rows


def cell_point(grid, row: int, col: int) -> tuple[float, float]:
    """The centre of a data cell (row 0 = first data row) of the grid, from its column widths."""
    box = grid.bounding_box()
    x = box["x"] + sum(EDITOR_COLUMNS[:col]) + EDITOR_COLUMNS[col] / 2
    y = box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2
    return x, y


def edit_cell(page: Page, grid, row: int, col: int, text: str) -> None:
    page.mouse.dblclick(*cell_point(grid, row, col))
    editor = page.locator("#portal textarea, #portal input").first
    expect(editor).to_be_visible()
    editor.fill(text)
    editor.press("Enter")
    wait_idle(page)


def pick_cell_option(page: Page, grid, row: int, col: int, label: str) -> None:
    page.mouse.dblclick(*cell_point(grid, row, col))
    search = page.locator('#portal input[role="combobox"]')  # the cell's select box
    expect(search).to_be_visible()
    search.fill(label)
    page.get_by_role("option", name=label, exact=True).click()
    wait_idle(page)


def test_owner_due_and_status_survive_download_and_reload(page: Page, fresh_page, app_url, tmp_path):
    open_app(page, app_url)
    load_example(page, 3)  # the small firm: a two-phase plan
    nav(page, s("page_roadmap"))
    main = page.locator('[data-testid="stMain"]')
    grid = main.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()

    edit_cell(page, grid, 0, 2, "王五（战略部）")
    grid = main.locator('[data-testid="stDataFrame"]').first
    edit_cell(page, grid, 0, 4, "2027-03-31")
    grid = main.locator('[data-testid="stDataFrame"]').first
    pick_cell_option(page, grid, 0, 5, s("status_in_progress"))
    expect_no_exception(page)
    wait_idle(page)  # the edit's rerun has finished: the file is built from what it saved

    with page.expect_download() as info:
        page.locator('[data-testid="stSidebar"] [data-testid="stDownloadButton"] button').click()
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    doc = json.loads(saved.read_text(encoding="utf-8"))
    entries = doc["plan"]["actions"]
    assert len(entries) == 1, entries
    ((action_id, entry),) = entries.items()
    assert entry == {"owner": "王五（战略部）", "due": "2027-03-31", "status": "in_progress"}
    assert action_id == "p1_define_positioning"

    fresh = fresh_page()
    open_app(fresh, app_url)
    fresh.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(saved)
    wait_idle(fresh)
    nav(fresh, s("page_roadmap"))
    fresh_main = fresh.locator('[data-testid="stMain"]')
    expect(fresh_main.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    # the grid draws on a canvas; its accessible table carries the cell texts
    table = fresh_main.locator('[data-testid="stDataFrame"]').first.locator("table")
    expect(table.get_by_text("王五（战略部）")).to_have_count(1)
    expect(table.get_by_text("2027-03-31")).to_have_count(1)
    expect(table.get_by_text(s("status_in_progress"))).to_have_count(1)
    expect_no_exception(fresh)
