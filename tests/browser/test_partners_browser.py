"""The 伙伴评估 Partners page in headless Chromium: load the example candidates, type into the table,
see the screening, the DEA chart and the ranked risk-adjusted values, then the same in English.
Screenshots go to screenshots/partners_*.png."""

from __future__ import annotations

import yaml
from playwright.sync_api import Page, expect

from .conftest import IDLE_TIMEOUT_MS, ROOT, SCREENSHOTS_ON, VIEWPORT, open_app, wait_idle

STRINGS = yaml.safe_load((ROOT / "ui" / "strings_partners.yaml").read_text(encoding="utf-8"))
HEADER_HEIGHT = 35  # st.data_editor's header row and data rows (px)
ROW_MARKER = 40  # the row-selection column at the left of the editor


# conftest.screenshot waits for every table and chart of the page to draw, but those in hidden tabs
# never draw; this waits for the visible ones only.
VISIBLE_RENDERED = """
([quiet]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  const shown = (e) => e.checkVisibility();
  const all = (sel) => [...main.querySelectorAll(sel)].filter(shown);
  if (all('[data-testid="stSkeleton"]').length) return false;
  if (all('[data-testid="stDataFrame"]').some((e) => !e.querySelector("canvas"))) return false;
  if (all('[data-testid="stVegaLiteChart"]').some((e) => !e.querySelector("canvas, svg"))) return false;
  return performance.now() - window.__stIdle.lastMutation >= quiet;
}
"""


def snap(page: Page, path) -> None:
    """A full-page screenshot once the open tab has drawn (the viewport grows to the page's height)."""

    def rendered() -> None:
        page.wait_for_function(VISIBLE_RENDERED, arg=[250], timeout=IDLE_TIMEOUT_MS, polling=50)

    rendered()
    if not SCREENSHOTS_ON:
        return
    height = main(page).evaluate("e => e.scrollHeight")
    if height > VIEWPORT["height"]:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height + 20})
        rendered()
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


def s(key: str, lang: str = "zh") -> str:
    return STRINGS[key][lang]


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def open_partners(page: Page, app_url: str) -> None:
    open_app(page, app_url)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="伙伴评估", exact=True).click()
    wait_idle(page)
    expect(main(page).locator("h1").first).to_have_text("伙伴评估")


def tab(page: Page, name: str):
    """Open a tab and return its panel."""
    tab = main(page).get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")  # st.tabs switch in the page: no rerun
    return main(page).locator('[role="tabpanel"]:visible')


def table_rows(panel) -> list[list[str]]:
    """The cells of each data row of the first st.dataframe in a panel (from the grid's accessible
    table, which sits behind the canvas)."""
    rows = panel.locator('[data-testid="stDataFrame"]').first.locator('[role="row"]')
    expect(rows.nth(1)).to_be_attached()
    return [
        [cell.strip() for cell in rows.nth(k).locator('[role="gridcell"]').all_inner_texts()]
        for k in range(1, rows.count())
    ]


def type_into_first_name_cell(page: Page, text: str) -> None:
    grid = main(page).locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + ROW_MARKER + 60, box["y"] + HEADER_HEIGHT + HEADER_HEIGHT / 2)
    editor = page.locator("#portal textarea.gdg-input")  # the grid's cell editor overlay
    expect(editor).to_be_visible()
    editor.fill(text)
    editor.press("Enter")
    wait_idle(page)


def expect_chart(panel) -> None:
    chart = panel.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["height"] > 150


