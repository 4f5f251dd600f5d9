"""Issue 20, part 4: the 15% line across published colleges, 30 天及以上, A08's base, A09."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from i18n import translator
from models.assessment import PUBLISHED, AssessmentRound, round_of
from models.assessment import HeadTeacherAssessment as HeadRow
from models.db import Database
from policy.assessment import a05_not_excellent
from policy.rules import check_policy_file, format_effective_policy, load_policy, shipped_dir
from reports.assessment_data import gather_results, university_places
from reports.assessment_workbook import limits_text, places_text, rule_lines
from services.grading import grade_year
from tests.factories import make_college, make_staff, pk
from tests.policy.test_assessment_rules import facts
from tests.reports.test_assessment_scope import NOW, YEAR, counselor, policy_with, two_colleges

ZH = translator("zh")
EN = translator("en")


@pytest.mark.parametrize(
    ("late", "excellent", "places"),
    [
        # The issue's example: 16 take part, cap 2; 材料's 96 is final, so one place is left:
        # 99 takes it, 98 and 机电's 89 do not.
        ((99, 98), [96, 99], (16, 2, 1, 1)),
        # 15 take part, cap 2: the one place left goes to the highest of the unpublished.
        ((99,), [96, 99], (15, 2, 1, 1)),
        ((85,), [89, 96], (15, 2, 1, 1)),
    ],
)
async def test_it_fits_later_grading_into_the_places_left_by_a_publication(
    db: Database, late: tuple[int, ...], excellent: list[int], places: tuple[int, ...]
) -> None:
    """U 考核 第七条: 「优秀等次名额不超过参加测评人员的 15%」 — published and unpublished together.

    14 people, cap 2; 材料学院 publishes with one 优秀 at 96; then 机电工程学院 adds 99 and 98:
    only one more 优秀 fits.
    """
    policy = policy_with()
    async with db.session() as session:
        small, large = await two_colleges(session)
        await grade_year(session, policy, academic_year=YEAR, now=NOW)
        first = await university_places(session, policy, academic_year=YEAR)
        assert first is not None and (first.graded, first.cap, first.taken) == (14, 2, 0)
        published = await round_of(session, college_id=pk(small), academic_year=YEAR)
        assert published is not None
        published.state = PUBLISHED
        session.add(published)
        for total in late:
            await counselor(session, large, total)
        await grade_year(session, policy, academic_year=YEAR, now=NOW)
        rows = [
            r for c in await gather_results(session, academic_year=YEAR) for _, r in c.counselors
        ]
        left = await university_places(session, policy, academic_year=YEAR)
    assert sorted(r.total or 0 for r in rows if r.grade == "excellent") == excellent
    assert left is not None and (left.graded, left.cap, left.taken, left.left) == places
    text = places_text(left, ZH)
    assert text is not None and f"已发布学院已定优秀 1 名，尚余 {places[3]} 名" in text
    over = next(r for r in rows if r.grade == "qualified" and r.decided_by["code"] == "over_cap")
    assert over.decided_by["args"]["taken"] == 1


@pytest.mark.parametrize(
    ("days", "shown", "excluded"),
    [("29", "", False), ("30", "全年累计离岗 30 天（30 天及以上不得评为优秀）", True),
     ("31", "全年累计离岗 31 天（30 天及以上不得评为优秀）", True)],
)  # fmt: skip
def test_it_reads_thirty_days_away_as_thirty_days_or_more(
    days: str, shown: str, excluded: bool
) -> None:
    """U 考核 第七条(二): 「……离开辅导员职岗位 30 天以上的」不得评为优秀: 以上 includes 30."""
    rules = load_policy().assessment
    found = a05_not_excellent(facts(days_away=D(days)), rules)
    reasons = [{"rule": r.rule, "code": r.code, "args": dict(r.args)} for r in found]
    assert (limits_text(reasons, ZH) if reasons else "") == shown
    assert bool(found) == excluded
    (a05,) = [text for rule, _, text in rule_lines(rules, 70, ZH, fail_below=60) if rule == "A05"]
    assert "30 天及以上" in a05 and "超过 30" not in a05
    assert "超过 30" not in (limits_text(reasons, ZH) if reasons else "")
    assert "over 30" not in (limits_text(reasons, EN) if reasons else "")


@pytest.mark.parametrize(
    ("on_roster", "imported", "excellent"),
    [
        # 7 head teachers on the roster, 2 on the list: 7 × 15% = 1 place (the list alone: 0).
        (7, 2, 1),
        # 6 on the roster: 0.9 → no place, however many the list names.
        (6, 2, 0),
    ],
)
async def test_the_head_teachers_base_is_the_colleges_roster(
    db: Database, on_roster: int, imported: int, excellent: int
) -> None:
    """U 班主任 第十二条: 「优秀比例不超出本学院班主任总数的 15%」 — the roster, not the list."""
    async with db.session() as session:
        college = await make_college(session)
        heads = [await make_staff(session, college, is_head_teacher=True) for _ in range(on_roster)]
        session.add(AssessmentRound(college_id=pk(college), academic_year=YEAR))
        for head, score in zip(heads[:imported], (95, 90), strict=True):
            session.add(HeadRow(staff_id=pk(head), college_id=pk(college), academic_year=YEAR,
                                score=score))  # fmt: skip
        await session.flush()
        await grade_year(session, policy_with(), academic_year=YEAR, now=NOW)
        (results,) = await gather_results(session, academic_year=YEAR)
    assert sum(r.grade == "excellent" for _, r in results.head_teachers) == excellent
    assert {r.decided_by["args"]["graded"] for _, r in results.head_teachers} == {on_roster}


@pytest.mark.parametrize(
    ("term", "weight", "a08", "a09"),
    [
        ("autumn", 0, "在每年秋学期进行", "学院未定权重"),
        ("spring", 20, "在每年春学期进行", "权重：20%"),
    ],
)
def test_the_rules_sheet_says_when_head_teachers_are_graded_and_the_indicators_weight(
    term: str, weight: float, a08: str, a09: str
) -> None:
    """U 班主任 第十二条 「在每年秋学期进行」; C 第十条 「……等指标纳入班主任考核」."""
    rules = load_policy().assessment.model_copy(update={"head_teacher_assessed_in": term})
    lines = {r: text for r, _, text in rule_lines(rules, 70, ZH, fail_below=60,
                                                  indicator_weight=weight)}  # fmt: skip
    assert a08 in lines["A08"] and "花名册" in lines["A08"]
    assert a09 in lines["A09"] and "仅作参考" not in lines["A09"]


@pytest.mark.parametrize(
    ("line", "weight", "shown", "problem"),
    [
        (None, 0, "weight 0: 学院未定权重", False),
        ("class_indicator_weight: 20", 20, "weight 20%", False),
        ("class_indicator_weight: 120", None, None, True),
    ],
)
def test_a_college_file_sets_the_class_indicator_weight(
    tmp_path: Path, line: str | None, weight: float | None, shown: str | None, problem: bool
) -> None:
    """C 第十条: 「……等指标纳入班主任考核」 with no weight: 0 (学院未定权重) unless set."""
    folder = tmp_path / "policy"
    shutil.copytree(shipped_dir(), folder)
    college = folder / "colleges" / "jidian.yaml"
    if line is not None:
        college.write_text(college.read_text("utf-8") + f"\n{line}\n", "utf-8")
    assert bool(check_policy_file(college)) is problem
    if problem:
        return
    policy = load_policy(folder)
    assert policy.indicator_weight("机电工程学院") == weight
    assert policy.indicator_weight("材料学院") == 0
    (a09,) = [x for x in format_effective_policy(policy, "机电工程学院").splitlines()
              if x.startswith("A09")]  # fmt: skip
    assert shown is not None and shown in a09
