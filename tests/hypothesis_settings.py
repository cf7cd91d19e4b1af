"""Hypothesis settings that follow the loaded profile (tests/conftest.py: `default`, or `thorough` with
HYPOTHESIS_PROFILE=thorough): a test asks for a multiple of the profile's examples, more where one example
costs microseconds, fewer where it solves linear programs, so `thorough` deepens every test alike."""

from hypothesis import HealthCheck, settings


def examples(scale: float) -> settings:
    count = max(10, round(settings.default.max_examples * scale))
    return settings(max_examples=count, deadline=None, suppress_health_check=[HealthCheck.too_slow])
