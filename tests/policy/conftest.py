"""Fixtures of the policy tests: the shipped policy, loaded once."""

from __future__ import annotations

import pytest

from policy.calendar import AcademicCalendar
from policy.service import PolicyService


@pytest.fixture(scope="session")
def svc() -> PolicyService:
    """The shipped policy, calendar and kinds."""
    return PolicyService.load()


@pytest.fixture(scope="session")
def cal(svc: PolicyService) -> AcademicCalendar:
    """The shipped academic calendar (2025-2026 and 2026-2027)."""
    return svc.calendar
