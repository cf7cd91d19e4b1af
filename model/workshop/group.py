"""Workshop aggregation (DESIGN §5): many participants' answers -> spread, disagreement and consensus.

Pure functions over plain data (no database, no UI), so the dashboard, the exports, the benchmark and the
tests share one computation. The full `assess` runs once, for the group's answer set; each participant
gets only what the dashboard needs (dimension scores and the recommended type), which keeps 1,000
submissions well under a second.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model.content.schema import DIMENSION_IDS, INDEX_IDS, Question, Questionnaire
from model.errors import InputError
from model.inputs.answers import check_value
from model.methods.ahp import GroupAhpResult, group_ahp, reciprocal_matrix
from model.scoring import strategy
from model.scoring.assess import Result, assess
from model.scoring.dimensions import dimension_scores, question_score

ROLES = ("cto", "cro", "cmo", "business", "compliance", "other")
# Participants' optional readiness-weight judgements: a 3 x 3 pairwise matrix over these, in this order.
AHP_LABELS = INDEX_IDS
# The tool's judgement (README): in an anonymous workshop a role is shown only when at least three
# people hold it (with two, each can guess the other's answers), and a question is "still contested"
# after round 2 when the answer scores' standard deviation is 0.2 or more on the 0..1 scale — about
# one step of a five-point scale between a typical answer and the mean.
ANONYMOUS_MIN_GROUP = 3
CONTESTED_AT = 0.2


@dataclass(frozen=True)
class Submission:
    """One participant's latest answers (question id -> value), optional role and AHP judgements."""

    answers: dict[str, Any]
    role: str | None = None
    ahp: Any = None


@dataclass(frozen=True)
class Contested:
    """A question the team disagrees on: spread = population standard deviation of answer scores (0..1)."""

    question: str
    dimension: str
    spread: float
    count: int
    mean: float
    low: Any  # an answer with the lowest maturity score
    high: Any  # an answer with the highest


@dataclass(frozen=True)
class RoleView:
    role: str | None  # None: the participant gave no role
    count: int
    dimensions: dict[str, float | None]  # mean dimension score 0..100 over the role's participants


@dataclass(frozen=True)
class DimensionStats:
    count: int
    low: float
    median: float
    high: float


@dataclass(frozen=True)
class WorkshopSummary:
    count: int
    scores: tuple[dict[str, float | None], ...]  # per participant: dimension -> 0..100 or None
    roles: tuple[str | None, ...]
    types: tuple[str | None, ...]  # per participant: recommended type, None while dimensions are missing
    contested: tuple[Contested, ...]  # most contested first
    group_answers: dict[str, Any]
    group: Result | None  # assess(group answers), with the group's AHP weights when there are any
    by_role: tuple[RoleView, ...]
    ahp: GroupAhpResult | None
    ahp_count: int
    skipped_answers: int = 0  # stored values that are no longer valid for this questionnaire
    type_counts: dict[str | None, int] = field(default_factory=dict)

    def spread(self, dimension: str) -> list[float]:
        """The individual scores of one dimension (participants who answered it)."""
        return [s[dimension] for s in self.scores if s[dimension] is not None]

    def stats(self, dimension: str) -> DimensionStats | None:
        """Count, minimum, median and maximum of one dimension's individual scores (None if nobody)."""
        values = self.spread(dimension)
        if not values:
            return None
        return DimensionStats(len(values), min(values), statistics.median(values), max(values))

    @property
    def ahp_weights(self) -> dict[str, float] | None:
        return dict(zip(AHP_LABELS, self.ahp.weights, strict=True)) if self.ahp else None


def _prepare(q: Questionnaire, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, float], int]:
    """One pass: (the answers valid for this questionnaire — stored rows may predate a content change —,
    the maturity 0..1 of the scored ones by model.scoring's question_score, how many were dropped)."""
    out: dict[str, Any] = {}
    scores: dict[str, float] = {}
    dropped = 0
    for qid, value in answers.items():
        question = q.question(qid) if isinstance(qid, str) else None
        if question is None:
            dropped += 1
            continue
        try:
            out[qid] = value = check_value(question, value, qid)
        except InputError:
            dropped += 1
            continue
        if question.scored or question.index:
            score = question_score(question, value)
            if score is not None:
                scores[qid] = score
    return out, scores, dropped


