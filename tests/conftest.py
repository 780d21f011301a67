from __future__ import annotations

import pytest

from validator import Validator

NOW = "2026-11-21T09:30:00Z"


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()
