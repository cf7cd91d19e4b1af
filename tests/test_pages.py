"""AppTest tests of every page: renders in zh and en, keeps answers, reacts to input, never a traceback."""

import pytest
from streamlit.testing.v1 import AppTest
from tests_paths import APP, EXAMPLES

from model import AnswerSet, load_answers, parse_answers
from model.inputs.answers import INDICATOR_LIMIT, to_document
from reporting.texts import strings
from ui import layout

PAGES = [path for path, *_ in layout.PAGES]  # every page of the navigation


def title(index: int, lang: str) -> str:
    """The heading a page shows: its navigation title (Home shows the tool's name)."""
    _, key, url, _ = layout.PAGES[index]
    return strings()["home_title" if url == "home" else key][lang]


def app(lang="zh", example=None, q=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["lang"] = lang
    if example:
        loaded = load_answers(EXAMPLES / f"{example}.yaml", q)
        at.session_state["answers"] = dict(loaded.answers)
        at.session_state["meta"] = dict(loaded.meta)
    return at.run()


def no_errors(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("index", range(len(PAGES)))
def test_every_page_renders_with_an_example(q, lang, index):
    at = app(lang, "1_leader", q)
    at.switch_page(PAGES[index]).run()
    no_errors(at)
    assert at.title[0].value == title(index, lang)


@pytest.mark.parametrize("index", range(len(PAGES)))
def test_every_page_renders_empty(index):
    at = app()
    at.switch_page(PAGES[index]).run()
    no_errors(at)


def test_home_loads_an_example(q):
    at = app()
    at.selectbox(key="example_pick_zh").set_value("2_regional").run()
    at.button(key="load_example").click().run()
    no_errors(at)
    assert at.session_state["answers"]["institution_type"] == "regional_broker"
    assert at.title[0].value == "诊断结果"  # straight on to the results
    assert "已载入示例" in at.session_state["_flash"][1]  # shown there by the router (app.py)


def test_an_answer_redraws_its_question_and_only_the_counts_it_changes(q):
    """A click reruns as little as it changes (ui.widgets): a first answer its question and the count
    fragments (progress, unanswered), a changed answer its question alone. After a keyed fragment rerun
    AppTest's tree holds exactly what was redrawn."""
    at = app()
    at.switch_page("pages/assessment.py").run()
    scored = sum(x.scored for x in q.questions)
    assert at.title  # a full run
    at.radio(key="q_cap_scale_tier__0").set_value("top10").run()
    no_errors(at)
    assert not at.title  # outside every fragment: not redrawn
    assert at.main.get("progress")[0].proto.text == f"已回答 1 / {scored} 道计分题"
    assert at.button(key="jump_first_unanswered").label == f"跳到未回答的题（{scored - 1}）"
    # A changed answer reruns its question's fragment alone in the browser; AppTest runs the whole page for
    # that (it honours only keyed reruns), so bench/bench.py shows that part, not this test.
    at.radio(key="q_cap_scale_tier__0").set_value("top11_20").run()
    no_errors(at)
    assert at.session_state["answers"]["cap_scale_tier"] == "top11_20"
    assert at.main.get("progress")[0].proto.text == f"已回答 1 / {scored} 道计分题"


def test_answering_on_the_assessment_page_is_kept_across_pages(q):
    at = app()
    at.switch_page("pages/assessment.py").run()
    radio = at.radio(key="q_cap_scale_tier__0")
    radio.set_value("top10").run()
    assert at.session_state["answers"]["cap_scale_tier"] == "top10"
    progress = at.main.get("progress")[0].proto
    scored = sum(x.scored for x in q.questions)
    assert progress.text == f"已回答 1 / {scored} 道计分题" and progress.value == 1
    at.switch_page("pages/results.py").run()
    at.switch_page("pages/assessment.py").run()
    no_errors(at)
    assert at.radio(key="q_cap_scale_tier__0").value == "top10"


def test_number_and_multi_answers(q):
    at = app()
    at.switch_page("pages/assessment.py").run()
    at.selectbox[0].set_value("scenario").run()
    option = q.question("scen_breadth").options[1].value
    at.multiselect(key="q_scen_breadth__0").set_value([option]).run()
    assert at.session_state["answers"]["scen_breadth"] == [option]
    at.selectbox[0].set_value("technology").run()
    at.number_input(key="q_tech_launch_weeks__0").set_value(2).run()
    assert at.session_state["answers"]["tech_launch_weeks"] == 2
    no_errors(at)


def test_next_section_and_jump_to_unanswered(q):
    at = app("en", "1_leader", q)
    answers = dict(at.session_state["answers"])
    del answers["comp_partner_screening"]
    at.session_state["answers"] = answers
    at.switch_page("pages/assessment.py").run()
    at.button(key="jump_first_unanswered").click().run()
    assert at.session_state["assessment_section"] == "compliance"
    assert "### Compliance and risk control" in [m.value for m in at.markdown]
    next_button = next(b for b in at.button if b.label == "Next section")
    next_button.click().run()
    assert at.session_state["assessment_section"] == "organization"
    no_errors(at)


def test_profile_name_is_kept(q):
    at = app()
    at.switch_page("pages/profile.py").run()
    at.text_input(key="institution_name__0").input("测试证券").run()
    assert at.session_state["meta"]["name"] == "测试证券"
    at.switch_page("pages/results.py").run()
    at.switch_page("pages/profile.py").run()
    assert at.text_input(key="institution_name__0").value == "测试证券"


def test_results_show_indices_and_band(q):
    at = app("zh", "1_leader", q)
    at.switch_page("pages/results.py").run()
    labels = [m.label for m in at.metric]
    assert labels == ["资源协同指数", "用户价值指数", "商业价值指数", "生态合作准备度", "风险调整后准备度"]
    boxes = [*at.warning, *at.success, *at.error]
    assert any("准备度区间" in w.value for w in boxes)  # the tool's own readiness band, named


def test_strategy_names_the_type_and_what_flips_it(q):
    at = app("en", "2_regional", q)
    at.switch_page("pages/strategy.py").run()
    assert at.header[0].value.startswith("Regional industry specialist")
    markdown = " ".join(m.value for m in at.markdown)
    assert "the recommendation would become" in markdown


def test_strategy_is_provisional_with_gaps(q):
    at = app()
    at.session_state["answers"] = {"cap_scale_tier": "top10"}
    at.switch_page("pages/strategy.py").run()
    no_errors(at)
    assert any("答题不足" in w.value for w in at.warning)


def test_methodology_lists_the_weights(q):
    at = app("en")
    at.switch_page("pages/methodology.py").run()
    text = " ".join(m.value for m in at.markdown)
    assert "0.4 × Technology" in text and "0.3 × Data" in text
    assert "Risk-adjusted readiness = readiness × (1 − risk weight)" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_methodology_states_the_not_tracked_rule_and_the_tools_own_questions(q, lang):
    at = app(lang)
    at.switch_page("pages/methodology.py").run()
    no_errors(at)
    text = " ".join(m.value for m in at.markdown)
    assert "as_skipped" in text
    for x in q.questions:  # every option that scores like a skip, and every question the tool added
        for o in x.options:
            if o.as_skipped:
                assert o.label.get(lang) in text, (x.id, o.value)
    added = [x for x in q.questions if x.tool_addition]
    assert {x.id for x in added} >= {"comp_csrc_rating", "comp_enforcement_history"}
    for x in added:
        assert x.text.get(lang) in text and x.tool_addition.get(lang) in text


def test_language_switch_changes_every_title(q):
    at = app("zh", "1_leader", q)
    at.sidebar.radio[0].set_value("en").run()
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == title(0, "en")
    at.switch_page("pages/results.py").run()
    assert at.title[0].value == "Results"


def test_saved_answers_reload(q):
    loaded = load_answers(EXAMPLES / "3_specialist.yaml", q)
    doc = to_document(loaded, q)
    assert doc["profile"]["institution_type"] == "specialty_broker"
    assert "institution_type" not in doc["answers"]


def test_broken_content_shows_an_error_page(tmp_path, monkeypatch):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\nquestions: []\n", encoding="utf-8")
    monkeypatch.setenv("BROKERECO_QUESTIONNAIRE", str(broken))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    no_errors(at)
    assert "问卷内容有误" in at.error[0].value
    assert "broken.yaml" in at.error[0].value


def test_roadmap_page_lists_actions_by_phase(q):
    at = app("en", "2_regional", q)
    at.switch_page("pages/roadmap.py").run()
    no_errors(at)
    # dated from the example's assessment date; a 1–3 year horizon covers two phases (tests/test_roadmap_page.py)
    assert "2026-11-25" in at.markdown[0].value
    editors = at.data_editor
    assert len(editors) == 2
    assert all(3 <= len(ed.value) <= 8 for ed in editors)


def test_ticking_a_mitigation_lowers_the_risk_weight_immediately(q):
    at = app("en", "4_small", q)
    at.switch_page("pages/risks.py").run()
    no_errors(at)
    before = float(at.metric[0].value)
    pills = at.get("button_group")[0]
    pills.set_value(["liability_insurance", "crisis_plan"]).run()
    assert at.session_state["answers"]["risk_mitigations"] == ["liability_insurance", "crisis_plan"]
    after = float(at.metric[0].value)
    assert after < before


def test_typing_an_indicator_in_alert_raises_the_level(q):
    at = app("en", "1_leader", q)
    at.switch_page("pages/risks.py").run()
    register_before = at.table[0].value  # a static table, so the mitigation names wrap
    at.number_input(key="indicator_monthly_user_churn__0").set_value(25).run()
    no_errors(at)
    assert at.session_state["indicators"]["monthly_user_churn"] == 25
    register_after = at.table[0].value
    levels = " ".join(register_after["Warning level"])
    assert "Red" in levels or "Orange" in levels
    assert not register_before.equals(register_after)


def test_the_largest_indicator_the_risks_page_accepts_saves_a_file_that_loads_back(q):
    """An indicator above the validator's range once crashed Report and made the sidebar's own file unloadable."""
    at = app(example="2_regional", q=q)
    at.switch_page("pages/risks.py").run()
    box = at.number_input(key="indicator_monthly_user_churn__0")
    largest = box.proto.max  # the browser lets nobody type past it
    assert largest == INDICATOR_LIMIT
    box.set_value(largest).run()
    no_errors(at)
    at.switch_page("pages/report.py").run()
    no_errors(at)
    ss = at.session_state
    saved = AnswerSet(dict(ss["answers"]), dict(ss["meta"]), ss["weights"], dict(ss["indicators"]))
    loaded = parse_answers(to_document(saved, q), q, "sidebar file")  # what Home does with the saved file
    assert loaded.indicators["monthly_user_churn"] == largest
