import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/profiles.py helpers

from model import load_questionnaire  # noqa: E402
from model.inputs.examples import EXAMPLES_DIR  # noqa: E402


@pytest.fixture(scope="session")
def q():
    return load_questionnaire()


@pytest.fixture(scope="session")
def example_files():
    return sorted(EXAMPLES_DIR.glob("*.yaml"))
