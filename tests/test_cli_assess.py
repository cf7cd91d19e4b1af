"""`python -m model assess` prints the result JSON."""

import json
from pathlib import Path

from cli_runner import run_model, run_process

ROOT = Path(__file__).resolve().parent.parent


run = run_model


def test_assess_prints_the_design_contract(example_files):
    out = run("assess", str(example_files[1]), "--lang", "en")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data["dimensions"]) == {
        "capital", "technology", "data", "channel", "scenario", "industry", "cross_border", "compliance", "organization",
    }  # fmt: skip
    for dim in data["dimensions"].values():
        assert 0 <= dim["score"] <= 100
    assert set(data["indices"]) == {
        "resource_synergy", "user_value", "commercial_value", "readiness", "risk_weight", "risk_adjusted_readiness",
    }  # fmt: skip
    assert all(0 <= v <= 1 for v in data["indices"].values())
    strategy = data["strategy"]
    assert strategy["recommended"] == "regional_industry"
    assert [r["id"] for r in strategy["ranking"]][0] == "regional_industry"
    assert len(strategy["ranking"]) == 4 and all(0 <= r["fit"] <= 1 for r in strategy["ranking"])
    assert isinstance(strategy["cross_border_extension"], bool)
    assert data["completeness"] == 1
    assert data["dimensions"]["industry"]["name"] == "Industry resources"
    assert "not investment or legal advice" in data["disclaimer"]


def test_assess_chinese_names(example_files):
    data = json.loads(run("assess", str(example_files[0])).stdout)
    assert data["dimensions"]["capital"]["name"] == "资本实力"
    assert data["strategy"]["recommended_name"] == "生态主导型"


def test_bad_arguments_exit_2():
    out = run("assess")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    out = run("assess", "x.json", "--lang", "fr")
    assert out.returncode == 2


# Two smoke tests through a real process: the entry point, stdout encoding and exit codes a shell sees.
def test_a_real_process_prints_the_result(example_files):
    out = run_process("assess", str(example_files[0]), "--lang", "zh")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["questionnaire"]["id"] == "broker_ecosystem"


def test_a_real_process_refuses_a_device_in_one_line():
    out = run_process("assess", "/dev/zero")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == "error: /dev/zero: not a regular file"
