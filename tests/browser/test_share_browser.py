"""Share links and report downloads in headless Chromium, checked on what a person sees."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import parse_qs, urlsplit

import yaml
from playwright.sync_api import Page, expect

from model import load_questionnaire
from model.inputs import share

from .conftest import ROOT, open_app, screenshot, wait_idle

Q = load_questionnaire()
STRINGS = {}
for path in sorted((ROOT / "ui").glob("strings*.yaml")):
    STRINGS.update(yaml.safe_load(path.read_text(encoding="utf-8")))
HOSTILE_NAME = "<script>alert(1)</script> 测试·蜀川证券"


def s(key: str, lang: str = "zh") -> str:
    return STRINGS[key][lang]


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def nav(page: Page, key: str, lang: str = "zh") -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=s(key, lang), exact=True).click()
    wait_idle(page)
    expect(main(page).locator("h1").first).to_have_text(s("home_title" if key == "page_home" else key, lang))


def click(page: Page, label: str) -> None:
    main(page).get_by_role("button", name=label).click()
    wait_idle(page)


def load_example(page: Page) -> None:
    click(page, s("home_example_button"))
    expect(page.get_by_text("已载入示例")).to_be_visible()


def recommended(page: Page) -> str:
    """The heading inside the bordered card captioned "recommended type"."""
    caption = (
        main(page)
        .locator('[data-testid="stCaptionContainer"]')
        .filter(has_text=re.compile(f"^({s('recommended_type')}|{s('recommended_type', 'en')})$"))
    )
    card = caption.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    return card.get_by_role("heading").first.inner_text().strip()


def share_link(page: Page) -> str:
    code = main(page).locator('[data-testid="stCode"] code').first
    expect(code).to_contain_text("?a=")
    return code.inner_text().strip()


def test_a_share_link_opens_the_same_strategy_in_a_fresh_browser(
    page: Page, fresh_page, app_url, screenshots_dir
):
    open_app(page, app_url)
    load_example(page)
    nav(page, "page_strategy")
    strategy = recommended(page)
    assert strategy.startswith(Q.strategy_type("ecosystem_leader").name.zh)

    nav(page, "page_report")
    link = share_link(page)
    assert link.startswith(app_url + "/?a=")
    token = parse_qs(urlsplit(link).query)["a"][0]
    assert share.decode(token, Q).meta["name"] == "示例·华东综合证券"
    expect(main(page).get_by_text(f"链接共 {len(link)} 个字符")).to_be_visible()
    screenshot(page, screenshots_dir / "report_page_zh.png")

    other = fresh_page()  # a new context: no cookies, no session, nothing shared but the URL
    open_app(other, link)
    expect(main(other).locator("h1").first).to_have_text(s("share_view_title"))
    assert recommended(other) == strategy
    expect(main(other).get_by_text(s("share_view_readonly"))).to_be_visible()
    expect(main(other).get_by_role("heading", name="示例·华东综合证券")).to_be_visible()
    expect(main(other).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()  # the radar
    screenshot(other, screenshots_dir / "shared_view_zh.png")

    click(other, s("share_view_continue"))
    expect(main(other).locator("h1").first).to_have_text(s("page_results"))
    assert "?a=" not in other.url
    expect(other.locator('[data-testid="stSidebar"] [data-testid="stProgress"]')).to_contain_text("100%")


def test_a_broken_link_shows_a_message_and_nothing_breaks(fresh_page, app_url, screenshots_dir):
    page = fresh_page()
    open_app(page, app_url + "/?a=1.1.AAAAAAAAAAA.cut-off-while-copying")
    expect(main(page).locator("h1").first).to_have_text(s("page_report"))
    error = main(page).locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("链接在复制时被截断或改动")
    expect(error).to_contain_text("您当前的答案没有任何改变")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, screenshots_dir / "shared_link_broken_zh.png")


def download_report(page: Page, label: str, target) -> str:
    with page.expect_download() as info:
        main(page).get_by_role("button", name=label).click()
    download = info.value
    assert re.fullmatch(r"brokereco-report-\d{4}-\d{2}-\d{2}\.html", download.suggested_filename)
    download.save_as(target)
    return target.read_text(encoding="utf-8")


def view_report(browser_page: Page, path, shot) -> None:
    """Open the downloaded file as a person would; nothing in it may run (no dialog, no request out)."""
    dialogs, requests = [], []
    browser_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    browser_page.on("request", lambda r: requests.append(r.url))
    browser_page.set_viewport_size({"width": 1100, "height": 1400})
    browser_page.goto(path.as_uri())
    browser_page.wait_for_load_state("load")
    expect(browser_page.locator("h1")).to_be_visible()
    expect(browser_page.locator("p.subtitle")).to_have_text(HOSTILE_NAME)  # shown as text
    assert browser_page.locator("figure.chart svg").count() >= 2
    browser_page.screenshot(path=str(shot), full_page=True)
    assert not dialogs
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


def test_download_the_html_report_in_both_languages(
    page: Page, fresh_page, app_url, screenshots_dir, tmp_path
):
    open_app(page, app_url)
    load_example(page)
    nav(page, "page_profile")
    name = page.get_by_label(s("institution_name"))
    name.fill(HOSTILE_NAME)
    name.press("Enter")
    wait_idle(page)
    nav(page, "page_report")

    html = download_report(page, s("dl_html"), tmp_path / "report_zh.html")
    assert "<script" not in html.lower() and escape(HOSTILE_NAME) in html
    assert html.count("<svg") >= 2 and "资本实力" in html and 'lang="zh-CN"' in html
    view_report(fresh_page(), tmp_path / "report_zh.html", screenshots_dir / "report_html_zh.png")

    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="English").click()
    wait_idle(page)
    expect(main(page).locator("h1").first).to_have_text(s("page_report", "en"))
    html = download_report(page, s("dl_html", "en"), tmp_path / "report_en.html")
    assert "Capital" in html and "资本实力" not in html and 'lang="en"' in html
    view_report(fresh_page(), tmp_path / "report_en.html", screenshots_dir / "report_html_en.png")
    screenshot(page, screenshots_dir / "report_page_en.png")
