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

from tests_paths import questionnaire  # noqa: E402

from model.inputs.examples import EXAMPLES_DIR  # noqa: E402

# Longest first, so that with pytest-xdist (-n auto: 2 workers here) no long test starts near the end and
# the wall clock stays near (total time / workers). Seconds each, roughly, on a quiet 2-core machine: the
# most specific match wins; a browser test not listed counts as 4 s, any other test as 0. The order only
# affects scheduling; a name that changes just loses its place.
EXPECTED_SECONDS = {
    "browser/test_workshop_servers.py": 30,
    "browser/test_journeys.py::test_new_visitor": 26,
    "browser/test_workshop_browser.py": 23,
    "browser/test_autosave_browser.py": 21,
    "browser/test_accessibility_browser.py::test_no_critical": 20,
    "browser/test_partners_browser.py": 18,
    "browser/test_workshop_signin.py": 14,
    "browser/test_plan_browser.py::test_owner": 11,
    "browser/test_share_browser.py::test_download": 10,
    "browser/test_journeys.py::test_save_and_resume": 8,
    "browser/test_share_browser.py": 7,
    "browser/test_deep_links.py": 6,
    "browser/test_plan_browser.py": 5,
    "test_exports.py": 3,
    "test_storage.py": 2,
}


def expected_seconds(nodeid: str) -> float:
    rel = nodeid.removeprefix("tests/")
    matches = [key for key in EXPECTED_SECONDS if rel.startswith(key)]
    if matches:
        return EXPECTED_SECONDS[max(matches, key=len)]
    return 4 if rel.startswith("browser/") else 0


@pytest.hookimpl(trylast=True)  # after the browser conftest has marked (and maybe skipped) its tests
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: -expected_seconds(item.nodeid))  # stable: file order kept otherwise


@pytest.fixture(scope="session")
def q():
    return questionnaire()


@pytest.fixture(scope="session")
def example_files():
    return sorted(EXAMPLES_DIR.glob("*.yaml"))
