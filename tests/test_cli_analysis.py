"""`python -m model ahp|dea`: the JSON contract on good files, one-line errors (exit 2) on bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_model

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"

AHP_KEYS = {"labels", "weights", "lambda_max", "ci", "ri", "cr", "consistent", "worst_judgement"}
WORST_KEYS = {"row", "column", "i", "j", "current", "suggested", "cr_after"}
GROUP_KEYS = {"labels", "method", "weights", "lambda_max", "ci", "ri", "cr", "consistent", "participants"}
PARTICIPANT_KEYS = {"name", "weights", "lambda_max", "ci", "cr", "consistent"}


run = run_model


def ok_json(*args: str) -> dict:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------------------------
# Good files
# --------------------------------------------------------------------------------------------


def test_ahp_single_matrix_contract():
    out = ok_json("ahp", str(FIXTURES / "ahp_house_saaty1990.json"))
    assert set(out) == AHP_KEYS
    assert out["labels"][0] == "size" and len(out["weights"]) == 8
    assert sum(out["weights"]) == pytest.approx(1.0)
    assert out["lambda_max"] == pytest.approx(9.669, abs=5e-4)  # Saaty (1990), Table 2
    assert out["ri"] == 1.41 and out["cr"] == pytest.approx(0.169, abs=5e-4)
    assert out["consistent"] is False
    worst = out["worst_judgement"]
    assert set(worst) == WORST_KEYS
    assert worst["row"] == out["labels"][worst["i"]] and worst["column"] == out["labels"][worst["j"]]
    assert worst["i"] < worst["j"] and worst["cr_after"] < out["cr"]


def test_ahp_upper_triangle_yaml():
    out = ok_json("ahp", str(FIXTURES / "ahp_partner_criteria.yaml"))
    assert set(out) == AHP_KEYS
    assert out["labels"][0] == "资源协同 resource synergy"
    assert out["weights"] == pytest.approx([0.48, 0.24, 0.16, 0.12], abs=1e-12)  # a consistent matrix
    assert out["cr"] == pytest.approx(0.0, abs=1e-12) and out["consistent"] is True


def test_ahp_two_criteria_has_no_worst_judgement(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"labels": ["a", "b"], "matrix": [[1, "1/3"], [3, 1]]}))
    out = ok_json("ahp", str(path))
    assert out["weights"] == pytest.approx([0.25, 0.75])
    assert out["cr"] == 0 and out["worst_judgement"] is None


def test_ahp_group_aij_contract():
    out = ok_json("ahp", str(FIXTURES / "ahp_group_aij.json"))
    assert set(out) == GROUP_KEYS
    assert out["method"] == "aij" and len(out["weights"]) == 3
    assert sum(out["weights"]) == pytest.approx(1.0)
    for key in ("lambda_max", "ci", "cr"):
        assert isinstance(out[key], float)
    assert isinstance(out["consistent"], bool)
    assert [p["name"] for p in out["participants"]] == ["strategy", "compliance", "technology"]
    for p in out["participants"]:
        assert set(p) == PARTICIPANT_KEYS
        assert sum(p["weights"]) == pytest.approx(1.0)


def test_ahp_group_aip_contract():
    out = ok_json("ahp", str(FIXTURES / "ahp_group_aip.yaml"))
    assert set(out) == GROUP_KEYS
    assert out["method"] == "aip" and out["ri"] == 0.58
    assert out["lambda_max"] is None and out["ci"] is None and out["cr"] is None and out["consistent"] is None
    assert sum(out["weights"]) == pytest.approx(1.0)
    assert all(set(p) == PARTICIPANT_KEYS for p in out["participants"])


@pytest.mark.parametrize("model", ["ccr", "bcc"])
def test_dea_contract(model):
    out = ok_json("dea", str(FIXTURES / "dea_hospitals_cst2007.json"), "--model", model)
    assert set(out) == {"model", "orientation", "units"}
    assert out["model"] == model and out["orientation"] == "input"
    assert [u["name"] for u in out["units"]] == list("ABCDEFGHIJKL")
    for unit in out["units"]:
        assert set(unit) == {"name", "efficiency", "peers"}
        assert 0 < unit["efficiency"] <= 1 and unit["peers"]
    if model == "ccr":
        assert out["units"][2]["efficiency"] == pytest.approx(0.8827, abs=5e-5)
        assert out["units"][2]["peers"] == ["B", "D"]


def test_dea_defaults_to_ccr_and_reads_yaml():
    out = ok_json("dea", str(FIXTURES / "dea_partners.yaml"))
    assert out["model"] == "ccr"
    assert out["units"][0] == {
        "name": "Platform A",
        "efficiency": pytest.approx(1.0),
        "peers": ["Platform A"],
    }
    assert out["units"][3]["efficiency"] < 1


# --------------------------------------------------------------------------------------------
# Bad files: exit 2, one line on stderr naming the file and the field, no traceback
# --------------------------------------------------------------------------------------------

M3 = [[1, 2, 3], [None, 1, 2], [None, None, 1]]
DEA_OK = {
    "units": ["A", "B", "C"],
    "input_names": ["budget", "staff"],
    "output_names": ["accounts"],
    "inputs": [[10, 2], [8, 3], [12, 0]],
    "outputs": [[100], [90], [80]],
}


def dea_with(**changes) -> dict:
    return {**DEA_OK, **changes}


BAD_FILES = [
    (
        "ahp",
        "not_square",
        {"labels": ["a", "b", "c"], "matrix": [[1, 2, 3], [0.5, 1], [1, 1, 1]]},
        "matrix[1]",
    ),
    (
        "ahp",
        "not_reciprocal",
        {"labels": ["a", "b", "c"], "matrix": [[1, 2, 3], [0.5, 1, 4], [3, 0.25, 1]]},
        "matrix[2][0]: must equal 1/matrix[0][2] (expected 0.333, got 3)",
    ),
    ("ahp", "zero", {"labels": ["a", "b"], "matrix": [[1, 0], [None, 1]]}, "matrix[0][1]"),
    ("ahp", "negative", {"labels": ["a", "b"], "matrix": [[1, -2], [None, 1]]}, "matrix[0][1]"),
    ("ahp", "text", {"labels": ["a", "b"], "matrix": [[1, "high"], [None, 1]]}, "matrix[0][1]"),
    ("ahp", "bad_fraction", {"labels": ["a", "b"], "matrix": [[1, "1/0"], [None, 1]]}, "matrix[0][1]"),
    ("ahp", "bad_fraction2", {"labels": ["a", "b"], "matrix": [[1, "1//3"], [None, 1]]}, "matrix[0][1]"),
    ("ahp", "label_count", {"labels": ["a", "b"], "matrix": M3}, "matrix: is 3 x 3 but there are 2 labels"),
    ("ahp", "duplicate_labels", {"labels": ["a", "b", "a"], "matrix": M3}, "labels[2]: duplicate"),
    ("ahp", "missing_upper", {"labels": ["a", "b"], "matrix": [[1, None], [2, 1]]}, "matrix[0][1]"),
    ("ahp", "no_matrix", {"labels": ["a", "b"]}, "matrix: missing"),
    ("ahp", "too_big", {"labels": [str(k) for k in range(16)], "matrix": [[1] * 16] * 16}, "matrix"),
    (
        "ahp",
        "unknown_method",
        {"labels": ["a", "b", "c"], "method": "mean", "participants": [{"name": "x", "matrix": M3}]},
        "method",
    ),
    (
        "ahp",
        "participant_matrix",
        {
            "labels": ["a", "b", "c"],
            "participants": [{"name": "x", "matrix": M3}, {"name": "y", "matrix": [[1]]}],
        },
        "participants[1].matrix",
    ),
    (
        "ahp",
        "participant_weight",
        {"labels": ["a", "b", "c"], "participants": [{"name": "x", "weight": "heavy", "matrix": M3}]},
        "participants[0].weight",
    ),
    (
        "ahp",
        "no_participants",
        {"labels": ["a", "b", "c"], "method": "aij", "participants": []},
        "participants",
    ),
    ("dea", "ragged", dea_with(inputs=[[10, 2], [8], [12, 0]]), "inputs[1]"),
    ("dea", "text_number", dea_with(inputs=[[10, 2], [8, 3], [12, "many"]]), "inputs[2][1]"),
    ("dea", "negative", dea_with(outputs=[[100], [-90], [80]]), "outputs[1][0]"),
    ("dea", "all_zero_inputs", dea_with(inputs=[[10, 2], [0, 0], [12, 0]]), "inputs[1]"),
    ("dea", "all_zero_outputs", dea_with(outputs=[[100], [90], [0]]), "outputs[2]"),
    (
        "dea",
        "one_unit",
        dea_with(units=["A"], inputs=[[10, 2]], outputs=[[100]]),
        "units: DEA compares units, at least two are needed",
    ),
    ("dea", "duplicate_units", dea_with(units=["A", "B", "A"]), "units[2]: duplicate"),
    ("dea", "rows_vs_units", dea_with(outputs=[[100], [90]]), "outputs: has 2 rows for 3 units"),
    ("dea", "boolean", dea_with(inputs=[[10, 2], [8, True], [12, 0]]), "inputs[1][1]"),
    ("dea", "unknown_field", dea_with(input=[[1]]), "input: unknown field"),
    ("dea", "not_a_mapping", [1, 2, 3], "top level"),
]


@pytest.mark.parametrize(("command", "name", "content", "field"), BAD_FILES, ids=[b[1] for b in BAD_FILES])
def test_bad_files_exit_2_with_one_line(tmp_path, command, name, content, field):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    proc = run(command, str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"error: {path}: ")
    assert field in lines[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken.yaml", "labels: [a, b\nmatrix: [[1, 2], [null, 1]]\n"),
        ("broken.json", '{"labels": ["a", "b"], "matrix": [[1, 2], [null, 1]]'),
        ("huge_int.json", '{"labels": ["a", "b"], "matrix": [[1, ' + "9" * 5000 + "], [null, 1]]}"),
        ("alias.yaml", "labels: &l [a, b]\nmatrix: [[1, 2], [null, 1]]\nx: *l\n"),
    ],
)
def test_unparsable_files_exit_2_with_one_line(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    proc = run("ahp", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and str(path) in proc.stderr


def test_missing_file_and_bad_option(tmp_path):
    missing = run("ahp", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert "Traceback" not in missing.stderr
    bad_model = run("dea", str(FIXTURES / "dea_partners.yaml"), "--model", "sbm")
    assert bad_model.returncode == 2 and len(bad_model.stderr.splitlines()) == 1
    assert "Traceback" not in bad_model.stderr


def dea_file(tmp_path, inputs, outputs):
    doc = {
        "units": [f"u{k}" for k in range(len(inputs))],
        "input_names": [f"x{i}" for i in range(len(inputs[0]))],
        "output_names": [f"y{i}" for i in range(len(outputs[0]))],
        "inputs": inputs,
        "outputs": outputs,
    }
    path = tmp_path / "dea.json"
    path.write_text(json.dumps(doc))
    return str(path)


@pytest.mark.parametrize(
    "inputs, outputs",
    [
        ([[1e308, 1e-308], [1, 2], [3, 1e-300]], [[1], [1e308], [2]]),  # overflowed the LPs before
        ([[1e-300], [1.0]], [[1], [1]]),
    ],
)
def test_dea_with_extreme_magnitudes_is_refused_in_one_line(tmp_path, inputs, outputs):
    out = run("dea", dea_file(tmp_path, inputs, outputs))
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "differ by more than 1e+12" in lines[0] and "Traceback" not in out.stderr


def test_dea_has_the_same_kind_of_unit_limit_as_the_app(tmp_path):
    n = 3000  # took 73-103 s and 450 MB before the limit
    out = run("dea", dea_file(tmp_path, [[1 + k % 7] for k in range(n)], [[1 + k % 5] for k in range(n)]))
    assert out.returncode == 2 and "at most 500 units" in out.stderr
