"""Broken questionnaire content is refused with one line per problem naming the file and the field.

Each fixture in fixtures/broken is real YAML laid over a copy of the real questionnaire:
`# target:` the file it writes (replacing or adding), `# edit: "old" => "new"` text edits of the
target instead, and `# expect:` a fragment of the error line.
"""

import re
import shutil
from pathlib import Path

import pytest
from cli_runner import run_model

from model import QuestionnaireError, load_questionnaire
from model.content.loader import DEFAULT_PATH

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "broken").glob("*.yaml"))
ROOT = Path(__file__).resolve().parent.parent


def _header(text: str, key: str) -> list[str]:
    return re.findall(rf"^# {key}: (.*)$", text, flags=re.M)


def build_broken(fixture: Path, tmp_path: Path) -> tuple[Path, str, str]:
    text = fixture.read_text(encoding="utf-8")
    folder = tmp_path / "broker_ecosystem"
    shutil.copytree(DEFAULT_PATH, folder)
    (target,) = _header(text, "target")
    edits = _header(text, "edit")
    path = folder / target
    if edits:
        content = path.read_text(encoding="utf-8")
        for edit in edits:
            old, new = (part.strip().strip('"') for part in edit.split("=>"))
            assert old in content, f"{fixture.name}: edit target not found: {old}"
            content = content.replace(old, new, 1)
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    (expect,) = _header(text, "expect")
    return folder, target, expect


def test_there_are_at_least_fifteen_fixtures():
    assert len(FIXTURES) >= 15


def test_the_real_questionnaire_is_valid():
    load_questionnaire()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_broken_content_is_named(fixture, tmp_path):
    folder, target, expect = build_broken(fixture, tmp_path)
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(folder)
    lines = info.value.messages
    matching = [line for line in lines if expect in line]
    assert matching, f"expected {expect!r} in {lines}"
    assert all("\n" not in line for line in lines)
    # the line names the file the problem is in (folder-relative or absolute)
    assert any(target in line for line in matching), matching


def test_validate_command_exits_2_with_one_line_per_problem(tmp_path):
    folder, _, expect = build_broken(Path(__file__).parent / "fixtures/broken/bands_gap.yaml", tmp_path)
    run = run_model("validate", str(folder))  # in-process (real-process smoke tests: test_cli_assess.py)
    assert run.returncode == 2
    assert expect in run.stderr
    assert "Traceback" not in run.stderr
    good = run_model("validate")
    assert good.returncode == 0, good.stderr
    q = load_questionnaire()
    assert f"v{q.version}, {sum(x.scored for x in q.questions)} scored questions" in good.stdout
