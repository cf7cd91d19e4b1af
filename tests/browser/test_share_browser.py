"""Share links and report downloads in headless Chromium, checked on what a person sees."""

from __future__ import annotations

import io
import re
import subprocess
from html import escape
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from tests_paths import questionnaire

from model.inputs import share

from .conftest import ROOT, VIEWPORT, open_app, screenshot, wait_idle

Q = questionnaire()
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
    assert urlsplit(other.url).path == "/shared"  # its own address, not the Report page's
    expect(main(other).get_by_text(s("share_view_complete"))).to_be_visible()
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
    expect(main(page).locator("h1").first).to_have_text(s("share_view_title"))
    error = main(page).locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("链接在复制时被截断或改动")
    expect(error).to_contain_text("您当前的答案没有任何改变")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, screenshots_dir / "shared_link_broken_zh.png")


def download(page: Page, label: str, target, name: str = "report") -> bytes:
    """Click a download button (the file is built on the click) and keep what the browser receives."""
    with page.expect_download(timeout=120_000) as info:
        main(page).get_by_role("button", name=label).click()
    got = info.value
    suffix = target.suffix
    assert re.fullmatch(rf"brokereco-{name}-\d{{4}}-\d{{2}}-\d{{2}}\{suffix}", got.suggested_filename)
    got.save_as(target)
    return target.read_bytes()


def download_report(page: Page, label: str, target) -> str:
    return download(page, label, target).decode("utf-8")


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


@pytest.mark.extended  # the HTML report itself: tests/test_report.py, tests/test_report_page.py
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


def pdf_first_pages(path, out_prefix) -> str:
    """The PDF opens: its first two pages as PNG (looked at in review) and its text layer."""
    subprocess.run(
        ["pdftoppm", "-r", "70", "-f", "1", "-l", "2", "-png", str(path), str(out_prefix)], check=True
    )
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_download_the_pdf_and_the_workbook(page: Page, app_url, screenshots_dir, tmp_path):
    open_app(page, app_url)
    load_example(page)
    nav(page, "page_report")
    expect(main(page).get_by_role("button", name=s("dl_pdf"))).to_be_visible()
    screenshot(page, screenshots_dir / "report_downloads_zh.png")
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    page.screenshot(path=str(screenshots_dir / "report_downloads_zh_phone.png"))
    page.set_viewport_size(VIEWPORT)

    pdf = download(page, s("dl_pdf"), tmp_path / "report_zh.pdf")
    assert pdf.startswith(b"%PDF-") and len(pdf) <= 3 * 1024 * 1024
    text = pdf_first_pages(tmp_path / "report_zh.pdf", screenshots_dir / "report_pdf_zh")
    assert "示例·华东综合证券" in text and "能力得分" in text and "目录" in text

    xlsx = download(page, s("dl_xlsx"), tmp_path / "plan_zh.xlsx", name="plan")
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames[:4] == ["概要", "能力得分", "综合指数", "答案"]
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]

    page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text="English").click()
    wait_idle(page)
    expect(main(page).locator("h1").first).to_have_text(s("page_report", "en"))
    screenshot(page, screenshots_dir / "report_downloads_en.png")
    download(page, s("dl_pdf", "en"), tmp_path / "report_en.pdf")
    text = pdf_first_pages(tmp_path / "report_en.pdf", screenshots_dir / "report_pdf_en")
    assert "Capability scores" in text and "Contents" in text and "能力得分" not in text
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
