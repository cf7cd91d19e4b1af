"""Strategy-type recommendation (issue 10): types from positive evidence, close calls said out loud,
flips that hold when applied, compliance and licences that bind, completeness that gates."""

import pytest
from calibration_set import assessed_calibration
from profiles import CANONICAL, answers_for
from tests_paths import questionnaire

from model import assess, load_answers
from model.scoring.dimensions import dimension_scores
from model.scoring.strategy import dims_for_fit, rank, recommend, recommended_type, winner
from model.workshop import group

# the profile facts that go with each canonical firm (the regional type needs a regional base)
PROFILE = {
    "ecosystem_leader": {
        "institution_type": "head_broker",
        "client_assets_tier": "over_1t",
        "region": "nationwide",
    },
    "regional_industry": {"institution_type": "regional_broker", "region": "central_west_other"},
    "vertical_specialist": {"institution_type": "specialty_broker", "client_assets_tier": "under_50b"},
    "alliance_member": {
        "institution_type": "other",
        "client_assets_tier": "under_50b",
        "region": "northeast",
    },
}


Q = questionnaire()


def firm(profile: str, **targets):
    return answers_for(Q, CANONICAL[profile] | targets) | PROFILE[profile]


@pytest.fixture(scope="session")  # only this module sees it; not rebuilt when xdist interleaves
def calibration(q):
    return {stem: result for stem, (_, result) in assessed_calibration(q).items()}


def close_call_answers(q):
    """The bank-affiliated calibration firm with cooperation coordinated by one department instead of a
    cross-department body: with v2 answers the calibration set itself holds no close call, this one is."""
    case, _ = assessed_calibration(q)["e2_bank_affiliated"]
    return case.answers.answers | {"org_committee": "coordinating_office"}


@pytest.mark.parametrize("expected", CANONICAL)
def test_canonical_profiles_get_their_type(q, expected):
    rec = assess(q, firm(expected)).strategy
    assert rec.recommended == rec.ranking[0] == expected
    assert not rec.provisional and not rec.close_call


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("1_leader", "ecosystem_leader"),
        ("2_regional", "regional_industry"),
        ("3_specialist", "vertical_specialist"),
        ("4_small", "alliance_member"),
    ],
)
def test_example_firms_get_their_type(q, example_files, stem, expected):
    path = next(p for p in example_files if p.stem == stem)
    assert assess(q, load_answers(path, q)).strategy.recommended == expected


def test_uniformly_strong_firm_leads(q):
    assert assess(q, answers_for(q, {}, default=0.85)).strategy.recommended == "ecosystem_leader"


def test_a_missing_resource_does_not_win_the_weak_type(q):
    """Huge traffic, strong technology and no industry ties: never 'alliance member' for that (§7.3.2)."""
    answers = answers_for(q, {"channel": 0.9, "technology": 0.85, "industry": 0.0}, default=0.6)
    fits = assess(q, answers).strategy.fits
    lowered = assess(q, answers_for(q, {"channel": 0.9, "technology": 0.85, "industry": 0.6}, default=0.6))
    # lowering an unrelated dimension never raises the alliance member's fit
    assert fits["alliance_member"] <= lowered.strategy.fits["alliance_member"] + 1e-9
    assert assess(q, answers).strategy.recommended != "alliance_member"


def test_compliance_is_evidence_for_the_leader_and_the_member(q):
    weak = assess(q, firm("ecosystem_leader", compliance=0.1)).strategy.fits
    strong = assess(q, firm("ecosystem_leader", compliance=1.0)).strategy.fits
    assert strong["ecosystem_leader"] > weak["ecosystem_leader"]
    weak = assess(q, firm("alliance_member", compliance=0.1)).strategy.fits
    strong = assess(q, firm("alliance_member", compliance=0.9)).strategy.fits
    assert strong["alliance_member"] > weak["alliance_member"]


