"""Known-answer tests of the scoring model (docs/architecture.md)."""

import pytest
from profiles import answers_for

from model import assess
from model.content.schema import DIMENSION_IDS
from model.scoring.dimensions import question_score


def extreme(q, high: bool) -> dict:
    """Every scored and metric question at its best (or worst) answer."""
    return answers_for(q, dict.fromkeys(DIMENSION_IDS, 1.0 if high else 0.0)) | metrics_at(
        q, 1.0 if high else 0.0
    )


def metrics_at(q, target):
    from profiles import closest_answer

    return {x.id: closest_answer(x, target) for x in q.questions_in("metrics") if x.index}


def test_nothing_answered_scores_nothing(q):
    r = assess(q, {})
    assert r.completeness == 0
    assert all(d.score is None and d.answered == 0 for d in r.dimensions.values())
    assert r.resource_synergy is None and r.readiness is None and r.risk_adjusted_readiness is None
    assert r.band is None
    assert r.strategy.recommended is None and r.strategy.provisional
    assert set(r.strategy.missing_dimensions) == set(DIMENSION_IDS)
    d = r.to_dict()
    assert d["dimensions"]["capital"]["score"] is None and d["strategy"]["recommended"] is None


def test_everything_at_max(q):
    r = assess(q, extreme(q, True))
    assert r.completeness == 1
    assert all(d.score == pytest.approx(100) for d in r.dimensions.values())
    assert r.resource_synergy == pytest.approx(1)
    assert r.user_value.value == pytest.approx(1) and r.user_value.source == "metrics"
    assert r.commercial_value.value == pytest.approx(1)
    assert r.readiness == pytest.approx(1)
    assert r.strategy.recommended == "ecosystem_leader"
    # exposure is zero when every control is mature, so nothing is deducted
    assert r.risk.weight == pytest.approx(0)
    assert r.band.id == "scale"


def test_everything_at_min(q):
    r = assess(q, extreme(q, False))
    assert all(d.score == pytest.approx(0) for d in r.dimensions.values())
    # nothing to build on: every fit shows 0, and the least demanding type is the one least far off
    assert set(r.strategy.fits.values()) == {0.0}
    assert r.strategy.recommended == "alliance_member"
    # no control at all: every risk's likelihood is its whole planned activity
    for exposure in r.risk.risks:
        assert exposure.control == 0 and exposure.likelihood == pytest.approx(exposure.activity)
    assert r.risk.weight > 0.1
    assert r.band.id == "foundations"


def test_unanswered_questions_do_not_count_as_zero(q):
    tech = q.questions_in("technology")
    best = {x.id: extreme(q, True)[x.id] for x in tech[:4]}  # 4 of 6: enough to count
    r = assess(q, best)
    assert r.dimensions["technology"].score == pytest.approx(100)
    assert r.dimensions["technology"].answered == 4
    assert r.completeness == pytest.approx(4 / sum(x.scored for x in q.questions))
    # synergy renormalises over the dimensions that count
    assert r.resource_synergy == pytest.approx(1.0)
    # one answer is not enough: the dimension keeps its partial score but does not count
    one = assess(q, {tech[0].id: best[tech[0].id]})
    assert one.dimensions["technology"].score is None
    assert one.dimensions["technology"].partial == pytest.approx(100)
    assert one.resource_synergy is None


def test_resource_synergy_is_04_03_03(q):
    targets = {"technology": 1.0, "data": 0.0, "channel": 0.0}
    r = assess(q, answers_for(q, targets))
    t, d, c = (r.dimensions[k].score / 100 for k in ("technology", "data", "channel"))
    assert r.resource_synergy == pytest.approx(0.4 * t + 0.3 * d + 0.3 * c)
    assert r.resource_synergy == pytest.approx(0.4, abs=0.02)


def test_readiness_default_and_chosen_weights(q, example_files):
    from model import load_answers

    answers = load_answers(example_files[0], q)
    r = assess(q, answers)
    parts = (r.resource_synergy, r.user_value.value, r.commercial_value.value)
    assert r.readiness == pytest.approx(0.4 * parts[0] + 0.3 * parts[1] + 0.3 * parts[2])
    custom = {"resource_synergy": 0.2, "user_value": 0.2, "commercial_value": 0.6}
    r2 = assess(q, answers, weights=custom)
    assert r2.readiness == pytest.approx(0.2 * parts[0] + 0.2 * parts[1] + 0.6 * parts[2])
    assert r2.risk_adjusted_readiness == pytest.approx(r2.readiness * (1 - r2.risk.weight))


def test_metric_indices_fall_back_to_dimension_proxies(q):
    r = assess(q, answers_for(q, {"channel": 1.0, "scenario": 1.0, "compliance": 1.0}, default=0.0))
    assert r.user_value.source == "proxy"
    assert r.user_value.value == pytest.approx(1.0)
    assert r.commercial_value.source == "proxy"