def test_examples_and_own_candidate_in_chinese_then_english(page: Page, app_url, screenshots_dir):
    open_partners(page, app_url)
    expect(main(page).get_by_text(s("pt_empty"))).to_be_visible()

    # one click loads the fictional examples; the summary shows the funnel result
    main(page).get_by_role("button", name=s("pt_load_examples")).click()
    wait_idle(page)
    expect(main(page).get_by_text("2（33%）")).to_be_visible()
    expect(main(page).get_by_text("6 个候选伙伴已纳入分析。")).to_be_visible()

    # the user's own candidate: rename the first row in the table; the analysis follows
    type_into_first_name_cell(page, "我的候选甲")
    expect(main(page).locator('[data-testid="stDataFrame"]').first.get_by_text("我的候选甲")).to_have_count(1)
    snap(page, screenshots_dir / "partners_zh_candidates.png")

    panel = tab(page, s("pt_tab_screening"))
    screening = table_rows(panel)
    payment = next(r for r in screening if r[0] == "示例·某第三方支付机构")
    assert payment[2:] == ["✓ 通过", "✗ 未通过：压力测试", "—"]
    expect_chart(panel)

    panel = tab(page, s("pt_tab_dea"))
    expect_chart(panel)
    dea = table_rows(panel)
    bank = next(r for r in dea if r[0] == "示例·某城商行")
    assert bank[1] == "0.647" and bank[4] == "非有效"
    assert "我的候选甲" in bank[5]  # its peers include the renamed candidate
    snap(page, screenshots_dir / "partners_zh_dea.png")

    panel = tab(page, s("pt_tab_value"))
    expect_chart(panel)
    ranked = table_rows(panel)
    assert ranked[0][:2] == ["1", "示例·某电商平台"] and "优先投入" in ranked[0]
    assert ranked[1][:2] == ["2", "我的候选甲"]
    assert ranked[-1][-2] == "调整或退出"
    snap(page, screenshots_dir / "partners_zh_value.png")

    panel = tab(page, s("pt_tab_weights"))
    expect(panel.get_by_text("判断一致（CR = 0.012 ≤ 0.1）")).to_be_visible()
    # push "technology ↔ cost" to the far right (cost 9× technology): the judgements contradict each other
    slider = (
        panel.locator('[data-testid="stSlider"]')
        .filter(has_text="技术能力 ↔ 成本可控性")
        .get_by_role("slider")
    )
    slider.focus()
    page.keyboard.press("End")
    wait_idle(page)
    expect(panel.get_by_text("判断不一致")).to_be_visible()
    expect(panel.get_by_text("最不一致的判断是")).to_be_visible()
    snap(page, screenshots_dir / "partners_zh_weights.png")
    panel.get_by_role("button", name=s("pt_apply_suggestion")).click()
    wait_idle(page)
    expect(panel.get_by_text("判断一致（CR")).to_be_visible()

    # English: every text switches; the rows are the user's and stay as typed
    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="English").click()
    wait_idle(page)
    expect(main(page).locator("h1").first).to_have_text("Partners")
    panel = tab(page, s("pt_tab_candidates", "en"))
    expect(panel.locator('[data-testid="stDataFrame"]').first.get_by_text("我的候选甲")).to_have_count(1)
    # replacing them with the English examples needs a confirmation
    panel.get_by_role("button", name=s("pt_load_examples", "en")).click()
    page.get_by_role("button", name=s("pt_confirm_load", "en")).click()
    wait_idle(page)
    expect(
        panel.locator('[data-testid="stDataFrame"]').first.get_by_text("Example · AI algorithm firm")
    ).to_have_count(1)
    snap(page, screenshots_dir / "partners_en_candidates.png")

    panel = tab(page, s("pt_tab_dea", "en"))
    expect_chart(panel)
    panel.get_by_role("radio", name=s("pt_dea_bcc", "en")).click()  # a segmented control
    wait_idle(page)

    def bank_status() -> str:
        return next(r for r in table_rows(panel) if r[0] == "Example · city commercial bank")[4]

    # the tab reruns alone (a fragment); the grid redraws its accessible table a moment after the run
    for _ in range(50):
        if bank_status() == "Efficient":
            break
        page.wait_for_timeout(100)
    assert bank_status() == "Efficient"  # variable returns to scale: the small bank is on the BCC frontier
    snap(page, screenshots_dir / "partners_en_dea.png")

    panel = tab(page, s("pt_tab_value", "en"))
    ranked = table_rows(panel)
    assert ranked[0][:2] == ["1", "Example · e-commerce platform"] and "Prioritise" in ranked[0]
    snap(page, screenshots_dir / "partners_en_value.png")

    panel = tab(page, s("pt_tab_readiness", "en"))
    expect(panel.get_by_text(s("pt_readiness_source_default", "en"))).to_be_visible()
    snap(page, screenshots_dir / "partners_en_readiness.png")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