def test_cross_border_flag_needs_capability_and_intent(q):
    strong = firm("ecosystem_leader", cross_border=0.9)
    assert assess(q, strong | {"cross_border_intent": "active"}).strategy.cross_border_extension
    assert not assess(q, strong | {"cross_border_intent": "none"}).strategy.cross_border_extension
    weak = firm("ecosystem_leader", cross_border=0.2)
    assert not assess(q, weak | {"cross_border_intent": "active"}).strategy.cross_border_extension
    assert assess(
        q, answers_for(q, {"cross_border": 1.0})
    ).strategy.cross_border_extension  # no intent answer


# ---- every profile fact does what its help text says (issue 10 item 4) ------------------------------


def test_institution_type_shapes_the_type(q):
    base = firm("regional_industry")
    fits = assess(q, base | {"institution_type": "other"}).strategy.fits
    nudged = assess(q, base | {"institution_type": "regional_broker"}).strategy.fits
    assert nudged["regional_industry"] == pytest.approx(fits["regional_industry"] + 0.08)
    leader = firm("ecosystem_leader")
    assert (
        assess(q, leader | {"institution_type": "regional_broker"}).strategy.recommended == "ecosystem_leader"
    )


def test_asset_and_user_tiers_inform_the_type(q):
    base = firm("ecosystem_leader", capital=0.7, technology=0.7, channel=0.65)  # fits below the clip at 1
    small = assess(q, base | {"client_assets_tier": "under_50b"}).strategy.fits
    large = assess(q, base | {"client_assets_tier": "over_1t"}).strategy.fits
    assert large["ecosystem_leader"] > small["ecosystem_leader"]
    member = firm("alliance_member")
    small = assess(q, member | {"client_assets_tier": "under_50b"}).strategy.fits
    large = assess(q, member | {"client_assets_tier": "from_200b_to_1t"}).strategy.fits
    assert large["alliance_member"] < small["alliance_member"]
    few = assess(q, base | {"user_scale_tier": "users_under_1m"}).strategy.fits
    many = assess(q, base | {"user_scale_tier": "users_over_20m"}).strategy.fits
    assert many["ecosystem_leader"] > few["ecosystem_leader"]


def test_region_brings_its_policy_context_and_a_regional_base(q):
    base = firm("regional_industry")
    gba = assess(q, base | {"region": "greater_bay_area"})
    assert gba.region.value == "greater_bay_area" and "§2.1.2" in gba.region.ref
    assert "跨境金融科技合作计划" in gba.region.context.zh
    xb = next(m for m in gba.modes if m.id == "platform_cross_border")
    assert xb.region_bonus > 0
    yrd = assess(q, base | {"region": "yangtze_river_delta"})
    assert "投贷联动" in yrd.region.context.zh
    nationwide = assess(q, base | {"region": "nationwide"})
    assert nationwide.strategy.fits["regional_industry"] < gba.strategy.fits["regional_industry"]
    assert assess(q, {k: v for k, v in base.items() if k != "region"}).region is None


def test_licences_held_gate_the_modes_that_need_them(q):
    base = firm("vertical_specialist")
    without = assess(q, base | {"licences_held": ["brokerage"]})
    scenario = next(m for m in without.modes if m.id == "platform_scenario")
    assert scenario.status == "licence" and scenario.missing_licences == ("investment_advisory",)
    assert without.missing_licences["platform_scenario"] == ("investment_advisory",)
    assert "platform_scenario" not in [m.id for m in without.modes if m.eligible]
    held = assess(q, base | {"licences_held": ["brokerage", "investment_advisory"]})
    assert next(m for m in held.modes if m.id == "platform_scenario").eligible
    # unanswered: nothing is assumed missing
    assert not assess(q, base).missing_licences


def test_strategic_goals_raise_the_risks_they_bring(q):
    base = firm("regional_industry")
    calm = assess(q, base | {"strategic_goals": ["cost_reduction"]})
    bold = assess(q, base | {"strategic_goals": ["data_monetisation", "scenario_expansion"]})
    level = {r.risk.id: r.exposure for r in calm.risk.risks}
    assert next(r for r in bold.risk.risks if r.risk.id == "data_security").exposure > level["data_security"]


