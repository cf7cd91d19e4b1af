"""Workshop mode in headless Chromium: a facilitator and three participants, each in their own browser
context (their own Streamlit session), against a real store — an SQLite file, and PostgreSQL when
reachable (required under CI=true). Assertions are on what each person sees."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from tests_paths import questionnaire
from workshop_data import team

from storage import db, keys
from storage import workshops as store

from .conftest import ROOT, new_page, open_app, open_select, screenshot, start_streamlit, stop, wait_idle

STRINGS = yaml.safe_load((ROOT / "ui" / "strings_workshop.yaml").read_text(encoding="utf-8"))
BASE_STRINGS = yaml.safe_load((ROOT / "ui" / "strings.yaml").read_text(encoding="utf-8"))
Q = questionnaire()
CAPITAL = Q.questions_in("capital")[:3]  # enough to disagree on; every click costs a rerun
PEOPLE = [("王芳", 1), ("陈刚", 2), ("Lisa", 0)]  # (name, role position in the selectbox: 0 = none)


def s(key: str, lang: str = "zh") -> str:
    return (STRINGS.get(key) or BASE_STRINGS[key])[lang]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def workshop_app(request, tmp_path_factory, app_server):
    """A Streamlit server and its workshop store. SQLite: this worker's shared app server, whose store is
    an SQLite file in its data directory (each test makes its own workshop, found by its id); PostgreSQL:
    a server of its own on a fresh schema (set through the env var)."""
    from workshop_db import database, sqlite_url

    with contextlib.ExitStack() as cleanup:
        if request.param == "sqlite":
            base, data_dir = app_server
            url = sqlite_url(data_dir)
            cleanup.callback(db.dispose_all)
        else:
            tmp = tmp_path_factory.mktemp(f"workshop_{request.param}")
            url = cleanup.enter_context(database(request.param, tmp))
            try:
                proc, base = start_streamlit("app.py", tmp / "app.log", env={db.URL_ENV: url})
            except RuntimeError as exc:
                pytest.fail(str(exc), pytrace=False)
            cleanup.callback(stop, proc)
        yield base, url, request.param


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def click(page: Page, label: str) -> None:
    main(page).get_by_role("button", name=label).click()
    wait_idle(page)


def download(page: Page, label: str) -> bytes:
    with page.expect_download() as info:
        main(page).get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()  # the export buttons do not rerun (on_click="ignore")


def join_code(page: Page) -> str:
    return page.locator(".st-key-ws_join_code").inner_text().replace(" ", "").strip()


def pick(page: Page, qid: str, index: int) -> None:
    box = page.locator(f".st-key-question_{qid}")
    box.locator('[data-testid="stRadioOption"]').nth(index).click()
    wait_idle(page)
    expect(box.locator('input[type="radio"]').nth(index)).to_be_checked()


def create_workshop(page: Page, base: str, title: str, anonymity: str = "named") -> tuple[str, str, str]:
    """As the facilitator: open the app, go to the workshop page, create one; (code, id, key)."""
    open_app(page, base)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=s("page_workshop")).click()
    wait_idle(page)
    main(page).get_by_label(s("ws_title_label")).fill(title)
    if anonymity != "named":
        main(page).get_by_text(s(f"ws_anonymity_{anonymity}"), exact=True).click()
    click(page, s("ws_create_button"))
    expect(page.locator(".st-key-ws_join_code")).to_be_visible()
    assert "key=" not in page.url  # the key is in the session, not the address bar
    expect(page.locator(".st-key-ws_private_link")).to_have_count(0)  # hidden until asked for
    click(page, s("ws_show_private_link"))
    link = page.locator(".st-key-ws_private_link code").inner_text()
    params = parse_qs(urlparse(link).query)
    click(page, s("ws_hide_private_link"))
    return join_code(page), params["workshop"][0], params["key"][0]


def join_and_answer(page: Page, base: str, code: str, name: str, role: int, level: int) -> None:
    """As a participant: open the join link, give a name and role, answer capital questions, submit."""
    page.goto(f"{base}/workshop?join={code}")
    wait_idle(page)
    expect(main(page).get_by_text(s("ws_anonymity_named_note"))).to_be_visible()
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)  # a focused page
    main(page).get_by_label(s("ws_name_label")).fill(name)
    if role:
        open_select(page, main(page).locator('[data-testid="stSelectbox"]'))
        page.locator(f'[role="listbox"] [role="option"][data-key="{role}"]').click()
    click(page, s("ws_join_button"))
    expect(page.locator(".st-key-ws_submit_panel")).to_be_visible()
    expect(main(page).get_by_text(name).first).to_be_visible()
    click(page, s("next_section"))  # profile → capital
    for question in CAPITAL:
        pick(page, question.id, min(level, len(question.options) - 1))
    click(page, s("ws_submit"))
    expect(page.locator(".st-key-ws_submit_panel [data-testid='stAlertContentSuccess']")).to_contain_text(
        "已于"
    )


# ---------------------------------------------------------------- the session


@pytest.mark.parametrize("workshop_app", ["sqlite"], indirect=True)  # PostgreSQL: test_workshop_servers
def test_facilitator_and_three_participants(workshop_app, browser):
    base, url, kind = workshop_app
    contexts = []

    def person() -> Page:
        context, pg = new_page(browser)
        contexts.append(context)
        return pg

    try:
        facilitator = person()
        code, wid, key = create_workshop(facilitator, base, f"浏览器测试 · {kind}")
        assert len(code) == keys.CODE_LENGTH
        expect(facilitator.locator(".st-key-ws_live_count")).to_contain_text("0 / 0")

        participants = [person() for _ in PEOPLE]
        for level, (pg, (name, role)) in enumerate(zip(participants, PEOPLE, strict=True)):
            join_and_answer(pg, base, code, name, role, level)

        # the first participant changes their mind and resubmits: updated, not duplicated
        first = participants[0]
        pick(first, CAPITAL[0].id, len(CAPITAL[0].options) - 1)
        expect(first.get_by_text(s("ws_changed_since"))).to_be_visible()
        click(first, s("ws_resubmit"))
        expect(first.get_by_text(s("ws_changed_since"))).to_have_count(0)

        click(facilitator, s("ws_refresh"))
        expect(facilitator.locator(".st-key-ws_live_count")).to_contain_text("3 / 3")
        expect(main(facilitator).get_by_role("heading", name=s("ws_spread_header"))).to_be_visible()
        expect(main(facilitator).locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        contested = facilitator.locator(".st-key-ws_contested")
        expect(contested).to_contain_text(CAPITAL[0].text.zh)
        main(facilitator).get_by_text(s("ws_participants_header").format(n=3)).click()  # an expander
        text = download(facilitator, s("ws_export_csv")).decode("utf-8-sig")
        lines = [r for r in csv.DictReader(io.StringIO(text)) if r["question_id"] == CAPITAL[0].id]
        assert sorted(r["name"] for r in lines) == sorted(name for name, _ in PEOPLE)
        assert all(r["question"] == CAPITAL[0].text.zh for r in lines)  # labels, ids in their own column
        assert all(r["answer"] == CAPITAL[0].option(r["answer_id"]).label.zh for r in lines)
        report = download(facilitator, s("ws_export_report")).decode("utf-8")
        assert report.startswith("# 浏览器测试 · ") and "提交人数: 3" in report
        html = download(facilitator, s("ws_export_html")).decode("utf-8")
        assert html.startswith("<!DOCTYPE html>") and "浏览器测试 · " in html
        book = load_workbook(io.BytesIO(download(facilitator, s("ws_export_xlsx"))))
        assert book.sheetnames[0] == s("ws_sheet_submissions") and len(book.sheetnames) >= 5

        # a fourth person with only the join code sees a join form, nothing of the others
        outsider = person()
        outsider.goto(f"{base}/workshop?join={code}")
        wait_idle(outsider)
        expect(main(outsider).get_by_label(s("ws_name_label"))).to_be_visible()
        expect(outsider.locator(".st-key-ws_live_count")).to_have_count(0)
        for name, _ in PEOPLE:
            expect(main(outsider).get_by_text(name)).to_have_count(0)
        expect(main(outsider).get_by_text(s("ws_spread_header"))).to_have_count(0)
    finally:
        for context in contexts:
            context.close()

    rows = store.all_submissions(db.get_engine(url), wid, key)
    assert sorted(r.name for r in rows) == sorted(name for name, _ in PEOPLE)
    revisions = {r.name: r.revision for r in rows}
    assert revisions == {"王芳": 2, "陈刚": 1, "Lisa": 1}
    (first_row,) = [r for r in rows if r.name == "王芳"]
    assert first_row.answers[CAPITAL[0].id] == CAPITAL[0].options[-1].value
    assert {r.role for r in rows} == {"cto", "cro", None}


@pytest.mark.extended
@pytest.mark.parametrize("workshop_app", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_of_the_dashboard_and_the_participant_view(workshop_app, browser, screenshots_dir, lang):
    """A team of twelve (seeded through the store), then what the facilitator and a participant see."""
    base, url, _ = workshop_app
    engine = db.get_engine(url)
    title = {
        "zh": "华东区域券商 · 生态合作战略研讨会",
        "en": "East China regional broker · ecosystem offsite",
    }[lang]
    made = store.create_workshop(engine, title, lang, Q.id, Q.version)
    for member in team(Q, 12, seed=21):
        store.submit(
            engine,
            made.workshop.id,
            keys.new_token(),
            member["answers"],
            member["name"],
            member["role"],
            member["ahp"],
        )

    context, facilitator = new_page(browser, timezone_id="Asia/Shanghai")
    try:
        facilitator.goto(f"{base}/workshop?workshop={made.workshop.id}&key={made.key}&lang={lang}")
        wait_idle(facilitator)
        expect(facilitator.locator(".st-key-ws_live_count")).to_contain_text("12")
        expect(main(facilitator).get_by_role("heading", name=s("ws_contested_header", lang))).to_be_visible()
        facilitator.wait_for_timeout(800)  # charts finish their first layout
        assert "key=" not in facilitator.url  # moved into the session on the first visit
        facilitator.set_viewport_size({"width": 1440, "height": 900})  # what the projector shows
        facilitator.wait_for_timeout(500)
        facilitator.screenshot(path=str(screenshots_dir / f"workshop_projector_{lang}.png"))
        screenshot(facilitator, screenshots_dir / f"workshop_facilitator_{lang}.png")
    finally:
        context.close()

    context, participant = new_page(browser, timezone_id="Asia/Shanghai")
    try:
        participant.goto(f"{base}/workshop?join={made.workshop.code}&lang={lang}")
        wait_idle(participant)
        main(participant).get_by_label(s("ws_name_label", lang)).fill("Zhang Wei" if lang == "en" else "张伟")
        click(participant, s("ws_join_button", lang))
        click(participant, s("next_section", lang))
        for question in CAPITAL[:2]:
            pick(participant, question.id, 1)
        click(participant, s("ws_submit", lang))
        expect(participant.locator(".st-key-ws_submit_panel")).to_contain_text(s("ws_resubmit", lang))
        screenshot(participant, screenshots_dir / f"workshop_participant_{lang}.png")
        participant.set_viewport_size({"width": 390, "height": 844})  # a phone
        participant.wait_for_timeout(500)
        participant.screenshot(path=str(screenshots_dir / f"workshop_participant_{lang}_phone.png"))
    finally:
        context.close()
