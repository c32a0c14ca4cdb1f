"""Shared fixtures: the shipped rule set, loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ruleset():
    return load_ruleset()
