import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "default" for every run (CI included), "thorough" for a deeper look before a
# release (HYPOTHESIS_PROFILE=thorough). Tests that need fewer examples because one is slow say so.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