def test_cross_border_intent_switches_the_extension(q):
    base = firm("ecosystem_leader", cross_border=0.8)
    assert assess(q, base | {"cross_border_intent": "planned"}).strategy.cross_border_extension
    assert not assess(q, base | {"cross_border_intent": "exploring"}).strategy.cross_border_extension


# ---- close calls and flips (issue 10 item 2) ------------------------------------------------------


def test_close_call_is_said_with_the_margin(q):
    margin = q.strategy.close_call_margin
    assert margin == 0.05
    for profile in CANONICAL:
        rec = assess(q, firm(profile)).strategy
        second = rec.fits[rec.runner_up]
        assert rec.margin == pytest.approx(rec.fits[rec.recommended] - second)
        assert rec.close_call == (rec.margin < margin)


def test_a_close_call_names_both_types_and_what_decides_it(q, calibration):
    close = [r for r in calibration.values() if r.strategy.close_call]
    close.append(assess(q, close_call_answers(q)))
    assert close[-1].strategy.close_call
    for result in close:
        rec = result.strategy
        assert rec.between == (rec.recommended, rec.runner_up)
        assert rec.margin < q.strategy.close_call_margin
        if rec.decider:
            dims01, _ = dims_for_fit(result.dimensions)
            moved = dims01 | {rec.decider.dimension: rec.decider.to_score / 100}
            assert winner(q, moved, result.answers) == rec.runner_up
        data = result.to_dict()["strategy"]
        assert data["close_call"] is True and data["margin"] == round(rec.margin, 4)


def _check_dimension_flip(q, result):
    rec = result.strategy
    flip = rec.dimension_flip
    if flip is None:
        return
    assert flip.from_score != flip.to_score  # never "67 → 67"
    dims01, _ = dims_for_fit(result.dimensions)
    moved = dims01 | {flip.dimension: flip.to_score / 100}
    assert winner(q, moved, result.answers) == flip.to != rec.recommended
    # and it is the smallest such move: one point less does not flip it
    step = 1 if flip.to_score > flip.from_score else -1
    if flip.to_score - step != flip.from_score:
        almost = dims01 | {flip.dimension: (flip.to_score - step) / 100}
        assert winner(q, almost, result.answers) == rec.recommended


def _check_answer_flip(q, result):
    rec = result.strategy
    flip = rec.answer_flip
    if flip is None:
        return
    assert flip.from_value != flip.to_value
    changed = assess(q, result.answers | {flip.question: flip.to_value}).strategy
    assert changed.recommended == flip.to != rec.recommended


@pytest.mark.parametrize("profile", CANONICAL)
def test_flips_of_canonical_firms_hold_when_applied(q, profile):
    result = assess(q, firm(profile))  # a clear-cut firm may have no flip within reach: then none is shown
    _check_dimension_flip(q, result)
    _check_answer_flip(q, result)


def test_flips_of_calibration_firms_hold_when_applied(q, calibration):
    for result in calibration.values():
        _check_dimension_flip(q, result)
        _check_answer_flip(q, result)


def test_a_border_firm_has_a_single_answer_flip(q):
    answers = firm("regional_industry", industry=0.62, capital=0.35)
    rec = assess(q, answers).strategy
    assert rec.answer_flip is not None
    _check_answer_flip(q, assess(q, answers))


# ---- compliance and licences bind (issue 10 item 3) -----------------------------------------------


def weak_compliance_leader(q):
    return firm("ecosystem_leader", compliance=0.05, data=0.3) | {
        "strategic_goals": ["data_monetisation", "scenario_expansion", "user_growth"],
        "licences_held": ["brokerage"],
    }


def test_red_compliance_blocks_the_leader_and_equity_and_caps_the_band(q):
    result = assess(q, weak_compliance_leader(q))
    assert result.compliance_first and set(result.gates.gate_risks) <= {"data_security", "licence_barrier"}
    assert result.strategy.recommended != "ecosystem_leader"
    assert "ecosystem_leader" in result.strategy.blocked_types
    equity = [m for m in result.modes if m.mode.family == "equity"]
    assert equity and all(m.status in ("blocked", "not_assessed") for m in equity)
    assert all(m.mode.family != "equity" for m in result.modes if m.eligible)
    assert result.band.id == "foundations"
    data = result.to_dict()["gates"]
    assert data["compliance_first"] is True and set(data["blocked_modes"]) >= {"equity_head"}