def test_metrics_drive_user_value(q):
    base = answers_for(q, {}, default=0.5)
    good = assess(q, base | {"met_cac": 200, "met_nps": 70, "met_ltv_cac": 6, "met_monthly_churn": 1})
    bad = assess(q, base | {"met_cac": 2000, "met_nps": -10, "met_ltv_cac": 0.5, "met_monthly_churn": 20})
    assert good.user_value.source == "metrics" == bad.user_value.source
    assert good.user_value.value == pytest.approx(1.0)
    assert bad.user_value.value == pytest.approx(0.0)
    assert good.readiness > bad.readiness


def test_mitigations_lower_the_risk_weight(q):
    base = answers_for(q, {}, default=0.4)
    without = assess(q, base)
    audit = assess(q, base | {"risk_mitigations": ["third_party_audit"]})
    # a third-party audit cuts the likelihood of data security, licence, cross-border and data quality
    # risks by 20 % (risks.yaml): the weight falls by 0.8 × Σ share × 20 % of those exposures
    covered = {"data_security", "licence_barrier", "cross_border_compliance", "data_quality"}
    exposure = {r.risk.id: r.exposure for r in without.risk.risks}
    expected_cut = 0.8 * 0.2 * sum(q.risk.shares[r] * exposure[r] for r in covered)
    assert without.risk.weight - audit.risk.weight == pytest.approx(expected_cut)
    assert audit.risk.base_weight == pytest.approx(without.risk.weight)
    assert audit.risk_adjusted_readiness > without.risk_adjusted_readiness
    for before, after in zip(without.risk.risks, audit.risk.risks, strict=True):
        cut = 0.8 if before.risk.id in covered else 1.0
        assert after.exposure == pytest.approx(before.exposure * cut)


def test_data_security_alone_carries_at_least_20_percent_of_the_risk_weight(q):
    """§4.3.1: raising data-security exposure alone by Δ raises the risk weight by ≥ 20 % × max × Δ."""
    answers = answers_for(q, {}, default=0.6)
    calm = assess(q, answers)
    risky = assess(q, answers | {"strategic_goals": ["data_monetisation"]})  # raises data-security activity
    before = {r.risk.id: r.exposure for r in calm.risk.risks}
    after = {r.risk.id: r.exposure for r in risky.risk.risks}
    delta = after["data_security"] - before["data_security"]
    others = sum(q.risk.shares[r] * (after[r] - before[r]) for r in after if r != "data_security")
    assert delta > 0
    gain = risky.risk.weight - calm.risk.weight - q.risk.max_weight * others
    assert gain >= 0.2 * q.risk.max_weight * delta - 1e-12


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.0, "foundations"), (0.39, "foundations"), (0.4, "pilot"), (0.59, "pilot"), (0.6, "scale")],
)
def test_readiness_bands_are_the_tools_own(q, value, band):
    from model.scoring.dimensions import band_for

    assert band_for(value, q.readiness_bands.bands).id == band


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.59, "restructure_or_exit"), (0.6, "improve"), (0.79, "improve"), (0.8, "prioritise")],
)
def test_partner_value_keeps_the_reports_bands(q, value, band):
    from model.scoring.dimensions import band_for

    assert band_for(value, q.decision_bands).id == band


def test_question_scores_by_type(q):
    multi = q.question("scen_breadth")
    assert question_score(multi, [o.value for o in multi.options]) == 1.0  # capped at 1
    assert question_score(multi, []) is None
    number = q.question("met_cac")
    assert question_score(number, 100) == 1.0 and question_score(number, 5000) == 0.0
    assert question_score(number, number.max) == number.bands[-1].score  # last band includes its max


def test_one_metric_moves_its_index_only_by_its_share_of_the_components(q):
    """A single answered metric used to replace the whole estimate (calibration firm c02)."""
    from model.scoring.dimensions import dimension_scores, metric_index
    from model.scoring.strategy import dims_for_fit

    best = extreme(q, True)
    firm = {x.id: best[x.id] for x in q.questions if x.scored and x.id in best}
    dims01, _ = dims_for_fit(dimension_scores(q, firm))
    spec = q.indices.user_value
    estimate = metric_index(q, "user_value", spec, firm, dims01)
    assert estimate.source == "proxy"
    one = next(x for x in q.questions if x.index == "user_value")
    worst = extreme(q, False)[one.id]
    moved = metric_index(q, "user_value", spec, {**firm, one.id: worst}, dims01)
    share = 1 / len(spec.components)
    assert moved.source == "blend"
    assert moved.value == pytest.approx((1 - share) * estimate.value + share * 0.0)
