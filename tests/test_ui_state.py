"""AppTest tests of the session-state pieces: partner work in the answer set, one assess() per answers
state, a draft restored from the URL, the exclusive "none of these", the readiness tab's honest start."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, EXAMPLES, questionnaire

import ui.state
from model import load_answers
from model.inputs.answers import to_document
from model.partners import evaluation as pm
from storage import db, drafts

Q = questionnaire()
SINGLE = next(x for x in Q.questions if x.type == "single" and x.dimension not in ("profile", "metrics"))
# a multiple choice with a "none of these" option, in a scored section
MULTI = next(
    x
    for x in Q.questions
    if x.type == "multi"
    and x.dimension not in ("profile", "metrics")
    and any(o.value == "none" for o in x.options)
)


def app(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The app's default store in a tmp dir, as a deployment without a database URL would have."""
    monkeypatch.delenv(db.URL_ENV, raising=False)
    monkeypatch.setenv(db.DATA_DIR_ENV, str(tmp_path / "data"))
    yield db.get_engine(db.database_url())
    db.dispose_all()


def test_a_draft_in_the_url_brings_back_answers_language_indicators_and_partners(store):
    loaded = load_answers(EXAMPLES / "partners" / "leader_with_partners.yaml", Q)
    indicator = Q.risk_register.indicators[0].id
    doc = to_document(loaded, Q)
    doc["meta"]["lang"] = "en"
    doc["indicators"] = {indicator: 7.0}
    draft_id = drafts.new_id()
    drafts.save(store, draft_id, {"format": 1, "answers": doc})
    at = app()
    at.query_params["draft"] = draft_id
    at.run()
    no_errors(at)
    assert at.session_state["lang"] == "en"
    assert at.session_state["answers"] == loaded.answers
    assert at.session_state["indicators"] == {indicator: 7.0}
    rows = at.session_state["partners"]
    assert [r["name"] for r in rows] == [c.name for c in loaded.partners.candidates]
    assert at.session_state["partners_dea_model"] == "bcc"
    assert at.session_state["readiness_judgements"] == loaded.partners.readiness_judgements


def test_an_unknown_draft_starts_fresh_and_says_so(store):
    at = app()
    at.query_params["draft"] = drafts.new_id()
    at.run()
    no_errors(at)
    assert at.session_state["answers"] == {}
    assert any("没有找到这份草稿" in i.value for i in at.info)
    assert "draft" not in at.query_params


def test_partner_rows_and_judgements_are_part_of_the_answer_set():
    candidates = pm.load_examples("zh")
    at = app(partners=[pm.to_row(c) for c in candidates] + [{"name": "half typed"}])
    at.session_state["partner_criteria_judgements"] = {"technology|cost": 5.0}
    at.run()
    at.switch_page("pages/partners.py").run()
    no_errors(at)
    # what the sidebar's "save answers" and the draft write (rows with problems stay on the page only)
    partners = at.session_state["_live_document"]["doc"]["partners"]
    assert [c["name"] for c in partners["candidates"]] == [c.name for c in candidates]
    assert partners["criteria_judgements"] == {"technology|cost": 5.0}
    assert any("half typed" in w.value or "第 7 行" in w.value for w in at.warning)


def test_assess_runs_once_per_answers_state(monkeypatch):
    calls = []
    real = ui.state.assess

    def counting(q, answer_set):
        calls.append(1)
        return real(q, answer_set)

    monkeypatch.setattr(ui.state, "assess", counting)
    loaded = load_answers(EXAMPLES / "1_leader.yaml", Q)
    at = app(answers=dict(loaded.answers), meta=dict(loaded.meta))
    at.run()
    at.switch_page("pages/risks.py").run()  # sidebar progress, the page, the risk register
    no_errors(at)
    assert len(calls) == 1
    at.run()  # a rerun with the same answers: no new assessment
    assert len(calls) == 1
    at.session_state["answers"] = {
        **loaded.answers,
        SINGLE.id: next(o.value for o in SINGLE.options if o.value != loaded.answers.get(SINGLE.id)),
    }
    at.run()
    assert len(calls) == 2


def test_none_of_these_excludes_the_other_options():
    first = next(o.value for o in MULTI.options if o.value != "none")
    at = app(assessment_section=MULTI.dimension)
    at.run()
    at.switch_page("pages/assessment.py").run()
    box = next(m for m in at.multiselect if m.key.startswith(f"q_{MULTI.id}"))
    box.set_value([first]).run()
    box = next(m for m in at.multiselect if m.key.startswith(f"q_{MULTI.id}"))
    box.set_value([first, "none"]).run()  # "none" ticked after a certification: only "none" remains
    assert at.session_state["answers"][MULTI.id] == ["none"]
    box = next(m for m in at.multiselect if m.key.startswith(f"q_{MULTI.id}"))
    assert box.value == ["none"]
    box.set_value(["none", first]).run()  # a certification ticked after "none": "none" goes
    assert at.session_state["answers"][MULTI.id] == [first]


def test_readiness_tab_says_which_weights_apply_before_any_judgement():
    at = app()
    at.run()
    at.switch_page("pages/partners.py").run()
    no_errors(at)
    assert any("0.40 / 0.30 / 0.30" in i.value for i in at.info)
    # one AHP read-out only (the criteria tab's): the untouched readiness matrix claims nothing
    assert [m.label for m in at.metric].count("CR") == 1


def test_the_shared_view_has_its_own_page_and_says_how_complete_it_is():
    from model import AnswerSet
    from model.inputs import share

    first = Q.questions_in("capital")[0]
    partial = AnswerSet({first.id: first.options[0].value})
    at = app()
    at.query_params["a"] = share.encode(partial, Q)
    at.run()
    no_errors(at)
    assert at.title[0].value == "分享的评估结果"
    done = round(100 / len([x for x in Q.questions if x.dimension not in ("profile", "metrics")]))
    assert any(f"只完成了 {done}%" in w.value for w in at.warning), [w.value for w in at.warning]
