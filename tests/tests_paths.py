import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
EXAMPLES = ROOT / "questionnaires" / "examples"


@functools.cache
def questionnaire():
    """The repository's questionnaire, parsed and validated once per test process (a parse costs about
    0.25 s, and each xdist worker imports every test module): the modules' `Q` and the `q` fixture. Loading
    itself (files, errors, references) is tested with fresh loads in test_questionnaire_validation.py."""
    from model import load_questionnaire

    return load_questionnaire()
