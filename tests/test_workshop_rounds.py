"""Rounds and reveal, anonymity, the participants' limits and the facilitator's exclusions, against the
real databases (SQLite always, PostgreSQL when reachable; required under CI=true)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from tests_paths import questionnaire
from workshop_data import team
from workshop_db import database

from model.workshop.group import Submission, convergence, distribution, merged_roles
from storage import AccessDenied, BadText, JoinRefused, NotFound, db, keys
from storage import workshops as store
from storage.schema import participants, submissions

Q = questionnaire()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with database(request.param, tmp_path) as u:
        yield u


def token() -> str:
    return keys.new_token()


def new(engine, anonymity="named"):
    return store.create_workshop(engine, "Offsite", "zh", Q.id, Q.version, anonymity=anonymity)


def test_two_rounds_with_a_reveal_keep_both_rounds(url):
    engine = db.get_engine(url)
    made = new(engine)
    w, key = made.workshop, made.key
    members = team(Q, 3, seed=5)
    tokens = [token() for _ in members]
    for tk, m in zip(tokens, members, strict=True):
        store.join(engine, w.id, tk, "P", m["role"])
        store.submit(engine, w.id, tk, m["answers"])

    # round 1: nobody sees anything of the others
    with pytest.raises(AccessDenied):
        store.revealed_answers(engine, w.id, tokens[0])
    with pytest.raises(AccessDenied):  # not even after the reveal, with a token that never joined
        store.set_revealed(engine, w.id, key, True)
        store.revealed_answers(engine, w.id, token())
    seen = store.revealed_answers(engine, w.id, tokens[0])
    canonical = lambda a: json.dumps(a, sort_keys=True)  # noqa: E731 (JSONB reorders keys)
    assert sorted(map(canonical, seen)) == sorted(canonical(m["answers"]) for m in members)
    assert all(set(a) <= {x.id for x in Q.questions} for a in seen)  # answers only: no names or roles
    spread = distribution(Q, seen)
    assert spread.count == 3 and any(sum(s.options.values()) >= 3 for s in spread.questions.values())

    # round 2 starts from each person's round 1 answers, and both rounds are kept
    assert store.open_round(engine, w.id, key, 2).round == 2
    own = store.own_submission(engine, w.id, tokens[0])
    assert own.answers == members[0]["answers"] and own.submitted_at is None
    consensus = dict(members[1]["answers"])
    for tk in tokens:
        store.submit(engine, w.id, tk, consensus)  # everyone moves to the same answers
    rows = store.all_submissions(engine, w.id, key)
    assert sorted((r.round, r.revision) for r in rows) == [(1, 1)] * 3 + [(2, 1)] * 3
    first = [Submission(r.answers) for r in rows if r.round == 1]
    second = [Submission(r.answers) for r in rows if r.round == 2]
    change = convergence(Q, first, second)
    assert change.mean_after == pytest.approx(0, abs=1e-12) and change.mean_before > 0.05 and change.converged
    assert change.still_contested == ()
    assert store.counts(engine, w.id, key).submitted == 3  # in the open round


def test_an_anonymous_workshop_stores_no_name_and_merges_small_roles(url):
    engine = db.get_engine(url)
    made = new(engine, "anonymous")
    w = made.workshop
    roles = ["cto", "cto", "cto", "cro"]
    for role in roles:
        tk = token()
        store.join(engine, w.id, tk, "王小明", role)
        store.submit(engine, w.id, tk, {"institution_type": "regional_broker"}, name="王小明", role=role)
    with engine.connect() as conn:
        names = conn.execute(select(participants.c.name).where(participants.c.workshop_id == w.id)).scalars()
        assert list(names) == [None] * 4
        stored = conn.execute(
            select(submissions.c.answers).where(submissions.c.workshop_id == w.id)
        ).scalars()
        assert "王小明" not in str(list(stored))
    assert merged_roles(roles) == ("other",) * 4  # the one CRO cannot be told apart
    role_only = new(engine, "role").workshop
    tk = token()
    store.join(engine, role_only.id, tk, "Li", "cro")
    assert store.own_submission(engine, role_only.id, tk).name is None


def test_clearing_a_name_clears_it(url):
    engine = db.get_engine(url)
    w = new(engine).workshop
    tk = token()
    store.join(engine, w.id, tk, "Li Ming", "cto")
    store.submit(engine, w.id, tk, {}, name="", role=None)
    own = store.own_submission(engine, w.id, tk)
    assert (own.name, own.role) == (None, None)


@pytest.mark.parametrize("bad", ["a\x00b", "x\ud800y"])
def test_nul_and_lone_surrogates_are_refused_everywhere(url, bad):
    engine = db.get_engine(url)
    with pytest.raises(BadText):
        store.create_workshop(engine, bad, "zh", Q.id, Q.version)
    w = new(engine).workshop
    with pytest.raises(BadText):
        store.join(engine, w.id, token(), bad)
    tk = token()
    store.join(engine, w.id, tk)
    with pytest.raises(BadText):
        store.submit(engine, w.id, tk, {"note": bad})
    store.submit(engine, w.id, tk, {"note": "fine"})  # the store still works afterwards
    assert store.own_submission(engine, w.id, tk).answers == {"note": "fine"}


def test_joins_have_a_cap_and_a_rate_limit(url, monkeypatch):
    engine = db.get_engine(url)
    w = new(engine).workshop
    monkeypatch.setattr(store, "JOINS_PER_MINUTE", 3)
    for _ in range(3):
        store.join(engine, w.id, token())
    with pytest.raises(JoinRefused) as busy:
        store.join(engine, w.id, token())
    assert busy.value.reason == "busy"
    with pytest.raises(JoinRefused):  # submitting with a new token is a join too
        store.submit(engine, w.id, token(), {})
    monkeypatch.setattr(store, "JOINS_PER_MINUTE", 100)
    monkeypatch.setattr(store, "MAX_PARTICIPANTS", 3)
    with pytest.raises(JoinRefused) as full:
        store.join(engine, w.id, token())
    assert full.value.reason == "full"


def test_the_facilitator_excludes_or_deletes_one_participant(url):
    engine = db.get_engine(url)
    made = new(engine)
    w, key = made.workshop, made.key
    tokens = [token() for _ in range(3)]
    for i, tk in enumerate(tokens):
        store.submit(engine, w.id, tk, {"n": i}, name=f"P{i}")
    rows = store.all_submissions(engine, w.id, key)
    troll = next(r.participant for r in rows if r.name == "P1")
    store.set_excluded(engine, w.id, key, troll, True)
    assert [r.excluded for r in store.all_submissions(engine, w.id, key)] == [False, True, False]
    store.set_revealed(engine, w.id, key, True)
    assert {"n": 1} not in store.revealed_answers(engine, w.id, tokens[0])  # nor in the spread
    store.delete_participant(engine, w.id, key, troll)
    assert [r.name for r in store.all_submissions(engine, w.id, key)] == ["P0", "P2"]
    with pytest.raises(NotFound):
        store.delete_participant(engine, w.id, key, troll)
    with pytest.raises(AccessDenied):
        store.set_excluded(engine, w.id, "wrong-key", rows[0].participant, True)


def test_presence_counts_joined_answering_and_submitted_without_answers(url):
    engine = db.get_engine(url)
    made = new(engine)
    w, key = made.workshop, made.key
    a, b, c = token(), token(), token()
    for tk in (a, b, c):
        store.join(engine, w.id, tk, "X", "cto")
    store.report_progress(engine, w.id, b, 7)
    store.submit(engine, w.id, c, {"n": 1})
    people = store.presence(engine, w.id, key)
    assert sorted((p.submitted, p.progress > 0) for p in people) == [
        (False, False),
        (False, True),
        (True, False),
    ]
    assert not any(hasattr(p, "answers") or hasattr(p, "name") for p in people)


def test_a_signed_in_owner_reopens_with_a_new_key_and_nobody_else_can(url):
    engine = db.get_engine(url)
    made = store.create_workshop(engine, "Mine", "zh", Q.id, Q.version, owner="https://idp|anna")
    new(engine)  # somebody else's, without an owner
    assert [w.id for w in store.owned_workshops(engine, "https://idp|anna")] == [made.workshop.id]
    assert store.owned_workshops(engine, "https://idp|bob") == []
    with pytest.raises(AccessDenied):
        store.reissue_key(engine, made.workshop.id, "https://idp|bob")
    key = store.reissue_key(engine, made.workshop.id, "https://idp|anna")
    assert store.facilitator_workshop(engine, made.workshop.id, key).title == "Mine"
    with pytest.raises(AccessDenied):  # the old private link no longer opens it
        store.facilitator_workshop(engine, made.workshop.id, made.key)
