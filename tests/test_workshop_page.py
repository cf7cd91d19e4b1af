"""AppTest of the workshop page on a real SQLite store: create → join → submit → dashboard, the roles
(a join code never reaches the dashboard, a wrong key is refused), closing, deleting, and a store
failure that loses nothing."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, questionnaire
from workshop_data import team

from reporting import escape
from storage import NotFound, db, keys
from storage import workshops as store
from ui import workshop_common
from ui.workshop_common import FACILITATOR, PARTICIPANT

PAGE = "pages/workshop.py"
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test"
Q = questionnaire()


@pytest.fixture
def url(tmp_path, monkeypatch):
    """Every AppTest run in this process uses a fresh SQLite store through the env var."""
    value = f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    monkeypatch.setenv(db.URL_ENV, value)
    yield value
    db.dispose_all()


def open_page(lang: str = "zh", **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(PAGE).run()  # straight to the page: one run instead of home + switch
    no_errors(at)
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def has(at: AppTest, key: str) -> bool:
    try:
        at.get_by_key(key)
    except KeyError:
        return False
    return True


def texts(at: AppTest) -> str:
    """Everything a person could read on the page."""
    parts = []
    for kind in ("markdown", "caption", "subheader", "title", "success", "error", "warning", "info", "code"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(m.value) for m in at.metric]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    for table in at.table:
        parts.append(table.value.to_csv())
    return "\n".join(parts)


def create(title: str = "华东区域战略会", lang: str = "zh") -> tuple[AppTest, str, str]:
    at = open_page(lang)
    at.text_input[0].input(title)
    at.button[0].click().run()  # the create form's submit button comes first
    no_errors(at)
    assert "key" not in at.query_params  # the key lives in the session, never in the address bar
    fac = at.session_state[FACILITATOR]
    return at, fac["id"], fac["key"]


def join(code: str, name: str = "", role_index: int = 0, lang: str = "zh") -> AppTest:
    at = open_page(lang, join=code)
    if name:
        at.text_input[0].input(name)
    at.selectbox[0].select_index(role_index)
    at.button[0].click().run()
    no_errors(at)
    assert "p" not in at.query_params  # the participant's identity is never in the link
    assert at.session_state[PARTICIPANT]["token"]
    return at


def code_of(workshop_id: str, key: str, url: str) -> str:
    return store.facilitator_workshop(db.get_engine(url), workshop_id, key).code


# ---------------------------------------------------------------- the journey


def test_create_join_submit_and_see_the_count(url):
    fac, wid, key = create()
    assert len(key) >= 40 and keys.valid_workshop_id(wid)
    code = code_of(wid, key, url)
    assert f"# {keys.display_code(code)}" in texts(fac)
    assert any("还没有人提交" in i.value for i in fac.info)
    assert fac.image, "the QR code"

    me = join(code, "李明", role_index=1)  # cto
    assert "李明" in texts(me)
    me.radio(key="q_institution_type__0").set_value("regional_broker").run()
    me.button(key="ws_submit").click().run()
    no_errors(me)
    assert "已于" in me.success[0].value and "提交" in me.success[0].value
    assert me.session_state["answers"]["institution_type"] == "regional_broker"

    fac.button(key="ws_refresh").click().run()
    no_errors(fac)
    assert has(fac, "ws_live_count")
    assert [m.value for m in fac.metric][0] == "1 / 1"
    assert "首席技术官（CTO）" in texts(fac)  # the by-role table and the participants list
    assert len(fac.get("vega_lite_chart")) >= 2


def test_resubmitting_updates_the_participants_row(url):
    fac, wid, key = create()
    me = join(code_of(wid, key, url))
    me.radio(key="q_institution_type__0").set_value("regional_broker").run()
    me.button(key="ws_submit").click().run()
    me.radio(key="q_institution_type__0").set_value("head_broker").run()
    assert any("修改过答案" in c.value for c in me.caption)
    me.button(key="ws_submit").click().run()
    no_errors(me)
    (row,) = store.all_submissions(db.get_engine(url), wid, key)
    assert row.answers["institution_type"] == "head_broker" and row.revision == 2


def test_a_returning_browser_is_asked_and_a_forwarded_link_prefills_nothing(url, monkeypatch):
    fac, wid, key = create()
    code = code_of(wid, key, url)
    me = join(code, "Ann", lang="en")
    me.radio(key="q_institution_type__0").set_value("internet_broker").run()
    me.button(key="ws_submit").click().run()
    token = me.session_state[PARTICIPANT]["token"]

    # the old link format, pasted to a colleague: their browser has no cookie, they join afresh
    other = open_page("en", join=code, p=token)
    assert "p" not in other.query_params
    assert other.session_state["answers"] == {} and has(other, "ws_join_form")
    assert "Ann" not in texts(other)

    # Ann's own browser, reopened: its cookie (the browser test sets a real one) makes the page ask
    monkeypatch.setattr(workshop_common, "cookie_token", lambda _wid: token)
    again = open_page("en", join=code)
    assert "Are you Ann?" in texts(again) and again.session_state["answers"] == {}
    again.button(key="ws_are_you_no").click().run()
    assert has(again, "ws_join_form") and again.session_state["answers"] == {}
    again = open_page("en", join=code)
    again.button(key="ws_are_you_yes").click().run()
    no_errors(again)
    assert again.session_state["answers"]["institution_type"] == "internet_broker"
    assert "Submitted at" in again.success[0].value


def test_the_page_renders_in_english(url):
    at = open_page("en")
    assert at.title[0].value == "Workshop"
    assert "Create a workshop (facilitator)" in texts(at)
    fac, wid, key = create("Offsite", lang="en")
    assert "Join code" in texts(fac)


# ---------------------------------------------------------------- roles


def test_a_join_code_never_shows_the_dashboard_or_other_answers(url):
    fac, wid, key = create()
    code = code_of(wid, key, url)
    engine = db.get_engine(url)
    for member in team(Q, 3, seed=2):
        store.submit(engine, wid, keys.new_token(), member["answers"], "秘密的名字", member["role"])
    me = join(code)
    page = texts(me)
    assert "秘密的名字" not in page
    for heading in ("各维度得分分布", "分歧最大的题目", "团队结果", "已提交"):
        assert heading not in page
    assert not has(me, "ws_live_count") and not me.get("vega_lite_chart")
    assert me.session_state["answers"] == {}  # nobody else's answers were loaded
    # the code in the facilitator's place does not open anything either
    as_key = open_page(workshop=wid, key=code)
    assert any("主持人链接无效" in e.value for e in as_key.error)
    assert not has(as_key, "ws_live_count")


def test_a_wrong_key_is_refused(url):
    fac, wid, key = create()
    code = keys.display_code(code_of(wid, key, url))
    for wrong in (key[:-1] + ("A" if key[-1] != "A" else "B"), "x", ""):
        at = open_page(workshop=wid, key=wrong) if wrong else open_page(workshop=wid)
        assert code not in texts(at) and not has(at, "ws_join_code")
        assert not has(at, "ws_live_count")
        assert has(at, "ws_create_panel")  # back to create / join
    at = open_page(workshop="0" * 16, key=key)
    assert any("主持人链接无效" in e.value for e in at.error)


def test_an_unknown_code_says_so(url):
    at = open_page(join="ZZZZZZ")
    assert any("没有找到" in e.value for e in at.error)
    at = open_page()
    at.text_input[1].input("l0l0")  # malformed: wrong length and ambiguous characters
    at.button[1].click().run()
    assert any("0、O、1、I、L" in e.value for e in at.error)


# ---------------------------------------------------------------- facilitator actions


def test_close_reopen_export_and_delete(url):
    fac, wid, key = create("Export test")
    code = code_of(wid, key, url)
    engine = db.get_engine(url)
    for k, member in enumerate(team(Q, 5, seed=4)):
        store.submit(engine, wid, keys.new_token(), member["answers"], f"P{k}", member["role"], member["ahp"])
    me = join(code)
    fac.button(key="ws_refresh").click().run()
    no_errors(fac)
    assert [m.value for m in fac.metric][0] == "5 / 6"

    for name in ("ws_export_csv", "ws_export_report", "ws_export_xlsx", "ws_export_html"):
        assert has(fac, name), name
        assert not fac.get_by_key(name).proto.disabled, name  # five submissions: every export is offered
    fac.button(key="ws_close").click().run()
    no_errors(fac)
    assert any("已结束" in s.value for s in fac.success)
    me.radio(key="q_institution_type__0").set_value("regional_broker").run()
    me.run()  # the poll's full rerun (AppTest's tree holds only the fragments a keyed rerun redrew)
    assert any("工作坊已结束" in w.value for w in me.warning)
    assert me.button(key="ws_submit").disabled

    fac.button(key="ws_reopen").click().run()
    me.run()
    assert not me.button(key="ws_submit").disabled

    assert fac.button(key="ws_delete").disabled
    fac.checkbox(key="ws_delete_confirm").check().run()
    fac.button(key="ws_delete").click().run()
    no_errors(fac)
    assert any("已删除" in s.value for s in fac.success)
    assert "workshop" not in fac.query_params
    assert has(fac, "ws_create_panel")
    with pytest.raises(NotFound):
        store.workshop_by_code(engine, code)
    # the participant keeps their questionnaire and the download, and is told why
    me.session_state[workshop_common.WORKSHOP_CACHE] = None  # their cached row expires
    me.run()
    no_errors(me)
    assert any("主持人已删除" in w.value for w in me.warning)
    assert has(me, "ws_download_answers") and not has(me, "ws_submit")
    assert me.session_state["answers"]["institution_type"] == "regional_broker"


def test_exports_carry_every_submission(url, q):
    from model.workshop.group import Submission, summarise
    from reporting.workshop_export import group_report, submissions_csv
    from ui.i18n import tr

    fac, wid, key = create("=HYPERLINK(evil)")
    engine = db.get_engine(url)
    members = team(Q, 4, seed=9)
    for k, member in enumerate(members):
        store.submit(
            engine, wid, keys.new_token(), member["answers"], f"=cmd{k}", member["role"], member["ahp"]
        )
    rows = store.all_submissions(engine, wid, key)
    lines = list(csv.DictReader(io.StringIO(submissions_csv(q, rows, "en").decode("utf-8-sig"))))
    answered = sum(1 for m in members for v in m["answers"].values() if v is not None)
    assert len(lines) == answered  # one line per answer
    assert list(lines[0])[:4] == ["name", "role", "role_id", "submitted_at_utc"]
    assert list(lines[0])[-1] == "ahp_judgements"
    assert {line["name"] for line in lines} == {f"'=cmd{k}" for k in range(len(members))}  # no formulas
    arch = next(line for line in lines if line["question_id"] == "tech_architecture")
    question = q.question("tech_architecture")
    assert arch["question"] == question.text.en
    assert arch["answer"] == question.option(arch["answer_id"]).label.en  # label, id in its own column
    summary = summarise(q, [Submission(r.answers, r.role, r.ahp) for r in rows])
    report = group_report(q, "=HYPERLINK(evil)", "2025-06-01", summary, "en", lambda k, **p: tr(k, "en", **p))
    assert report.startswith("# " + escape.md("=HYPERLINK(evil)"))
    assert "Submissions: 4" in report and "Most contested questions" in report
    assert "not investment or legal advice" in report


# ---------------------------------------------------------------- store failure


def test_a_store_failure_keeps_the_answers_and_retry_works(url, monkeypatch):
    fac, wid, key = create()
    me = join(code_of(wid, key, url))
    me.radio(key="q_institution_type__0").set_value("regional_broker").run()

    monkeypatch.setenv(db.URL_ENV, UNREACHABLE)  # the database goes away
    me.button(key="ws_submit").click().run()
    no_errors(me)
    assert any("无法连接工作坊数据库" in e.value for e in me.error)
    assert me.session_state["answers"]["institution_type"] == "regional_broker"
    assert has(me, "ws_download_answers")
    retry = me.button(key="ws_retry_submit")

    monkeypatch.setenv(db.URL_ENV, url)  # it is back
    retry.click().run()
    no_errors(me)
    assert "已于" in me.success[0].value
    (row,) = store.all_submissions(db.get_engine(url), wid, key)
    assert row.answers == {"institution_type": "regional_broker"}


def test_the_dashboard_says_so_when_the_store_is_down(url, monkeypatch):
    fac, wid, key = create()
    monkeypatch.setenv(db.URL_ENV, UNREACHABLE)
    at = open_page(workshop=wid, key=key)
    assert any("无法连接工作坊数据库" in e.value for e in at.error)
    assert at.button(key="ws_fac_retry") is not None
    monkeypatch.setenv(db.URL_ENV, url)
    at.button(key="ws_fac_retry").click().run()
    assert has(at, "ws_live_count")


def test_optional_readiness_judgements_travel_with_the_submission(url):
    fac, wid, key = create()
    me = join(code_of(wid, key, url))
    me.radio(key="q_institution_type__0").set_value("regional_broker").run()
    me.run()  # AppTest's tree holds only the fragments the answer's keyed rerun redrew
    me.toggle(key="ws_ahp_toggle").set_value(True).run()
    me.select_slider(key="ws_ahp_judgements_resource_synergy|user_value_0").set_value(-2).run()  # 3 : 1
    no_errors(me)
    assert any("资源协同指数" in c.value and "%" in c.value for c in me.caption)
    me.button(key="ws_submit").click().run()
    (row,) = store.all_submissions(db.get_engine(url), wid, key)
    assert row.ahp[0][1] == pytest.approx(3.0) and row.ahp[1][0] == pytest.approx(1 / 3)
    fac.button(key="ws_refresh").click().run()
    assert any("1 位参与者给出了判断" in c.value for c in fac.caption)


def test_a_deadline_is_set_shown_and_must_lie_ahead(url):
    from datetime import date, time, timedelta

    at = open_page()
    at.text_input[0].input("Timed")
    at.checkbox[0].check()
    at.date_input[0].set_value(date.today())
    at.time_input[0].set_value(time(0, 0))
    at.button[0].click().run()
    assert any("截止时间已经过去" in e.value for e in at.error)
    assert "workshop" not in at.query_params
    at.date_input[0].set_value(date.today() + timedelta(days=30))
    at.button[0].click().run()
    no_errors(at)
    assert any("截止于" in c.value for c in at.caption)
    fac = at.session_state[FACILITATOR]
    me = join(code_of(fac["id"], fac["key"], url))
    assert any("截止于" in c.value for c in me.caption)


def test_the_database_url_can_come_from_streamlit_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv(db.URL_ENV, raising=False)
    monkeypatch.setenv(db.DATA_DIR_ENV, str(tmp_path / "not-used"))
    url = f"sqlite:///{tmp_path / 'from-secrets.sqlite3'}"
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.secrets["database_url"] = url
    at.switch_page(PAGE).run()
    at.text_input[0].input("Secrets")
    at.button[0].click().run()
    no_errors(at)
    wid, key = at.session_state[FACILITATOR]["id"], at.session_state[FACILITATOR]["key"]
    assert store.facilitator_workshop(db.get_engine(url), wid, key).title == "Secrets"
    assert not (tmp_path / "not-used").exists()
    db.dispose_all()


def test_the_spread_chart_carries_boxes_not_every_participant(q):
    from reporting.workshop_charts import POINTS_UP_TO, box_stats, dimension_spread

    assert box_stats([10, 20, 30, 40, 50]) == {
        "low": 10,
        "q1": 20,
        "median": 30,
        "q3": 40,
        "high": 50,
        "n": 5,
    }
    names = [q.dimension(d).name.zh for d in ("capital", "data")]
    small = dimension_spread(
        {n: [10.0, 50.0, 90.0] for n in names}, {names[0]: 40.0, names[1]: None}, "得分", "团队"
    )
    rows = [len(v) for v in small.to_dict()["datasets"].values()]
    assert sorted(rows) == [1, 2, 6]  # group ticks, boxes, the dots of three participants x two dimensions
    big = dimension_spread(
        {n: [float(i % 100) for i in range(POINTS_UP_TO + 1)] for n in names}, {}, "y", "g"
    )
    assert [len(v) for v in big.to_dict()["datasets"].values()] == [2]


# ---------------------------------------------------------------- escaping and numbers shown


HOSTILE = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) :red[RED] :material/warning: $x^2$ a|b"


def test_user_text_reaches_markdown_as_text_only(q):
    """A workshop title in the group report and on the page: no HTML, link, directive, KaTeX or cell
    break survives escaping."""
    from model.workshop.group import summarise
    from reporting.workshop_export import group_report
    from ui.i18n import tr

    report = group_report(q, HOSTILE, "2026-12-01", summarise(q, []), "en", lambda k, **p: tr(k, "en", **p))
    heading = report.splitlines()[0]
    assert heading == "# " + escape.md(HOSTILE)  # the shared escaper (tests/test_escape.py)
    assert "<img" not in heading and "[x](" not in heading


def test_readiness_never_rounds_onto_the_band_it_is_below(q):
    from ui.workshop_facilitator import readiness_text

    threshold = next(b.below for b in q.decision_bands if b.below is not None)
    assert readiness_text(threshold - 0.002, q.decision_bands) == f"{threshold - 0.002:.3f}"
    assert readiness_text(threshold + 0.004, q.decision_bands) == f"{threshold + 0.004:.2f}"
    assert readiness_text(None, q.decision_bands) == "—"
