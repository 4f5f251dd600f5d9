"""Every kind of list fudao imports from a file, and the names the CLI knows them by."""

from __future__ import annotations

from imports import (
    assessment,
    concern,
    course_failures,
    fitness,
    indicators,
    roster,
    staff,
    training,
    warnings,
)
from imports.runner import ListKind

KINDS: tuple[ListKind, ...] = (
    roster.KIND,
    warnings.KIND,
    concern.KIND,
    indicators.KIND,
    fitness.KIND,
    course_failures.KIND,
    assessment.COUNSELORS,
    assessment.HEAD_TEACHERS,
    staff.KIND,
    training.KIND,
)
# `fudao import NAME FILE`: the assessment is one name for its two lists.
BY_NAME: dict[str, tuple[ListKind, ...]] = {
    "roster": (roster.KIND,),
    "warnings": (warnings.KIND,),
    "concern": (concern.KIND,),
    "indicators": (indicators.KIND,),
    "fitness": (fitness.KIND,),
    "course_failures": (course_failures.KIND,),
    "assessment": (assessment.COUNSELORS, assessment.HEAD_TEACHERS),
    "staff": (staff.KIND,),
    "training": (training.KIND,),
}
