"""AppTest of the Roadmap page (issues 11-13): the dated plan renders in zh and en without raw ids, and
the action table's edits (owner, status, due) land in the answers document and come back on reload."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, EXAMPLES

from model import load_answers
from model.inputs.answers import ActionTracking, parse_answers, to_document
from ui import state

PHASE1 = "p1_strategy_partner"


def roadmap(q, lang="zh", example="4_small", plan=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = lang
    loaded = load_answers(EXAMPLES / f"{example}.yaml", q)
    at.session_state["answers"] = dict(loaded.answers)
    at.session_state["meta"] = dict(loaded.meta)
    if plan is not None:
        at.session_state[state.PLAN] = plan
    at.run()
    return at.switch_page("pages/roadmap.py").run()


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dated_plan_renders(q, lang):
    at = roadmap(q, lang)
    no_errors(at)
    assert "2026-11-25" in at.markdown[0].value  # the example's assessment date, not 2025
    tabs = [tab.label for tab in at.tabs]
    assert len(tabs) == 4  # two phases for a 1–3 year horizon, progress, reference
    editors = at.data_editor
    assert len(editors) == 2
    frame = editors[0].value
    assert 3 <= len(frame) <= 8
    assert not any(a.id in " ".join(map(str, frame.to_numpy().ravel())) for a in q.roadmap.actions)
    status = {"zh": "未开始", "en": "Not started"}[lang]
    assert set(frame["status"]) == {status}


def test_editor_edits_are_saved_into_the_answers_document_and_reload(q):
    at = roadmap(q)
    no_errors(at)
    frame = at.data_editor[0].value
    key = f"plan_editor_{PHASE1}__{at.session_state[state.GENERATION]}"
    at.session_state[key] = {
        "edited_rows": {
            0: {"owner": "王五（战略部）", "status": "进行中", "due": "2027-03-31"},
            1: {"status": "已完成"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    no_errors(at)
    saved = at.session_state[state.PLAN]
    assert len(saved) == 2, saved
    (first, tr1), (second, tr2) = sorted(saved.items(), key=lambda kv: kv[1].status != "in_progress")
    assert tr1 == ActionTracking("王五（战略部）", None, date(2027, 3, 31), "in_progress", "")
    assert tr2.status == "done" and not tr2.owner
    assert frame.iloc[0]["action"] and at.data_editor[0].value.iloc[0]["owner"] == "王五（战略部）"

    # the sidebar's answers file carries them; loading that file brings them back
    answer_set = load_answers(EXAMPLES / "4_small.yaml", q)
    doc = to_document(
        type(answer_set)(answer_set.answers, answer_set.meta, plan=dict(saved)),
        q,
    )
    assert doc["plan"]["actions"][first] == {
        "status": "in_progress",
        "owner": "王五（战略部）",
        "due": "2027-03-31",
    }
    reloaded = parse_answers(doc, q, "file")
    fresh = roadmap(q, plan=dict(reloaded.plan))
    no_errors(fresh)
    row = fresh.data_editor[0].value.iloc[0]
    assert row["owner"] == "王五（战略部）" and row["status"] == "进行中"
    assert str(row["due"])[:10] == "2027-03-31"
    assert fresh.metric[0].value.startswith("1 /")  # done count in the summary


def test_overdue_actions_are_flagged(q):
    past = {"p1_define_positioning": ActionTracking(due=date(2026, 11, 30), status="in_progress")}
    at = roadmap(q, plan=past)
    no_errors(at)
    assert at.metric[1].value == "1"
    assert any("已过截止日期" in e.value for e in at.error)


def test_a_due_date_before_the_start_is_refused_and_nothing_else_is_lost(q):
    at = roadmap(q)
    key = f"plan_editor_{PHASE1}__{at.session_state[state.GENERATION]}"
    at.session_state[key] = {
        "edited_rows": {0: {"owner": "赵六", "due": "2020-01-31"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    no_errors(at)
    assert any("截止日期早于开始日期" in w.value for w in at.warning)
    (tracked,) = at.session_state[state.PLAN].values()
    assert tracked.owner == "赵六" and tracked.due is None  # the owner is kept, the bad date is not
