"""Partner evaluation model (model/partners.py): content, examples, screening, strategic fit, value,
risk adjustment and bands, table rows, DEA of candidates; known answers and properties."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_settings import examples
from tests_paths import questionnaire

from model.errors import QuestionnaireError
from model.partners import evaluation as pm

Q = questionnaire()
CONTENT = pm.load_content()
COMPAT = CONTENT.fit.compatibility
WEIGHTS = dict(
    zip(pm.CRITERIA, pm.criteria_weights(CONTENT.default_criteria_judgements()).weights, strict=True)
)
FAST = examples(2.5)


def candidate(name="A", **changes) -> pm.Candidate:
    """A candidate that passes every tier; `changes` override fields of the flat row."""
    row = {
        "name": name,
        "type": "tech_firm",
        "goals": ["technology_monetisation"],
        "risk_weight": 0.2,
        "technology": 80,
        "complementarity": 70,
        "compliance": 75,
        "cost": 60,
        "qualification_ok": True,
        "financial_ok": True,
        "penetration_test_passed": True,
        "stress_test_passed": True,
        "synergy": 75,
        "capital": 100,
        "people": 10,
        "data": 2,
        "user_growth": 5,
        "revenue": 200,
        "risk_control": 3,
    }
    row.update(changes)
    check = pm.read_rows([row])
    assert not check.problems, check.problems
    return check.candidates[0]


# ---------------------------------------------------------------- content and examples


def test_content_matches_the_profile_question():
    options = [o.value for o in Q.question(CONTENT.fit.broker_goal_question).options]
    assert pm.check_broker_goals(CONTENT, options) == []
    assert pm.check_broker_goals(CONTENT, [*options, "space_travel"])  # a new option must get a row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_example_set_loads_and_validates(lang):
    examples = pm.load_examples(lang)
    assert 5 <= len(examples) <= 6
    prefix = "示例·" if lang == "zh" else "Example · "
    assert all(c.name.startswith(prefix) for c in examples)  # clearly fictional
    assert len({c.name for c in examples}) == len(examples)
    # the flat rows the page's table uses read back to the same candidates
    check = pm.read_rows([pm.to_row(c) for c in examples])
    assert check.problems == () and list(check.candidates) == examples


def test_default_criteria_judgements_are_consistent_and_weigh_compliance_at_least_20_percent():
    res = pm.criteria_weights(CONTENT.default_criteria_judgements())
    assert res.consistent and res.cr < 0.05
    assert WEIGHTS["compliance"] >= 0.2  # §4.3(1)
    assert math.isclose(sum(WEIGHTS.values()), 1.0)


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def content_data() -> dict:
    return yaml.safe_load(pm.CONTENT_PATH.read_text(encoding="utf-8"))


def test_broken_partner_yaml_gives_a_clear_error(tmp_path):
    data = content_data()
    data["fit"]["compatibility"]["user_growth"]["revenue"] = 1.5
    with pytest.raises(QuestionnaireError) as exc:
        pm.load_content(write(tmp_path, "partners.yaml", data))
    assert exc.value.messages[0].startswith("partners.yaml: fit: ")
    assert "fit.compatibility.user_growth.revenue: must be between 0 and 1 (got 1.5)" in exc.value.messages[0]


def test_missing_text_and_missing_criterion_are_named(tmp_path):
    data = content_data()
    del data["types"][0]["name"]["en"]
    del data["dea"]["ref"]
    with pytest.raises(QuestionnaireError) as exc:
        pm.load_content(write(tmp_path, "partners.yaml", data))
    assert exc.value.messages == [
        "partners.yaml: types.0.name.en: Field required",
        "partners.yaml: dea.ref: Field required",
    ]
    data = content_data()
    data["criteria"] = data["criteria"][:4]
    with pytest.raises(QuestionnaireError, match="criteria: expected the ids technology, complementarity, "):
        pm.load_content(write(tmp_path, "partners.yaml", data))


def test_off_scale_default_judgement_is_refused(tmp_path):
    data = content_data()
    data["default_judgements"]["technology"]["cost"] = 2.5
    with pytest.raises(QuestionnaireError, match=r"technology\|cost: 2.5 is not on Saaty's 1-9 scale"):
        pm.load_content(write(tmp_path, "partners.yaml", data))


def test_yaml_syntax_error_names_the_file_and_line(tmp_path):
    path = tmp_path / "partners.yaml"
    path.write_text("id: partner_evaluation\ntypes: [a, b\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"partners.yaml: not valid YAML \(line \d+\)"):
        pm.load_content(path)


def test_broken_example_names_the_candidate_and_field(tmp_path):
    path = tmp_path / "partner_examples.yaml"
    shutil.copy(pm.EXAMPLES_PATH, path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["candidates"][2]["type"] = "hedge_fund"
    data["candidates"][3]["scores"]["cost"] = 120
    with pytest.raises(QuestionnaireError) as exc:
        pm.load_examples("zh", write(tmp_path, "partner_examples.yaml", data))
    text = "\n".join(exc.value.messages)
    assert "partner_examples.yaml: candidates.2.type: Input should be 'tech_firm'" in text
    assert (
        "partner_examples.yaml: candidates.3.scores.cost: Input should be less than or equal to 100" in text
    )


# ---------------------------------------------------------------- three-tier screening


def test_screening_reports_each_candidate_at_the_first_tier_it_fails():
    threshold = CONTENT.screening.synergy_threshold
    cands = [
        candidate("ok"),
        candidate("no_licence", qualification_ok=False, penetration_test_passed=False),
        candidate("shaky", stress_test_passed=False),
        candidate("weak_synergy", synergy=threshold - 0.5),
        candidate("at_threshold", synergy=threshold),
    ]
    s = pm.screen(cands, threshold)
    foundation, technical, business = s.tiers
    assert foundation.entered == ("ok", "no_licence", "shaky", "weak_synergy", "at_threshold")
    assert foundation.failed == {"no_licence": ("qualification_ok",)}  # not also blamed for the pen test
    assert technical.entered == ("ok", "shaky", "weak_synergy", "at_threshold")
    assert technical.failed == {"shaky": ("stress_test_passed",)}
    assert business.failed == {"weak_synergy": ("synergy",)}
    assert s.passed == ("ok", "at_threshold")
    assert s.pass_rate == pytest.approx(0.4)
    assert [s.stopped_at(n) for n in ("ok", "no_licence", "shaky", "weak_synergy")] == [
        None,
        "foundation",
        "technical",
        "business",
    ]


def test_screening_lists_every_failed_check_of_a_tier():
    s = pm.screen([candidate("x", qualification_ok=False, financial_ok=False)], 60)
    assert s.tiers[0].failed == {"x": ("qualification_ok", "financial_ok")}
    assert s.tiers[1].entered == () and s.passed == () and s.pass_rate == 0


def test_empty_screening():
    s = pm.screen([], 60)
    assert s.total == 0 and s.pass_rate is None and s.passed == ()


def test_example_screening_is_a_funnel_near_the_reports_35_percent():
    s = pm.screen(pm.load_examples("zh"), CONTENT.screening.synergy_threshold)
    counts = [len(t.passed) for t in s.tiers]
    assert counts == [5, 3, 2]
    assert s.pass_rate == pytest.approx(2 / 6)


# ---------------------------------------------------------------- strategic fit (§4.3(2))


def test_the_reports_strategic_fit_example_is_0_5():
    assert pm.strategic_fit(["user_growth"], ["technology_monetisation"], COMPAT) == 0.5


def test_fit_is_the_mean_over_goal_pairs():
    m = COMPAT
    got = pm.strategic_fit(["user_growth", "tech_capability"], ["technology_monetisation", "revenue"], m)
    expected = (
        m["user_growth"]["technology_monetisation"]
        + m["user_growth"]["revenue"]
        + m["tech_capability"]["technology_monetisation"]
        + m["tech_capability"]["revenue"]
    ) / 4
    assert got == pytest.approx(expected)


def test_listing_a_poorly_matching_goal_lowers_the_fit():
    alone = pm.strategic_fit(["user_growth"], ["user_growth"], COMPAT)
    padded = pm.strategic_fit(["user_growth"], ["user_growth", "cross_border"], COMPAT)
    assert padded < alone


def test_fit_needs_goals_on_both_sides():
    assert pm.strategic_fit([], ["revenue"], COMPAT) is None
    assert pm.strategic_fit(["user_growth"], [], COMPAT) is None
    assert pm.strategic_fit(["not_a_goal"], ["revenue"], COMPAT) is None


def test_fit_matrix_columns_average_to_the_strategic_fit():
    cands = pm.load_examples("en")
    goals = ["user_growth", "cost_reduction", "cross_border"]
    matrix = pm.fit_matrix(goals, cands, COMPAT)
    assert list(matrix) == goals
    for c in cands:
        column = [matrix[g][c.name] for g in goals]
        assert sum(column) / len(column) == pytest.approx(pm.strategic_fit(goals, c.goals, COMPAT))


# ---------------------------------------------------------------- value, risk adjustment, bands


def test_partner_value_known_answers():
    assert pm.partner_value({"a": 0.5, "b": 0.5}, {"a": 1.0, "b": 0.0}) == 0.5
    assert pm.partner_value({"a": 0.25, "b": 0.75}, {"a": 0.4, "b": 0.8}) == pytest.approx(0.7)
    # a criterion without a score is left out and the rest renormalised
    assert pm.partner_value({"a": 0.5, "b": 0.5}, {"a": 0.6, "b": None}) == pytest.approx(0.6)
    assert pm.partner_value({"a": 1.0}, {"a": None}) is None


def test_risk_adjusted_value():
    assert pm.risk_adjusted_value(0.8, 0.25) == pytest.approx(0.6)
    assert pm.risk_adjusted_value(0.8, 0.0) == 0.8
    with pytest.raises(ValueError):
        pm.risk_adjusted_value(0.8, 1.2)


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.0, "restructure_or_exit"), (0.599, "restructure_or_exit"), (0.6, "improve"), (0.799, "improve"),
     (0.8, "prioritise"), (1.0, "prioritise")],
)  # fmt: skip
def test_decision_bands_of_the_questionnaire(value, band):
    assert pm.band_for(value, Q.decision_bands).id == band


def test_evaluate_by_hand_for_one_candidate():
    c = candidate("by_hand", goals=["user_growth", "revenue"], risk_weight=0.3)
    goals = ["user_growth"]
    (a,) = pm.evaluate([c], WEIGHTS, goals, CONTENT, Q.decision_bands)
    fit = (COMPAT["user_growth"]["user_growth"] + COMPAT["user_growth"]["revenue"]) / 2
    value = (
        WEIGHTS["technology"] * 0.80
        + WEIGHTS["complementarity"] * 0.70
        + WEIGHTS["compliance"] * 0.75
        + WEIGHTS["cost"] * 0.60
        + WEIGHTS["strategic_fit"] * fit
    )
    assert a.criteria["strategic_fit"] == pytest.approx(fit)
    assert a.value == pytest.approx(value)
    assert a.adjusted == pytest.approx(value * 0.7)
    assert a.band == pm.band_for(value * 0.7, Q.decision_bands).id
    assert a.stopped_at is None


def test_examples_are_ranked_and_spread_over_the_bands():
    ranked = pm.evaluate(pm.load_examples("zh"), WEIGHTS, [], CONTENT, Q.decision_bands)
    assert [a.adjusted for a in ranked] == sorted((a.adjusted for a in ranked), reverse=True)
    assert {a.band for a in ranked} == {"restructure_or_exit", "improve", "prioritise"}
    assert ranked[0].name == "示例·某电商平台" and ranked[0].band == "prioritise"
    assert all(a.criteria["strategic_fit"] is None for a in ranked)  # no broker goals: fit left out


def test_broker_goals_change_the_ranking_through_fit():
    cands = pm.load_examples("en")
    growth = {a.name: a for a in pm.evaluate(cands, WEIGHTS, ["user_growth"], CONTENT, Q.decision_bands)}
    tech = {a.name: a for a in pm.evaluate(cands, WEIGHTS, ["tech_capability"], CONTENT, Q.decision_bands)}
    ai, shop = "Example · AI algorithm firm", "Example · e-commerce platform"
    assert growth[ai].criteria["strategic_fit"] < tech[ai].criteria["strategic_fit"]
    assert growth[shop].criteria["strategic_fit"] > tech[shop].criteria["strategic_fit"]


# ---------------------------------------------------------------- AHP glue (criteria and readiness)


def test_pairwise_matrix_is_reciprocal_and_refuses_unknown_pairs():
    m = pm.pairwise_matrix(("a", "b", "c"), {"a|b": 3, "a|c": "1/5"})
    assert m[0, 1] == 3 and m[1, 0] == pytest.approx(1 / 3) and m[2, 0] == pytest.approx(5)
    assert m[1, 2] == 1  # missing pairs count as equal
    with pytest.raises(ValueError, match="b\\|a: not a pair"):
        pm.pairwise_matrix(("a", "b"), {"b|a": 2})


def test_readiness_weights_only_when_consistent():
    res, weights = pm.readiness_weights(
        {"resource_synergy|user_value": 3, "resource_synergy|commercial_value": 3}
    )
    assert res.cr == pytest.approx(0, abs=1e-9)
    assert weights == pytest.approx({"resource_synergy": 0.6, "user_value": 0.2, "commercial_value": 0.2})
    cyclic = {
        "resource_synergy|user_value": 9,
        "user_value|commercial_value": 9,
        "resource_synergy|commercial_value": 1 / 9,
    }
    res, weights = pm.readiness_weights(cyclic)
    assert res.cr > 0.1 and weights is None
    assert res.worst_judgement is not None


# ---------------------------------------------------------------- rows typed in the page's table


def rows_of(*cands):
    return [pm.to_row(c) for c in cands]


def test_row_problems_are_named_and_bad_rows_left_out():
    good = pm.to_row(candidate("good"))
    rows = [
        good,
        {**good, "name": "  "},
        {**good, "name": "good"},
        {**good, "name": "range", "technology": 130, "risk_weight": -0.1},
        {**good, "name": "empty", "cost": None, "synergy": float("nan"), "type": None},
        {**good, "name": "goalless", "goals": []},
        {**good, "name": "odd", "type": "hedge_fund", "goals": ["world_peace"]},
        {
            **good,
            "name": "idle",
            "capital": 0,
            "people": 0,
            "data": 0,
            "revenue": 0,
            "user_growth": 0,
            "risk_control": 0,
        },
        {**good, "name": "x" * 81},
        {**good, "name": "text", "revenue": "lots"},
    ]
    check = pm.read_rows(rows)
    assert [c.name for c in check.candidates] == ["good"]
    found = {(p.row, p.code, p.field) for p in check.problems}
    assert found == {
        (2, "name_missing", "name"),
        (3, "name_duplicate", "name"),
        (4, "out_of_range", "technology"),
        (4, "out_of_range", "risk_weight"),
        (5, "missing", "type"),
        (5, "missing", "cost"),
        (5, "missing", "synergy"),
        (6, "no_goal", "goals"),
        (7, "bad_value", "type"),
        (7, "bad_value", "goals"),
        (8, "no_positive_input", "capital"),
        (8, "no_positive_output", "user_growth"),
        (9, "name_too_long", "name"),
        (10, "out_of_range", "revenue"),
    }
    dup = next(p for p in check.problems if p.code == "name_duplicate")
    assert dup.params == {"name": "good", "other": 1}
    rng = next(p for p in check.problems if p.field == "technology")
    assert rng.params == {"got": "130", "low": 0.0, "high": 100.0}


def test_rows_accept_what_a_table_hands_back():
    row = pm.to_row(candidate("n"))
    row.update(name="  padded  ", goals="revenue", qualification_ok=None, technology="85")
    check = pm.read_rows([row])
    (c,) = check.candidates
    assert c.name == "padded" and c.goals == ("revenue",) and c.scores.technology == 85
    assert not c.screening.qualification_ok  # an unticked (None) checkbox is "not passed"


def test_too_many_rows_are_cut_with_a_problem():
    rows = [pm.to_row(candidate(f"c{k}")) for k in range(pm.MAX_CANDIDATES + 2)]
    check = pm.read_rows(rows)
    assert len(check.candidates) == pm.MAX_CANDIDATES
    assert [p.code for p in check.problems] == ["too_many"]


# ---------------------------------------------------------------- DEA of candidates


def test_dea_known_answer_doubling_the_inputs_halves_the_efficiency():
    a = candidate("A", capital=100, people=10, data=2)
    b = candidate("B", capital=200, people=20, data=4)  # same outputs for twice the inputs
    for model in ("ccr", "bcc"):
        res = pm.efficiency([a, b], model)
        eff = {u.name: u for u in res.units}
        assert eff["A"].efficiency == pytest.approx(1.0) and eff["A"].peers == ("A",)
        if model == "ccr":
            assert eff["B"].efficiency == pytest.approx(0.5) and eff["B"].peers == ("A",)


def test_dea_of_the_examples_separates_the_units():
    res = pm.efficiency(pm.load_examples("zh"), "ccr")
    eff = {u.name: round(u.efficiency, 3) for u in res.units}
    assert eff["示例·某城商行"] == 0.647 and eff["示例·某AI算法公司"] == 1.0
    status = {u.name: pm.dea_status(u) for u in res.units}
    assert status["示例·某城商行"] == "inefficient" and status["示例·某AI算法公司"] == "efficient"
    bcc = {u.name: pm.dea_status(u) for u in pm.efficiency(pm.load_examples("zh"), "bcc").units}
    assert bcc["示例·某境外金融科技公司"] == "weak"  # θ = 1 with slack: on the frontier's flat part
    assert pm.recommended_units() == 18


# ---------------------------------------------------------------- properties

unit = st.floats(min_value=0, max_value=1, allow_nan=False)
scores = st.fixed_dictionaries({k: unit for k in pm.CRITERIA})
positive = st.floats(min_value=0.01, max_value=1, allow_nan=False)
weights = st.fixed_dictionaries({k: positive for k in pm.CRITERIA}).map(
    lambda w: {k: v / sum(w.values()) for k, v in w.items()}
)


@FAST
@given(weights, scores)
def test_value_stays_in_0_1(w, s):
    value = pm.partner_value(w, s)
    assert 0 <= value <= 1


@FAST
@given(weights, scores, st.sampled_from(pm.CRITERIA), unit, unit)
def test_value_is_monotone_in_each_criterion(w, s, k, bump, risk):
    higher = {**s, k: min(1.0, s[k] + bump)}
    assert pm.partner_value(w, higher) >= pm.partner_value(w, s) - 1e-12
    low, high = (
        pm.risk_adjusted_value(pm.partner_value(w, s), risk),
        pm.risk_adjusted_value(pm.partner_value(w, higher), risk),
    )
    assert high >= low - 1e-12


@FAST
@given(unit, unit, unit)
def test_more_risk_never_raises_the_adjusted_value(value, r1, r2):
    lo, hi = sorted((r1, r2))
    assert pm.risk_adjusted_value(value, hi) <= pm.risk_adjusted_value(value, lo) <= value


goal_lists = st.lists(st.sampled_from(sorted(COMPAT)), min_size=1, unique=True)
partner_goal_lists = st.lists(st.sampled_from(pm.PARTNER_GOALS), min_size=1, unique=True)


@FAST
@given(goal_lists, partner_goal_lists, st.randoms())
def test_fit_is_bounded_and_ignores_goal_order(broker, partner, rnd):
    fit = pm.strategic_fit(broker, partner, COMPAT)
    cells = [COMPAT[b][p] for b in broker for p in partner]
    assert min(cells) - 1e-12 <= fit <= max(cells) + 1e-12
    shuffled_b, shuffled_p = broker[:], partner[:]
    rnd.shuffle(shuffled_b)
    rnd.shuffle(shuffled_p)
    assert pm.strategic_fit(shuffled_b, shuffled_p, COMPAT) == pytest.approx(fit)


facts = st.fixed_dictionaries(
    {
        "qualification_ok": st.booleans(),
        "financial_ok": st.booleans(),
        "penetration_test_passed": st.booleans(),
        "stress_test_passed": st.booleans(),
        "synergy": st.integers(0, 100),
    }
)


@FAST
@given(st.lists(facts, min_size=1, max_size=8), st.randoms())
def test_screening_does_not_depend_on_the_order_of_candidates(all_facts, rnd):
    cands = [candidate(f"c{k}", **f) for k, f in enumerate(all_facts)]
    s = pm.screen(cands, 60)
    shuffled = cands[:]
    rnd.shuffle(shuffled)
    t = pm.screen(shuffled, 60)
    assert set(s.passed) == set(t.passed)
    assert {c.name: s.stopped_at(c.name) for c in cands} == {c.name: t.stopped_at(c.name) for c in cands}
    expected = {
        c.name for c in cands if all(getattr(c.screening, k) for k in pm.CHECKS) and c.screening.synergy >= 60
    }
    assert set(s.passed) == expected


SLOW = examples(0.8)
codes = st.sampled_from([*(float(k) for k in range(1, 10)), *(1 / k for k in range(2, 10))])


@SLOW  # every example also searches for the worst judgement (170 eigenproblems)
@given(
    st.fixed_dictionaries(
        {pm.pair_key(a, b): codes for i, a in enumerate(pm.CRITERIA) for b in pm.CRITERIA[i + 1 :]}
    )
)
def test_criteria_weights_sum_to_one_for_any_slider_positions(judgements):
    res = pm.criteria_weights(judgements)
    assert sum(res.weights) == pytest.approx(1.0)
    assert all(w > 0 for w in res.weights)
    assert res.consistent == (res.cr <= 0.1)
