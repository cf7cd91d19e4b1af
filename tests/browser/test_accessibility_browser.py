"""Accessibility, measured: axe-core over every page of the navigation (with the example firm and the
example partner candidates loaded), and a keyboard journey with a visible focus ring.

Violations of Streamlit's own markup that the app cannot change are listed in README ("Accessibility")
and in STREAMLIT_OWN below; every other critical or serious violation fails the test."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ui.layout import PAGES

from .conftest import open_app, wait_idle, wait_rendered
from .test_journeys import click_button, nav, s

# (rule id, a snippet of the offending element's HTML): Streamlit's widgets, not the app's markup
STREAMLIT_OWN: tuple[tuple[str, str], ...] = ()


def own_violations(page: Page) -> list[str]:
    found = []
    for v in Axe().run(page).response["violations"]:
        if v["impact"] not in ("critical", "serious"):
            continue
        for node in v["nodes"]:
            if any(rule == v["id"] and snippet in node["html"] for rule, snippet in STREAMLIT_OWN):
                continue
            found.append(f"{v['impact']} {v['id']}: {node['html'][:160]}")
    return found


def test_no_critical_or_serious_violation_on_any_page(page: Page, app_url):
    open_app(page, app_url)
    click_button(page, s("home_example_button"))
    nav(page, s("page_partners"))
    click_button(page, s("pt_load_examples"))
    problems = {}
    for _, title, url, _ in PAGES:
        nav(page, s(title))
        wait_rendered(page)
        found = own_violations(page)
        if found:
            problems[url] = found
    assert not problems, problems


def test_keyboard_reaches_the_start_button_with_a_visible_focus_ring(page: Page, app_url):
    open_app(page, app_url)
    start = page.locator('[data-testid="stMain"]').get_by_role("button", name=s("home_start_button"))
    page.locator('[data-testid="stMain"] h1').first.click()  # start from the page, not the address bar
    for _ in range(60):
        page.keyboard.press("Tab")
        if start.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the start button")
    ring = start.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert ring.split()[0] != "none" and ring.split()[1] != "0px", ring
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(s("page_profile"))
