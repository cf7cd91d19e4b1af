"""Untrusted answer files: every kind of bad input is a one-line, translated error and exit code 2."""

import json
import os
from pathlib import Path

import pytest
from cli_runner import run_model

from model import InputError, load_answers
from model.inputs.answers import answers_from_bytes, to_document

ROOT = Path(__file__).resolve().parent.parent


def doc(answers=None, **top):
    return {"questionnaire": "broker_ecosystem", "version": 1, "answers": answers or {}, **top}


def write(tmp_path, content, name="answers.json"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


BAD = {
    "unparsable_json": ('{"questionnaire": "broker_ecosystem", ', "not valid JSON"),
    "unparsable_yaml": ("questionnaire: [broker\n  version: : 1", "not valid YAML"),
    "not_a_mapping": ("[1, 2, 3]", "expected a mapping"),
    "wrong_questionnaire": (json.dumps(doc(questionnaire="other_survey")), 'questionnaire: "other_survey"'),
    "future_version": (json.dumps(doc(version=7)), "made with questionnaire version 7"),
    "old_version": (json.dumps(doc(version=0)), "version 0 is not supported"),
    "version_text": (json.dumps(doc(version="1")), "version: expected a whole number"),
    "not_an_option": (
        json.dumps(doc({"tech_architecture": "quantum"})),
        'answers.tech_architecture: "quantum" is not an option',
    ),
    "unknown_question": (
        json.dumps(doc({"tech_teleport": "yes"})),
        "answers.tech_teleport: unknown question",
    ),
    "text_for_number": (json.dumps(doc({"met_nps": "fifty"})), "answers.met_nps: expected a number"),
    "bool_for_number": (json.dumps(doc({"met_nps": True})), "answers.met_nps: expected a number"),
    "number_out_of_range": (json.dumps(doc({"met_nps": 250})), "answers.met_nps: 250 is outside -100 to 100"),
    "multi_not_list": (json.dumps(doc({"scen_breadth": {"a": 1}})), "expected a list of options"),
    "multi_bad_item": (json.dumps(doc({"scen_breadth": ["moon_base"]})), '"moon_base" is not an option'),
    "python_tag": (
        "questionnaire: !!python/object/apply:os.system ['echo hi']\nversion: 1\n",
        "not valid YAML",
    ),
    "alias_bomb": (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b]\n',
        "aliases (*name) are not allowed",
    ),
    "deep_json": ("[" * 5000 + "]" * 5000, "nested more than 20 levels"),
    "deep_yaml_block": ("- " * 3000 + "x\n", "nested"),
    "long_meta": (json.dumps(doc(meta={"name": "x" * 600})), "meta.name"),
    "bad_weights": (
        json.dumps(doc(weights={"resource_synergy": 0.9, "user_value": 0.9, "commercial_value": 0.9})),
        "weights",
    ),
    "not_utf8": (b"\xff\xfe\x00bad", "not UTF-8"),
    "huge_integer": (
        '{"questionnaire": "broker_ecosystem", "version": ' + "9" * 5000 + "}",
        "not valid JSON",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_answers_file_is_refused_clearly(name, q, tmp_path):
    content, expected = BAD[name]
    path = write(
        tmp_path,
        content,
        "answers.yaml" if "yaml" in name or "tag" in name or "alias" in name else "answers.json",
    )
    with pytest.raises(InputError) as info:
        load_answers(path, q)
    message = str(info.value)
    assert expected in message
    assert message.startswith(str(path)), "the message names the file"
    assert "\n" not in message
    zh = info.value.text("zh")
    assert info.value.code is not None and zh.startswith(str(path)) and zh != message, (
        "a Chinese message exists"
    )


def test_oversized_file_is_refused_before_reading(q, tmp_path):
    path = write(tmp_path, json.dumps(doc()) + " " * 1_100_000)
    with pytest.raises(InputError, match="limit is 1,000,000"):
        load_answers(path, q)


def test_error_messages_exist_in_chinese(q):
    with pytest.raises(InputError) as info:
        answers_from_bytes(json.dumps(doc({"met_nps": "fifty"})).encode(), "上传.json", q)
    assert "应为数字" in info.value.text("zh")
    assert "expected a number" in info.value.text("en")


def test_round_trip_keeps_every_answer(q, example_files):
    for path in example_files:
        loaded = load_answers(path, q)
        again = answers_from_bytes(
            json.dumps(to_document(loaded, q), ensure_ascii=False).encode(), "x.json", q
        )
        assert again.answers == loaded.answers
        assert again.meta["name"] == loaded.meta["name"]


def test_profile_answers_may_sit_in_the_profile_block(q):
    loaded = answers_from_bytes(
        json.dumps(
            {
                "questionnaire": "broker_ecosystem",
                "version": 1,
                "profile": {"institution_type": "regional_broker"},
            }
        ).encode(),
        "p.json",
        q,
    )
    assert loaded.answers == {"institution_type": "regional_broker"}


@pytest.mark.parametrize("name", ["not_an_option", "python_tag", "deep_json", "future_version"])
def test_cli_exit_code_2_and_one_line(name, tmp_path):
    content, expected = BAD[name]
    path = write(tmp_path, content, "a.yaml" if name == "python_tag" else "a.json")
    run = run_model("assess", str(path))
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(path) in lines[0]


def test_cli_missing_file_and_oversized(tmp_path):
    run = run_model("assess", str(tmp_path / "nope.json"))
    assert run.returncode == 2 and "cannot read" in run.stderr and "Traceback" not in run.stderr
    big = write(tmp_path, "{" + " " * 1_200_000 + "}")
    run = run_model("assess", str(big))
    assert run.returncode == 2 and "limit" in run.stderr


def test_depth_message_does_not_depend_on_the_yaml_parser(q, tmp_path):
    """libyaml words its own limit ("exceeded maximum nesting depth"); the user sees the project's."""
    for text in ("- " * 3000 + "x\n", "a:\n" + "".join("  " * i + "- \n" for i in range(1, 60))):
        with pytest.raises(InputError) as info:
            load_answers(write(tmp_path, text, "deep.yaml"), q)
        assert "nested more than 20 levels" in str(info.value)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo", "directory"])
def test_only_regular_files_are_read(special, q, tmp_path):
    if special == "fifo":
        special = tmp_path / "pipe"
        os.mkfifo(special)  # opening it would block until a writer came: it must never be opened
    elif special == "directory":
        special = tmp_path
    with pytest.raises(InputError) as info:
        load_answers(special, q)
    assert "not a regular file" in str(info.value)


def test_brackets_inside_text_do_not_count_as_nesting(q, tmp_path):
    note = "[" * 24 + " draft {" * 24
    as_json = json.dumps(
        {"questionnaire": "broker_ecosystem", "version": 1, "meta": {"name": note}, "answers": {}}
    )
    as_yaml = f"questionnaire: broker_ecosystem\nversion: 1\nmeta:\n  name: '{note}'\nanswers: {{}}\n"
    for name, text in (("a.json", as_json), ("a.yaml", as_yaml)):
        assert load_answers(write(tmp_path, text, name), q).meta["name"] == note


def test_an_unquoted_yaml_date_is_read_as_the_date_typed(q, tmp_path):
    text = "questionnaire: broker_ecosystem\nversion: 1\nmeta:\n  date: 2026-11-25\nanswers: {}\n"
    assert load_answers(write(tmp_path, text, "a.yaml"), q).meta["date"] == "2026-11-25"
