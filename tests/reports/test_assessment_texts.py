"""Every reason, circumstance and consequence the rules can give reads as a sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from i18n import has_message
from policy.rules import load_policy

SOURCE = Path(__file__).parents[2] / "policy" / "assessment.py"
# Codes chosen at run time (`code = "tie" if … else …`) besides the literal Reason(...) ones.
COMPUTED = {("A03", "tie"), ("A03", "over_cap"), ("A05", "limited"), ("A08", "tie"),
            ("A08", "over_cap"), ("A08", "aid_error")}  # fmt: skip


def reasons() -> set[tuple[str, str]]:
    """Every (rule, code) that policy/assessment.py can put in a Reason."""
    text = SOURCE.read_text("utf-8")
    return set(re.findall(r'Reason\(\s*"(A0\d)",\s*"(\w+)"', text)) | COMPUTED


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_reason_has_a_sentence(locale: str) -> None:
    limits = {("A05", c) for c in ("missed_training", "missed_duty", "days_away", "punished")}
    limits.add(("A08", "aid_error"))
    for rule, code in reasons() - limits:
        assert has_message(f"assess-why-{rule}-{code}", locale), (rule, code)
    for rule, code in limits:
        assert has_message(f"assess-limit-{rule}-{code}", locale), (rule, code)


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_consequence_and_grade_has_words(locale: str) -> None:
    outcomes = {o for values in load_policy().assessment.outcomes.values() for o in values}
    for outcome in outcomes | {"not_renewed"}:
        assert has_message(f"assess-outcome-{outcome}", locale)
    for grade in ("excellent", "qualified", "basically_qualified", "unqualified", "not_graded",
                  "pending"):  # fmt: skip
        assert has_message(f"assess-grade-{grade}", locale)
