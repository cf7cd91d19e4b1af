"""Answers of questionnaire version 1 (files, examples, share links) open in version 2: what carries over is
kept exactly, every change is on the review list with a reason, nothing else is lost."""

import json
from pathlib import Path

import pytest
import yaml
from tests_paths import questionnaire

from model import InputError, load_answers, parse_answers
from model.cli.main import main as cli
from model.content.schema import DIMENSION_IDS
from model.inputs import share
from model.inputs.answers import to_document
from model.inputs.examples import EXAMPLES_DIR
from model.scoring.dimensions import dimension_scores

Q = questionnaire()
(STEP,) = Q.migrations
V1 = Path(__file__).parent / "fixtures" / "answers_v1"
V1_FILES = sorted(V1.glob("*.yaml"))
V1_IDS = {k for block in STEP.source.values() for k in block}
CHANGED = {c.id for c in STEP.changes}


def raw_v1(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {**data.get("profile", {}), **data.get("answers", {})}


def same(a, b) -> bool:  # multi answers are kept in questionnaire order
    return sorted(a) == sorted(b) if isinstance(a, list) and isinstance(b, list) else a == b


def test_the_fixtures_are_version_1_and_the_examples_version_2():
    assert Q.version == 2 and STEP.from_version == 1
    assert len(V1_FILES) == 4
    for path in V1_FILES:
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == 1
    for path in EXAMPLES_DIR.glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == Q.version


@pytest.mark.parametrize("path", V1_FILES, ids=[p.stem for p in V1_FILES])
def test_every_v1_example_migrates_without_loss(path):
    old = raw_v1(path)
    migrated = load_answers(path, Q)
    assert migrated.migrated_from == 1
    assert set(migrated.answers) <= {x.id for x in Q.questions}  # no unknown ids
    # every answer to a question that stayed as it was is carried over unchanged
    for qid, value in old.items():
        if qid not in CHANGED:
            assert same(migrated.answers[qid], value), qid
    # everything that did not carry over unchanged is on the review list
    looked_at = {r.source for r in migrated.review}
    for qid, value in old.items():
        if not same(migrated.answers.get(qid), value):
            assert qid in looked_at, qid
    for r in migrated.review:
        assert r.question is None or Q.question(r.question), r
        assert r.reason.zh.strip() and r.reason.en.strip()
    assert migrated.meta == {k: str(v) for k, v in yaml.safe_load(path.read_text())["meta"].items()}


def test_the_re_answer_list_of_the_leader_example():
    migrated = load_answers(V1 / "1_leader.yaml", Q)
    pairs = {(r.kind, r.question, r.source) for r in migrated.review}
    assert ("removed", None, "tech_blockchain") in pairs
    assert ("removed", None, "ind_iot_monitoring") in pairs
    assert ("moved", "met_cac", "chan_cac") in pairs  # duplicate folded into the figure
    assert ("moved", "ind_regional_ties", "cap_industrial_capital") in pairs
    assert ("changed", "data_monetisation", "data_monetisation") in pairs  # its old level has no match
    assert ("new", "comp_csrc_rating", "comp_csrc_rating") in pairs
    # an answer the migration could not map is cleared, not guessed
    assert "data_monetisation" not in migrated.answers
    # a merge never overwrites the answer the file already had for the surviving question
    assert migrated.answers["ind_regional_ties"] == "framework_agreements"
    assert migrated.answers["met_cac"] == 450
    # reviews only where the answer calls for it: the leader never chose "avoid" for VAM terms
    assert not any(r.source == "cap_vam_terms" for r in migrated.review)
    # one review per (question, source), ordered as the questionnaire, removed ones last
    assert len(pairs) == len(migrated.review)
    assert [r.question for r in migrated.review][-2:] == [None, None]


def v1_doc(**answers) -> dict:
    return {"questionnaire": Q.id, "version": 1, "answers": answers}


def test_a_merge_fills_the_surviving_question_when_it_was_unanswered():
    migrated = parse_answers(
        v1_doc(cap_industrial_capital="equity_ties", met_data_assets="internal_models"), Q, "x"
    )
    assert migrated.answers == {"ind_regional_ties": "equity_binding", "data_monetisation": "internal_value"}
    assert {(r.kind, r.question) for r in migrated.review} >= {
        ("moved", "ind_regional_ties"),
        ("moved", "data_monetisation"),
    }


def test_an_option_review_is_raised_only_for_that_option():
    assert any(
        r.source == "cap_vam_terms" for r in parse_answers(v1_doc(cap_vam_terms="avoid"), Q, "x").review
    )
    kept = parse_answers(v1_doc(cap_vam_terms="managed"), Q, "x")
    assert kept.answers == {"cap_vam_terms": "managed"}
    assert not any(r.source == "cap_vam_terms" for r in kept.review)


def test_a_v1_file_that_was_never_valid_is_still_refused():
    with pytest.raises(InputError) as info:
        parse_answers(v1_doc(tech_blockchain="<script>"), Q, "old.yaml")
    assert "answers.tech_blockchain" in info.value.text("en") and "consortium" in info.value.text("en")
    with pytest.raises(InputError):
        parse_answers(v1_doc(no_such_question=1), Q, "old.yaml")
    with pytest.raises(InputError) as info:
        parse_answers({**v1_doc(), "version": 0}, Q, "old.yaml")
    assert info.value.code == "old_version"


@pytest.mark.parametrize("stem", ["1_leader", "4_small"])
def test_a_v1_share_link_opens(stem):
    token = (V1 / f"{stem}.link.txt").read_text().strip()
    assert token.startswith("1.1.")  # made by version 1 of the app
    opened = share.decode(token, Q)
    from_file = load_answers(V1 / f"{stem}.yaml", Q)
    assert opened.migrated_from == 1
    assert opened.answers == from_file.answers
    assert [(r.question, r.source) for r in opened.review] == [
        (r.question, r.source) for r in from_file.review
    ]
    # opened links are re-shared as version 2
    assert share.encode(opened, Q).startswith(f"1.{Q.version}.")


def test_a_damaged_v1_link_is_refused():
    token = (V1 / "1_leader.link.txt").read_text().strip()
    with pytest.raises(InputError) as info:
        share.decode(token[:-3], Q)
    assert info.value.code == "link_damaged"


@pytest.mark.parametrize("path", sorted(EXAMPLES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_v2_file_round_trips_unchanged(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded = load_answers(path, Q)
    assert loaded.migrated_from is None and loaded.review == ()
    doc = to_document(loaded, Q)
    assert doc == {k: v for k, v in data.items() if k != "title"}
    assert share.decode(share.encode(loaded, Q), Q).answers == loaded.answers


def test_assess_command_accepts_v1_and_lists_what_to_review(capsys):
    assert cli(["assess", str(V1 / "3_specialist.yaml"), "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    migration = data["migration"]
    assert migration["from_version"] == 1 and migration["to_version"] == Q.version
    sources = {r["from_question"] for r in migration["review"]}
    assert {"chan_cac", "tech_blockchain", "scen_client_segment"} <= sources
    assert all(r["reason"] for r in migration["review"])
    assert cli(["assess", str(EXAMPLES_DIR / "3_specialist.yaml")]) == 0
    assert "migration" not in json.loads(capsys.readouterr().out)


def test_the_map_covers_every_version_1_question():
    survived = {x.id for x in Q.questions}
    for qid in V1_IDS:
        assert qid in survived or qid in CHANGED, qid


def test_not_tracked_scores_like_skipping():
    base = {"chan_active_users": 300, "chan_platform_partnerships": "one_platform"}
    skipped = dimension_scores(Q, base)["channel"]
    not_tracked = dimension_scores(Q, {**base, "chan_partner_conversion": "not_tracked"})["channel"]
    # compared on the mean of the answers given: two answers are too few for the dimension to count
    assert not_tracked.partial == skipped.partial and not_tracked.answered == skipped.answered
    low = dimension_scores(Q, {**base, "chan_partner_conversion": "under_5"})["channel"]
    assert low.partial < skipped.partial


def test_each_dimension_keeps_enough_questions_for_a_completeness_gate():
    for did in DIMENSION_IDS:
        assert 5 <= len(Q.questions_in(did)) <= 7, did


def test_help_never_names_the_best_answer():
    for x in Q.questions:
        for phrase in ("对标基准", "满分", "得分越高", "达到报告"):
            assert phrase not in x.help.zh, (x.id, phrase)
        assert "score" not in x.help.en.lower() or x.dimension == "profile", x.id


def test_the_assessment_page_lists_what_to_look_at_again():
    from streamlit.testing.v1 import AppTest
    from tests_paths import APP

    migrated = load_answers(V1 / "2_regional.yaml", Q)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state["lang"] = "zh"
    at.session_state["answers"] = dict(migrated.answers)
    at.session_state["migration_review"] = (migrated.migrated_from, migrated.review)
    at.run().switch_page("pages/assessment.py").run()
    assert not at.exception
    (notice,) = [e for e in at.expander if "第 1 版" in e.label]
    # capital: the new risk-headroom question (2) and the corrected equity question (4)
    assert "第 2、4 题" in " ".join(c.value for c in at.caption)
    to_look_at = {r.question for r in migrated.review if r.question}  # removed ones are listed, not counted
    assert f"请复核 {len(to_look_at)} 道题" in notice.label
    shown = " ".join(m.value for m in [*notice.markdown, *notice.caption])
    assert "获客成本区间" in shown and "A 股通过中国结算集中清算" in shown  # a moved and a removed question
    assert "chan_cac" not in shown  # questions by their text, never by id
    # questions that need another department are named for hand-over (capital: risk, compliance)
    handover = " ".join(c.value for c in at.caption)
    assert "第 2 题：风险管理部" in handover and "第 4 题：合规法务部" in handover
    assert "第 1 题：" not in handover  # the public net-capital ranking is the strategy team's to answer
    at.button(key="review_dismiss").click().run()
    assert not [e for e in at.expander if "第 1 版" in e.label]
