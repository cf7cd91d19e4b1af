"""DEA: published known answers, independent computations and properties (docs/architecture.md)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_settings import examples
from scipy.optimize import linprog

from model.errors import InputError
from model.methods.dea import dea_efficiency, efficient_units, scale_efficiency

# every example solves a linear programme per unit, twice for BCC: half the profile's examples
LP_EXAMPLES = examples(0.5)


def scores(result) -> np.ndarray:
    return np.array([u.efficiency for u in result.units])


def peers(result) -> dict[str, tuple[str, ...]]:
    return {u.name: u.peers for u in result.units}


def multiplier_ccr(x: np.ndarray, y: np.ndarray, o: int) -> float:
    """CCR score from the *multiplier* (ratio) form, an LP independent of the envelopment form the
    model solves: max u.y_o s.t. v.x_o = 1, u.y_j - v.x_j <= 0 for all j, u, v >= 0."""
    m, s = x.shape[1], y.shape[1]
    cost = np.concatenate([-y[o], np.zeros(m)])
    a_ub = np.hstack([y, -x])
    a_eq = np.concatenate([np.zeros(s), x[o]])[None, :]
    res = linprog(cost, A_ub=a_ub, b_ub=np.zeros(len(x)), A_eq=a_eq, b_eq=[1.0], method="highs")
    assert res.status == 0
    return -res.fun


# --------------------------------------------------------------------------------------------
# Published examples
# --------------------------------------------------------------------------------------------


def test_cst2007_cost_efficiency_example_technical_scores():
    """Cooper, Seiford & Tone, "Data Envelopment Analysis" (2nd ed., Springer 2007), ch. 8, the
    cost-efficiency example: DMUs A, B, C with inputs (3,2), (1,3), (4,6) and output 3, 5, 6.
    Printed technical (CCR input-oriented) efficiency 0.9, 1, 0.6 (transcribed as "book results"
    in the DataEnvelopmentAnalysis.jl test suite, test/deacost.jl, checked there to 1e-3)."""
    res = dea_efficiency([[3, 2], [1, 3], [4, 6]], [[3], [5], [6]], ["A", "B", "C"], "ccr")
    assert np.max(np.abs(scores(res) - [0.9, 1.0, 0.6])) <= 1e-3  # measured 1.1e-16
    assert peers(res) == {"A": ("B",), "B": ("B",), "C": ("B",)}


CST_TWO_INPUTS_X = [[4, 3], [7, 3], [8, 1], [4, 2], [2, 4], [10, 1]]
CST_TWO_INPUTS_Y = [[1]] * 6


def test_cst2007_two_inputs_one_output_example():
    """Data: Cooper, Seiford & Tone (2007), ch. 3, example with two inputs and one unit output,
    DMUs A-F. Expected values derived by hand from the frontier geometry (not copied from the book):
    A(4,3) projects onto segment D-E (x1 + x2 = 6): 6/7; B(7,3) onto C-D (x1 + 4 x2 = 12): 12/19;
    F(10,1) has theta = 1 but 2 units of excess x1 against C, so it is only weakly efficient."""
    res = dea_efficiency(CST_TWO_INPUTS_X, CST_TWO_INPUTS_Y, list("ABCDEF"), "ccr")
    np.testing.assert_allclose(scores(res), [6 / 7, 12 / 19, 1, 1, 1, 1], atol=1e-9)
    assert peers(res) == {
        "A": ("D", "E"),
        "B": ("C", "D"),
        "C": ("C",),
        "D": ("D",),
        "E": ("E",),
        "F": ("C",),
    }
    f = res.units[5]
    assert f.input_slacks == pytest.approx((2.0, 0.0), abs=1e-9)  # excess x1, so F is only weakly efficient
    assert efficient_units(res) == ["C", "D", "E"]


CST_HOSPITAL_X = [
    [20, 151], [19, 131], [25, 160], [27, 168], [22, 158], [55, 255],
    [33, 235], [31, 206], [30, 244], [50, 268], [53, 306], [38, 284],
]  # fmt: skip
CST_HOSPITAL_Y = [
    [100, 90], [150, 50], [160, 55], [180, 72], [94, 66], [230, 90],
    [220, 88], [152, 80], [190, 100], [250, 100], [260, 147], [250, 120],
]  # fmt: skip
# Twelve hospitals (doctors, nurses -> outpatients, inpatients) in the shape of Cooper, Seiford & Tone
# (2007) ch. 3. The book's printed scores could not be checked here, so none are asserted: the scores
# are checked against the multiplier (dual) form, a second LP formulation solved independently.


def test_cst2007_hospital_example_ccr():
    x, y = np.array(CST_HOSPITAL_X, float), np.array(CST_HOSPITAL_Y, float)
    res = dea_efficiency(x, y, list("ABCDEFGHIJKL"), "ccr")
    dual = [multiplier_ccr(x, y, o) for o in range(12)]
    np.testing.assert_allclose(scores(res), dual, atol=1e-8)
    assert efficient_units(res) == ["A", "B", "D"]
    assert peers(res)["C"] == ("B", "D")


# Independent software: 11 DMUs, two inputs, one output, as documented by DataEnvelopmentAnalysis.jl
# (docs/src/technical/radial.md and test/dea.jl, "tested against results with R" Benchmarking).
FLS_X = [
    [5, 13],
    [16, 12],
    [16, 26],
    [17, 15],
    [18, 14],
    [23, 6],
    [25, 10],
    [27, 22],
    [37, 14],
    [42, 25],
    [5, 17],
]
FLS_Y = [[12], [14], [25], [26], [8], [9], [27], [30], [31], [26], [12]]
FLS_CCR = [1, 0.6222896791, 0.8198562444, 1, 0.3103709311, 0.5555555556, 1, 0.7576690896, 0.8201058201,
           0.4905660377, 1]  # fmt: skip
FLS_BCC = [1, 0.8699861687, 1, 1, 0.7116402116, 1, 1, 1, 1, 0.4931209269, 1]


def test_matches_dataenvelopmentanalysis_jl_ccr_and_bcc():
    names = [str(k + 1) for k in range(11)]
    ccr = dea_efficiency(FLS_X, FLS_Y, names, "ccr")
    bcc = dea_efficiency(FLS_X, FLS_Y, names, "bcc")
    assert np.max(np.abs(scores(ccr) - FLS_CCR)) <= 1e-9
    assert np.max(np.abs(scores(bcc) - FLS_BCC)) <= 1e-9
    # unit 6 (theta 0.556) and unit 11 (theta 1) keep input slack: 4.444 and 4 in the package's output
    assert ccr.units[5].input_slacks[0] == pytest.approx(40 / 9, abs=1e-7)
    assert ccr.units[10].input_slacks[1] == pytest.approx(4.0, abs=1e-7)
    assert peers(ccr)["6"] == ("7",) and peers(ccr)["11"] == ("1",)
    assert peers(ccr)["2"] == ("4", "7")


# --------------------------------------------------------------------------------------------
# Hand computations
# --------------------------------------------------------------------------------------------


def test_single_input_single_output_by_hand():
    """x = 1,2,3,2,4 and y = 2,3,4,1,3. CCR: (y/x) / max(y/x) with max 2 at unit 1.
    BCC: units 1-3 span the frontier; unit 4 needs y >= 1 -> unit 1 with x = 1 (0.5); unit 5 needs
    y >= 3 -> x = 2 (0.5), reached by unit 2 or by half of units 1 and 3."""
    x = [[1], [2], [3], [2], [4]]
    y = [[2], [3], [4], [1], [3]]
    ccr = dea_efficiency(x, y, list("abcde"), "ccr")
    bcc = dea_efficiency(x, y, list("abcde"), "bcc")
    np.testing.assert_allclose(scores(ccr), [1, 0.75, 2 / 3, 0.25, 0.375], atol=1e-9)
    np.testing.assert_allclose(scores(bcc), [1, 1, 1, 0.5, 0.5], atol=1e-9)
    assert peers(bcc)["d"] == ("a",)
    assert set(peers(bcc)["e"]) <= {"a", "b", "c"}  # b alone, or half a + half c: both are optimal
    lam = np.array(bcc.units[4].lambdas)
    assert lam.sum() == pytest.approx(1.0) and lam @ np.array(x)[:, 0] == pytest.approx(2.0)
    se = scale_efficiency(ccr, bcc)
    assert se["b"] == pytest.approx(0.75) and se["d"] == pytest.approx(0.5)


def test_zero_in_one_input_is_legal():
    res = dea_efficiency([[2, 0], [1, 3], [4, 4]], [[1], [1], [1]], ["p", "q", "r"])
    assert res.units[0].efficiency == pytest.approx(1.0)
    assert 0 < res.units[2].efficiency < 1


def test_tiny_unit_among_giants_still_has_peers():
    res = dea_efficiency([[1], [1]], [[1e9], [1]], ["giant", "tiny"])
    assert res.units[1].efficiency == pytest.approx(1e-9, rel=1e-6)
    assert res.units[1].peers == ("giant",)


def test_result_dict_shape():
    res = dea_efficiency([[1], [2]], [[1], [1]], ["a", "b"], "bcc")
    d = res.to_dict()
    assert d == {
        "model": "bcc",
        "orientation": "input",
        "units": [
            {"name": "a", "efficiency": pytest.approx(1.0), "peers": ["a"]},
            {"name": "b", "efficiency": pytest.approx(0.5), "peers": ["a"]},
        ],
    }


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "names", "message"),
    [
        ([[1]], [[1]], ["a"], "at least two"),
        ([[1], [2]], [[1], [1]], ["a", "a"], r'units\[1\]: duplicate name "a"'),
        ([[1], [-2]], [[1], [1]], ["a", "b"], r"inputs\[1\]\[0\]: must be a finite number ≥ 0"),
        ([[1], [np.nan]], [[1], [1]], ["a", "b"], r"inputs\[1\]\[0\]"),
        (
            [[1, 0], [0, 0]],
            [[1], [1]],
            ["a", "b"],
            r'inputs\[1\]: unit "b" needs at least one positive input',
        ),
        ([[1], [1]], [[1], [0]], ["a", "b"], r'outputs\[1\]: unit "b" needs at least one positive output'),
        ([[1], [1]], [[1], [1], [1]], ["a", "b"], "outputs: 3 rows for 2 units"),
        ([[1, 2], [3]], [[1], [1]], ["a", "b"], "inputs: must be a table"),
        ([["x"], [1]], [[1], [1]], ["a", "b"], "inputs: must be a table"),
    ],
)
def test_bad_data_is_refused(x, y, names, message):
    with pytest.raises(InputError, match=message):
        dea_efficiency(x, y, names)


def test_unknown_model_is_refused():
    with pytest.raises(InputError, match="model"):
        dea_efficiency([[1], [2]], [[1], [1]], ["a", "b"], "sbm")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@st.composite
def dea_data(draw) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 8))
    m = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    value = st.integers(0, 50)
    x = np.array(draw(st.lists(st.lists(value, min_size=m, max_size=m), min_size=n, max_size=n)), float)
    y = np.array(draw(st.lists(st.lists(value, min_size=s, max_size=s), min_size=n, max_size=n)), float)
    x[:, 0] = np.maximum(x[:, 0], 1)  # every unit needs one positive input and one positive output
    y[:, 0] = np.maximum(y[:, 0], 1)
    return x, y


@LP_EXAMPLES
@given(dea_data())
def test_scores_in_unit_interval_with_an_efficient_unit(data):
    x, y = data
    for model in ("ccr", "bcc"):
        res = dea_efficiency(x, y, model=model)
        eff = scores(res)
        assert np.all(eff > 0) and np.all(eff <= 1)
        assert eff.max() == pytest.approx(1.0, abs=1e-6)
        assert efficient_units(res)
        for unit in res.units:
            assert unit.peers


@LP_EXAMPLES
@given(dea_data())
def test_bcc_never_below_ccr(data):
    x, y = data
    ccr = scores(dea_efficiency(x, y, model="ccr"))
    bcc = scores(dea_efficiency(x, y, model="bcc"))
    assert np.all(bcc >= ccr - 1e-7)


@LP_EXAMPLES
@given(dea_data(), st.sampled_from([1e-3, 0.5, 7.0, 1e4]))
def test_scaling_all_inputs_leaves_ccr_unchanged(data, factor):
    x, y = data
    base = scores(dea_efficiency(x, y, model="ccr"))
    np.testing.assert_allclose(scores(dea_efficiency(x * factor, y, model="ccr")), base, atol=1e-7)
    np.testing.assert_allclose(scores(dea_efficiency(x, y * factor, model="ccr")), base, atol=1e-7)


@LP_EXAMPLES
@given(dea_data())
def test_ccr_matches_multiplier_form(data):
    x, y = data
    res = scores(dea_efficiency(x, y, model="ccr"))
    np.testing.assert_allclose(res, [multiplier_ccr(x, y, o) for o in range(len(x))], atol=1e-7)


@LP_EXAMPLES
@given(dea_data(), st.randoms(use_true_random=False))
def test_permuting_units_permutes_scores(data, rnd):
    x, y = data
    perm = list(range(len(x)))
    rnd.shuffle(perm)
    base = scores(dea_efficiency(x, y, model="bcc"))
    np.testing.assert_allclose(scores(dea_efficiency(x[perm], y[perm], model="bcc")), base[perm], atol=1e-7)