def test_mitigating_the_compliance_risk_lifts_the_gate(q):
    answers = weak_compliance_leader(q)
    assert assess(q, answers).compliance_first
    fixed = (
        answers
        | answers_for(q, {"compliance": 0.9, "data": 0.9})
        | {
            k: v
            for k, v in firm("ecosystem_leader").items()
            if q.question(k).dimension not in ("compliance", "data")
        }
    )
    assert not assess(q, fixed).compliance_first


def test_a_failed_privacy_review_costs_015(q):
    answers = firm("regional_industry")
    plain = assess(q, answers, indicators={})
    failed = assess(q, answers, indicators={q.risk.privacy_review_indicator: 1})
    assert failed.privacy_penalty == pytest.approx(0.15)
    assert failed.risk_adjusted_readiness == pytest.approx(
        max(0.0, failed.readiness * (1 - failed.risk.weight) - 0.15)
    )
    assert plain.privacy_penalty == 0.0


# ---- completeness gates (issue 10 item 5) ---------------------------------------------------------


def test_a_dimension_needs_its_minimum_share_answered(q):
    answers = firm("ecosystem_leader")
    capital = [x.id for x in q.questions_in("capital")]
    share = q.completeness.min_share
    keep = next(n for n in range(len(capital) + 1) if n / len(capital) >= share)
    just_enough = {k: v for k, v in answers.items() if k not in capital[keep:]}
    too_few = {k: v for k, v in answers.items() if k not in capital[keep - 1 :]}
    assert dimension_scores(q, just_enough)["capital"].counted
    score = dimension_scores(q, too_few)["capital"]
    assert not score.counted and score.partial is not None and score.answered == keep - 1


def test_skipping_weak_answers_gives_a_provisional_result(q):
    weak = answers_for(q, {}, default=0.2)
    best_only = {x.id: answers_for(q, {}, default=1.0)[x.id] for x in (q.questions_in("capital")[0],)}
    answers = {k: v for k, v in weak.items() if q.question(k).dimension != "capital"} | best_only
    result = assess(q, answers)
    assert result.provisional and result.strategy.recommended is None
    assert result.band is None and result.archetypes == ()
    head = next(m for m in result.modes if m.id == "equity_head")
    assert head.status == "not_assessed" and "capital" in head.missing_inputs
    assert result.to_dict()["decision_band"] is None


def test_missing_dimension_gives_no_recommendation_but_fits(q):
    answers = firm("ecosystem_leader")
    partial = {k: v for k, v in answers.items() if q.question(k).dimension != "organization"}
    rec = recommend(q, dimension_scores(q, partial), partial)
    assert rec.recommended is None and rec.missing_dimensions == ("organization",)
    assert set(rec.fits) == set(CANONICAL)


# ---- one winner rule ------------------------------------------------------------------------------


def test_every_caller_picks_the_winner_the_same_way(q):
    assert rank({"alliance_member": 0.5, "ecosystem_leader": 0.5}) == ("ecosystem_leader", "alliance_member")
    for profile in CANONICAL:
        answers = firm(profile)
        scores = dimension_scores(q, answers)
        expected = assess(q, answers).strategy.recommended
        assert recommended_type(q, scores, answers) == expected
        assert group.recommended_type(q, scores, answers) == expected


def test_the_cli_says_a_close_call_out_loud(q, capsys, tmp_path):
    import json

    import yaml

    from model.cli.main import main

    path = tmp_path / "close_call.yaml"
    doc = {"questionnaire": q.id, "version": q.version, "answers": close_call_answers(q)}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    assert main(["assess", str(path)]) == 0
    strategy = json.loads(capsys.readouterr().out)["strategy"]
    assert strategy["close_call"] is True and 0 <= strategy["margin"] < 0.05
    assert set(strategy["between"]) == {"vertical_specialist", "ecosystem_leader"}