def clean_answers(q: Questionnaire, answers: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Keep the answers valid for this questionnaire; also returns how many were dropped."""
    cleaned, _, dropped = _prepare(q, answers)
    return cleaned, dropped


def recommended_type(q: Questionnaire, scores, answers: dict[str, Any]) -> str | None:
    """The type `assess` would recommend, without drivers and flips: the one winner rule of strategy.py."""
    return strategy.recommended_type(q, scores, answers)


def summarise(q: Questionnaire, submissions: Sequence[Submission]) -> WorkshopSummary:
    """Everything the facilitator dashboard shows, from the participants' latest submissions."""
    cleaned, question_scores, scores, types = [], [], [], []
    skipped = 0
    for sub in submissions:
        answers, per_question, dropped = _prepare(q, sub.answers if isinstance(sub.answers, dict) else {})
        skipped += dropped
        dims = dimension_scores(q, answers)
        cleaned.append(answers)
        question_scores.append(per_question)
        scores.append({d: dims[d].score for d in DIMENSION_IDS})
        types.append(recommended_type(q, dims, answers))
    roles = tuple(sub.role if sub.role in ROLES else None for sub in submissions)
    ahp, ahp_count = group_weights(sub.ahp for sub in submissions)
    group_answers = group_answer_set(q, cleaned)
    weights = dict(zip(AHP_LABELS, ahp.weights, strict=True)) if ahp else None
    return WorkshopSummary(
        count=len(submissions),
        scores=tuple(scores),
        roles=roles,
        types=tuple(types),
        contested=contested_questions(q, cleaned, question_scores),
        group_answers=group_answers,
        group=assess(q, group_answers, weights) if submissions else None,
        by_role=role_views(roles, scores),
        ahp=ahp,
        ahp_count=ahp_count,
        skipped_answers=skipped,
        type_counts=dict(Counter(types)),
    )


# ---------------------------------------------------------------- disagreement


def _scored_questions(q: Questionnaire) -> list[Question]:
    """Questions whose answers have a maturity score: the nine dimensions and the metric indices."""
    return [x for x in q.questions if x.scored or x.index]


def _spread(values: list[float]) -> tuple[float, float]:
    """(mean, population standard deviation); statistics.pstdev is exact but 20x slower."""
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(max(0.0, math.fsum((v - mean) ** 2 for v in values) / len(values)))


def contested_questions(
    q: Questionnaire,
    answer_sets: Sequence[dict[str, Any]],
    question_scores: Sequence[dict[str, float]] | None = None,
) -> tuple[Contested, ...]:
    """Questions answered by at least two people, the widest spread of answer scores first."""
    if question_scores is None:
        question_scores = [_prepare(q, a)[1] for a in answer_sets]
    out = []
    for question in _scored_questions(q):
        qid = question.id
        values, low, high = [], None, None
        for answers, scores in zip(answer_sets, question_scores, strict=True):
            s = scores.get(qid)
            if s is None:
                continue
            values.append(s)
            if low is None or s < low[0]:
                low = (s, answers[qid])
            if high is None or s > high[0]:
                high = (s, answers[qid])
        if len(values) < 2:
            continue
        mean, spread = _spread(values)
        out.append(Contested(qid, question.dimension, spread, len(values), mean, low[1], high[1]))
    order = {x.id: i for i, x in enumerate(q.questions)}
    out.sort(key=lambda c: (-round(c.spread, 12), -c.count, order[c.question]))
    return tuple(out)


# ---------------------------------------------------------------- consensus


def group_answer_set(q: Questionnaire, answer_sets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One answer per question that anybody answered, standing for the group (see group_answer)."""
    out = {}
    for question in q.questions:
        values = [a[question.id] for a in answer_sets if question.id in a]
        if values:
            value = group_answer(question, values)
            if value is not None:
                out[question.id] = value
    return out


def group_answer(question: Question, values: list[Any]) -> Any:
    """single/scale: the option whose score is closest to the median answer score (ties: the more often
    chosen, then the more cautious, i.e. lower-scored, option: an evenly split team does not get the
    benefit of the doubt), or the most chosen option when options carry no score;
    multi: the options at least half chose (None if none did); number: the median."""
    if question.type == "number":
        return statistics.median(values)
    if question.type == "multi":
        counts = Counter(v for value in values for v in value)
        chosen = [o.value for o in question.options if 2 * counts[o.value] >= len(values)]
        return chosen or None
    counts = Counter(values)
    position = {o.value: i for i, o in enumerate(question.options)}
    scores = {v: question.option(v).score for v in counts}
    if any(s is None for s in scores.values()):
        return min(counts, key=lambda v: (-counts[v], position[v]))
    median = _weighted_median([(scores[v], counts[v]) for v in counts])
    candidates = [o for o in question.options if o.score is not None]
    best = min(
        candidates,
        key=lambda o: (round(abs(o.score - median), 12), -counts.get(o.value, 0), o.score, position[o.value]),
    )
    return best.value


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    """statistics.median of the values, each repeated `count` times (without building that list)."""
    pairs = sorted(pairs)
    total = sum(c for _, c in pairs)
    lower, upper = (total - 1) // 2, total // 2  # the middle position(s), 0-based
    found, seen = [], 0
    for value, count in pairs:
        for target in (lower, upper):
            if seen <= target < seen + count:
                found.append(value)
        seen += count
    return (found[0] + found[-1]) / 2


# ---------------------------------------------------------------- roles and weights


def role_views(
    roles: Sequence[str | None], scores: Sequence[dict[str, float | None]]
) -> tuple[RoleView, ...]:
    """Mean dimension scores per role, in ROLES order, participants without a role last."""
    out = []
    for role in (*ROLES, None):
        rows = [s for r, s in zip(roles, scores, strict=True) if r == role]
        if not rows:
            continue
        means = {}
        for d in DIMENSION_IDS:
            present = [s[d] for s in rows if s[d] is not None]
            means[d] = statistics.fmean(present) if present else None
        out.append(RoleView(role, len(rows), means))
    return tuple(out)


def valid_ahp(matrix: Any) -> np.ndarray | None:
    """A participant's 3 x 3 readiness judgement matrix, or None if absent or unusable."""
    if matrix is None:
        return None
    try:
        a = reciprocal_matrix(matrix, "ahp")
    except (InputError, TypeError, ValueError):
        return None
    return a if a.shape == (len(AHP_LABELS), len(AHP_LABELS)) else None


def group_weights(matrices: Iterable[Any]) -> tuple[GroupAhpResult | None, int]:
    """Group readiness weights by the geometric mean of individual judgements (AIJ), and how many gave them.

    Judgements come from Saaty's scale, so a large team repeats the same matrices: each distinct matrix
    enters once, weighted by how many gave it — the same weighted geometric mean, a fraction of the work.
    """
    arrays: dict[Any, np.ndarray] = {}
    counts: Counter = Counter()
    for matrix in matrices:
        key = _matrix_key(matrix)
        if key is None or key not in arrays:
            a = valid_ahp(matrix)
            if a is None:
                continue
            key = key if key is not None else a.tobytes()
            arrays.setdefault(key, a)
        counts[key] += 1
    if not arrays:
        return None, 0
    distinct = list(arrays)
    result = group_ahp([arrays[k] for k in distinct], weights=[counts[k] for k in distinct], method="aij")
    return result, sum(counts.values())


def _matrix_key(matrix: Any) -> tuple | None:
    """A hashable copy of a list-of-lists of numbers (what the store returns), else None."""
    if not isinstance(matrix, list):
        return None
    try:
        return tuple(tuple(float(x) for x in row) for row in matrix)
    except (TypeError, ValueError):
        return None


def judgement_matrix(judgements: Sequence[float]) -> list[list[float]]:
    """The full reciprocal 3 x 3 matrix from the three upper-triangle judgements (a12, a13, a23)."""
    a12, a13, a23 = (float(x) for x in judgements)
    return [[1.0, a12, a13], [1 / a12, 1.0, a23], [1 / a13, 1 / a23, 1.0]]


# ---------------------------------------------------------------- anonymity


def merged_roles(roles: Sequence[str | None], minimum: int = ANONYMOUS_MIN_GROUP) -> tuple[str | None, ...]:
    """Roles as an anonymous workshop shows them: a role (or "no role") held by fewer than `minimum`
    people becomes "other", so nobody is the only CRO in a table; while "other" is itself smaller than
    `minimum`, the smallest remaining role joins it too."""
    counts = Counter(roles)
    small = {r for r, n in counts.items() if n < minimum and r != "other"}
    while True:
        merged = sum(n for r, n in counts.items() if r in small or r == "other")
        rest = sorted((n, str(r)) for r, n in counts.items() if r not in small and r != "other")
        if merged == 0 or merged >= minimum or not rest:
            break
        small.add(next(r for r in counts if str(r) == rest[0][1]))
    return tuple("other" if r in small else r for r in roles)


# ---------------------------------------------------------------- Delphi rounds


@dataclass(frozen=True)
class QuestionSpread:
    """What participants see of one question after the reveal: how many chose each option (or the
    median of a number), never who."""

    count: int
    options: dict[str, int]  # option value -> how many chose it (single, scale, multi)
    median: float | None = None  # number questions


@dataclass(frozen=True)
class RoundDistribution:
    count: int
    questions: dict[str, QuestionSpread]
    dimensions: dict[str, DimensionStats | None]


def distribution(q: Questionnaire, answer_sets: Sequence[dict[str, Any]]) -> RoundDistribution:
    """The anonymous spread of one round: per question and per dimension."""
    cleaned = [_prepare(q, a if isinstance(a, dict) else {})[0] for a in answer_sets]
    questions = {}
    for question in q.questions:
        values = [a[question.id] for a in cleaned if question.id in a]
        if not values:
            continue
        if question.type == "number":
            questions[question.id] = QuestionSpread(len(values), {}, statistics.median(values))
            continue
        counts = Counter(v for value in values for v in (value if isinstance(value, list) else [value]))
        questions[question.id] = QuestionSpread(
            len(values), {o.value: counts[o.value] for o in question.options}
        )
    dims = [dimension_scores(q, a) for a in cleaned]
    stats = {}
    for d in DIMENSION_IDS:
        present = [x[d].score for x in dims if x[d].score is not None]
        stats[d] = (
            DimensionStats(len(present), min(present), statistics.median(present), max(present))
            if present
            else None
        )
    return RoundDistribution(len(cleaned), questions, stats)


@dataclass(frozen=True)
class Change:
    """The spread of one dimension (0..100, population sd) or question (0..1) in each round."""

    id: str
    before: float | None  # round 1; None with fewer than two answers
    after: float | None  # round 2

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class Convergence:
    dimensions: tuple[Change, ...]
    questions: tuple[Change, ...]  # answered by at least two people in both rounds
    mean_before: float | None  # mean question spread over those questions
    mean_after: float | None
    still_contested: tuple[Change, ...]  # round 2 spread at or above CONTESTED_AT, widest first

    @property
    def converged(self) -> bool | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after < self.mean_before


def _sd(values: list[float]) -> float | None:
    return _spread(values)[1] if len(values) >= 2 else None


def convergence(q: Questionnaire, first: Sequence[Submission], second: Sequence[Submission]) -> Convergence:
    """How far the team's spread narrowed from round 1 to round 2 (Delphi), and what stays contested."""
    rounds = []
    for subs in (first, second):
        prepared = [_prepare(q, s.answers if isinstance(s.answers, dict) else {}) for s in subs]
        rounds.append(([p[0] for p in prepared], [p[1] for p in prepared]))
    dimensions = []
    for d in DIMENSION_IDS:
        spread = []
        for cleaned, _ in rounds:
            scores = [dimension_scores(q, a)[d].score for a in cleaned]
            spread.append(_sd([s for s in scores if s is not None]))
        dimensions.append(Change(d, *spread))
    questions = []
    for question in _scored_questions(q):
        spread = [_sd([s[question.id] for s in scores if question.id in s]) for _, scores in rounds]
        if spread[0] is not None and spread[1] is not None:
            questions.append(Change(question.id, *spread))
    before = [c.before for c in questions]
    after = [c.after for c in questions]
    contested = sorted((c for c in questions if c.after >= CONTESTED_AT - 1e-12), key=lambda c: -c.after)
    return Convergence(
        tuple(dimensions),
        tuple(questions),
        statistics.fmean(before) if before else None,
        statistics.fmean(after) if after else None,
        tuple(contested),
    )
