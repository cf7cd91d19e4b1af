"""Two rounds with a reveal (Delphi) on two app servers sharing one PostgreSQL database: the facilitator
on one server, three participants on the other, each in their own browser. The workshop is anonymous,
so the store must end up holding no name at all. PostgreSQL is required under CI=true."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from storage import db
from storage import workshops as store
from storage.schema import participants
from ui.workshop_participant import POLL_EVERY

from .conftest import new_page, screenshot, start_streamlit, stop, wait_idle
from .test_workshop_browser import CAPITAL, click, create_workshop, main, pick, s

LEVELS = (0, 2, 4)  # round 1: three people far apart on each capital question
AGREED = 2  # round 2: they converge on the middle option
# A participant's page polls the store (an st.fragment with run_every: a setInterval in the page). Their
# browsers run on Playwright's fake clock, so the test moves time on by one poll instead of sleeping it.
POLL_MS = POLL_EVERY.total_seconds() * 1000


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    from workshop_db import database

    tmp = tmp_path_factory.mktemp("two_servers")
    with database("postgresql", tmp) as url:
        procs = []
        try:
            for name in ("a", "b"):
                procs.append(start_streamlit("app.py", tmp / f"app_{name}.log", env={db.URL_ENV: url}))
        except RuntimeError as exc:
            pytest.fail(str(exc), pytrace=False)
        yield [base for _, base in procs], url
        for proc, _ in procs:
            stop(proc)


def join_anonymously(page: Page, base: str, code: str) -> None:
    page.goto(f"{base}/workshop?join={code}")
    wait_idle(page)
    expect(main(page).get_by_text(s("ws_anonymity_anonymous_note"))).to_be_visible()  # told first
    expect(main(page).get_by_label(s("ws_name_label"))).to_have_count(0)  # and never asked a name
    click(page, s("ws_join_button"))
    expect(page.locator(".st-key-ws_submit_panel")).to_be_visible()
    click(page, s("next_section"))  # profile → capital


def submit(page: Page) -> None:
    click(page, s("ws_submit"))
    expect(page.locator(".st-key-ws_submit_panel [data-testid='stAlertContentSuccess']")).to_be_visible()


def test_two_rounds_with_a_reveal_on_two_servers(two_servers, browser, screenshots_dir):
    (server_a, server_b), url = two_servers
    contexts = []

    def person(clock: bool = False) -> Page:
        context, pg = new_page(browser, timezone_id="Asia/Shanghai")
        contexts.append(context)
        if clock:
            pg.clock.install()  # time flows as usual until fast_forward
        return pg

    def next_poll(pg: Page) -> None:
        pg.clock.fast_forward(POLL_MS)

    try:
        facilitator = person()
        code, wid, key = create_workshop(facilitator, server_b, "德尔菲两轮 · 两台服务器", "anonymous")
        people = [person(clock=True) for _ in LEVELS]

        # round 1 on server A: each answers alone and sees nothing of the others
        for pg, level in zip(people, LEVELS, strict=True):
            join_anonymously(pg, server_a, code)
            expect(main(pg).get_by_text(s("ws_round1_participant"), exact=False)).to_be_visible()
            for question in CAPITAL:
                pick(pg, question.id, min(level, len(question.options) - 1))
            submit(pg)
        expect(main(people[0]).get_by_text("第 1 轮团队")).to_have_count(0)

        # the facilitator on server B sees all three (live count), then reveals
        expect(facilitator.locator(".st-key-ws_live_count")).to_contain_text("3 / 3")
        click(facilitator, s("ws_refresh"))
        expect(facilitator.locator(".st-key-ws_contested")).to_contain_text(CAPITAL[0].text.zh)
        click(facilitator, s("ws_reveal"))
        expect(facilitator.get_by_text(s("ws_step_revealed"))).to_be_visible()

        # participants' pages notice on their own (their poll), and show round 1's counts
        for pg in people:
            next_poll(pg)
            expect(main(pg).get_by_text(s("ws_revealed_participant"))).to_be_visible(timeout=40_000)
            wait_idle(pg)
            expect(main(pg).get_by_text("第 1 轮团队（3 人作答）").first).to_be_visible()

        click(facilitator, s("ws_open_round2"))
        expect(facilitator.get_by_text(s("ws_step_round2_open").format(n=0))).to_be_visible()

        # round 2: everyone starts from their own answers, moves to the middle and submits again
        for pg, level in zip(people, LEVELS, strict=True):
            next_poll(pg)
            expect(main(pg).get_by_text(s("ws_round2_participant"))).to_be_visible(timeout=40_000)
            wait_idle(pg)
            box = pg.locator(f".st-key-question_{CAPITAL[0].id}")
            expect(
                box.locator('input[type="radio"]').nth(min(level, len(CAPITAL[0].options) - 1))
            ).to_be_checked()
            for question in CAPITAL:
                if min(level, len(question.options) - 1) != AGREED:
                    pick(pg, question.id, AGREED)
            submit(pg)
        screenshot(people[0], screenshots_dir / "workshop_round2_participant_zh.png")

        # the facilitator sees the convergence between the rounds
        click(facilitator, s("ws_refresh"))
        expect(facilitator.locator(".st-key-ws_live_count")).to_contain_text("3 / 3")
        expect(main(facilitator).get_by_role("heading", name=s("ws_convergence_header"))).to_be_visible()
        expect(main(facilitator).get_by_text("分歧缩小了", exact=False)).to_be_visible()
        expect(facilitator.get_by_text(s("ws_still_contested_none"))).to_be_visible()
        screenshot(facilitator, screenshots_dir / "workshop_round2_facilitator_zh.png")

        # a participant's browser, reopened: asked who they are, then their round 2 answers are back
        people[1].reload()
        wait_idle(people[1])
        expect(people[1].locator(".st-key-ws_are_you")).to_be_visible()
        click(people[1], s("ws_are_you_yes"))
        expect(
            people[1].locator(".st-key-ws_submit_panel [data-testid='stAlertContentSuccess']")
        ).to_be_visible()
    finally:
        for context in contexts:
            context.close()

    engine = db.get_engine(url)
    rows = store.all_submissions(engine, wid, key)
    assert sorted(r.round for r in rows) == [1, 1, 1, 2, 2, 2]  # both rounds kept, nothing lost
    for r in rows:
        if r.round == 2:
            assert all(r.answers[q.id] == q.options[AGREED].value for q in CAPITAL)
    with engine.connect() as conn:
        names = conn.execute(select(participants.c.name).where(participants.c.workshop_id == wid)).scalars()
        assert list(names) == [None, None, None]  # an anonymous workshop stores no name
