"""Roadmap and Risks in headless Chromium, in Chinese and English: the plan renders, and ticking a
mitigation or typing an indicator value changes what the page shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import open_app, screenshot, wait_idle
from .test_journeys import load_example, nav, s, switch_lang


def metric_value(page: Page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_roadmap_shows_three_phases_with_actions(page: Page, app_url, screenshots_dir, lang):
    open_app(page, app_url)
    load_example(page, 3)  # the small firm: many gaps, so many actions
    if lang == "en":
        switch_lang(page, "English")
    nav(page, s("page_roadmap", lang))
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name=s("page_roadmap", lang))).to_be_visible()
    expect(main.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    tables = main.locator('[data-testid="stTable"]')
    expect(tables).to_have_count(3)
    for i in range(3):
        assert tables.nth(i).locator("tbody tr").count() >= 3
    expect(main.get_by_text(s("why_baseline", lang)).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, screenshots_dir / f"{lang}_roadmap_small_firm.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mitigations_and_indicators_act_at_once(page: Page, app_url, screenshots_dir, lang):
    open_app(page, app_url)
    load_example(page, 3)
    if lang == "en":
        switch_lang(page, "English")
    nav(page, s("page_risks", lang))
    main = page.locator('[data-testid="stMain"]')
    weight_label = s("index_risk_weight", lang)
    before = float(metric_value(page, weight_label))
    main.locator('[data-testid="stButtonGroup"] button').first.click()
    wait_idle(page)
    after = float(metric_value(page, weight_label))
    assert after < before, (before, after)

    red = s("status_alert", lang)
    field = main.locator('[data-testid="stNumberInput"] input').first  # monthly user churn, the first
    field.fill("25")
    field.press("Enter")
    wait_idle(page)
    expect(main.get_by_text(red).first).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, screenshots_dir / f"{lang}_risks_small_firm.png")
