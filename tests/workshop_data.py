"""Synthetic but plausible workshop teams: one firm seen by several executives who disagree a little
(each rates their own area higher), for the workshop tests, screenshots and bench/bench_workshop.py."""

from __future__ import annotations

import random
from typing import Any

from profiles import closest_answer

from model.content.schema import DIMENSION_IDS, Questionnaire
from model.workshop.group import ROLES, judgement_matrix

# The firm as a whole: a regional broker with strong local industry ties.
FIRM = {
    "capital": 0.45,
    "technology": 0.5,
    "data": 0.4,
    "channel": 0.45,
    "scenario": 0.35,
    "industry": 0.8,
    "cross_border": 0.15,
    "compliance": 0.6,
    "organization": 0.45,
}
FIRM_PROFILE = {"institution_type": "regional_broker", "cross_border_intent": "none"}
# Each role sees its own area through rose-tinted glasses.
ROLE_BIAS = {
    "cto": {"technology": 0.2, "data": 0.15},
    "cro": {"compliance": 0.15, "technology": -0.1},
    "cmo": {"channel": 0.2, "scenario": 0.15},
    "business": {"industry": 0.1, "capital": 0.1},
    "compliance": {"compliance": 0.2, "data": -0.1},
    "other": {},
}
SAATY = (1 / 3, 1 / 2, 1.0, 2.0, 3.0)


def participant_answers(q: Questionnaire, role: str | None, rng: random.Random) -> dict[str, Any]:
    """Answers of one participant: the firm's levels, their role's bias and some personal noise."""
    bias = ROLE_BIAS.get(role or "other", {})
    answers: dict[str, Any] = {}
    for d in DIMENSION_IDS:
        personal = rng.uniform(-0.12, 0.12)
        for question in q.questions_in(d):
            target = FIRM[d] + bias.get(d, 0.0) + personal + rng.uniform(-0.2, 0.2)
            answers[question.id] = closest_answer(question, min(1.0, max(0.0, target)))
    for question in q.questions_in("profile"):
        if question.id in FIRM_PROFILE:
            answers[question.id] = FIRM_PROFILE[question.id]
        elif question.type in ("single", "scale"):
            answers[question.id] = question.options[min(1, len(question.options) - 1)].value
    return answers


def team(q: Questionnaire, size: int, seed: int = 7, ahp_share: float = 0.6) -> list[dict[str, Any]]:
    """`size` participants: {"name", "role", "answers", "ahp"} (ahp: a 3 x 3 matrix or None)."""
    rng = random.Random(seed)
    out = []
    for k in range(size):
        role = ROLES[k % len(ROLES)] if k % 7 else None
        ahp = None
        if rng.random() < ahp_share:
            ahp = judgement_matrix([rng.choice(SAATY[2:]), rng.choice(SAATY[1:]), rng.choice(SAATY)])
        out.append(
            {
                "name": f"Participant {k + 1}",
                "role": role,
                "answers": participant_answers(q, role, rng),
                "ahp": ahp,
            }
        )
    return out
