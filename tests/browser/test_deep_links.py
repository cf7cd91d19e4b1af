"""A deep link as the very first request of a fresh server: Streamlit runs the page file without app.py
(its pages/ fallback), so the session is sent through the router and on to the page asked for.

One page is enough: every page file reaches `ui.state.init()` (through `state.questionnaire()` or
`state.result()`) before it draws anything, and that is where the detour is taken; test_pages renders
every page. The link carries `?lang=en`, so the query survives the detour too. (A fresh server costs
seconds of CPU: a second page would cost them again and test the same lines.)"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import start_streamlit, stop, wait_idle
from .test_journeys import s


def test_first_request_deep_link_lands_on_its_page_with_navigation(page: Page, tmp_path):
    path, title = "partners?lang=en", ("page_partners", "en")
    proc, base = start_streamlit("app.py", tmp_path / "app.log")
    try:
        page.goto(f"{base}/{path}")
        page.wait_for_function("() => window.__stIdle && window.__stIdle.finished > 0")
        wait_idle(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.get_by_role("heading", name=s(*title), exact=True)).to_be_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav.get_by_role("link", name=s("page_home", title[1]), exact=True)).to_be_visible()
        expect(page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]')).to_have_count(1)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        stop(proc)
