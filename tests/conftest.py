"""Shared fixtures: each case world at its default size, built once per test session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

import phanloai

# On CI the property tests use a fixed sequence of examples, so a run is repeatable; on a
# developer's machine they keep exploring new examples (and remember the ones that failed).
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts (and ends) in the default language."""
    phanloai.set_language("vi")
    yield
    phanloai.set_language("vi")


@pytest.fixture(scope="session")
def spa():
    return phanloai.load("spa")


@pytest.fixture(scope="session")
def bolts():
    return phanloai.load("bolts")


@pytest.fixture(scope="session")
def fashion():
    return phanloai.load("fashion")


@pytest.fixture(scope="session")
def cases(spa, bolts, fashion):
    return {"spa": spa, "bolts": bolts, "fashion": fashion}
