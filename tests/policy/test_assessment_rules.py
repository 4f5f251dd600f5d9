"""Worked examples of A01–A08, every number computed by hand in the test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from policy.assessment import (
    Counselor,
    Facts,
    HeadTeacher,
    Scores,
    a01_total,
    a02_student_part,
    a03_excellent_cap,
    a03_pick_excellent,
    a04_not_graded,
    a05_not_excellent,
    a06_unqualified,
    a07_consequences,
    grade_counselors,
    grade_head_teachers,
    grade_university,
)
from policy.rules import Assessment, load_policy

YEAR_END = date(2026, 8, 31)


@pytest.fixture(scope="module")
def rules() -> Assessment:
    """The shipped assessment numbers."""
    return load_policy().assessment


def scores(total_like: str = "80", students: str | None = None) -> Scores:
    """All components equal (so the total is that number), unless the student score is given."""
    v = D(total_like)
    return Scores(v, D(students or total_like), v, v, v, v)


def facts(**overrides: object) -> Facts:
    """A counselor with 100 students, 80 of whom took part, in post since 2020."""
    values: dict[str, object] = {
        "participants": 80,
        "roster_students": 100,
        "started_on": date(2020, 9, 1),
    }
    return Facts(**{**values, **overrides})  # type: ignore[arg-type]


def test_it_weights_the_five_parts_to_two_decimals(rules: Assessment) -> None:
    s = Scores(D("90"), D("85.5"), D("88"), D("92"), D("87"), D("91.3"))
    # 90×0.1 + 85.5×0.4 + 88×0.1 + (92×0.5 + 87×0.5)×0.2 + 91.3×0.2
    # = 9 + 34.2 + 8.8 + 89.5×0.2 (17.9) + 18.26 = 88.16
    assert a01_total(s, rules) == D("88.16")


def test_it_rounds_half_up_at_the_third_decimal(rules: Assessment) -> None:
    s = Scores(D("90.05"), D("0"), D("0"), D("0"), D("0"), D("0"))
    # 90.05 × 0.1 = 9.005 → 9.01
    assert a01_total(s, rules) == D("9.01")


def test_it_needs_half_of_the_roster_to_evaluate(rules: Assessment) -> None:
    assert a02_student_part(facts(participants=50, roster_students=100), rules) is None
    void = a02_student_part(facts(participants=49, roster_students=100), rules)
    assert void is not None and void.rule == "A02"
    # 101 students: half is 50.5, so 50 is not enough and 51 is.
    assert a02_student_part(facts(participants=50, roster_students=101), rules) is not None
    assert a02_student_part(facts(participants=51, roster_students=101), rules) is None


def test_it_cannot_grade_without_enough_participants(rules: Assessment) -> None:
    people = [Counselor(1, scores("95"), facts(participants=30))]
    (result,) = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert result.grade == "pending"
    assert result.total is None
    assert result.decided_by.rule == "A02"
    assert result.decided_by.args == {"participants": 30, "roster": 100}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"started_on": date(2025, 9, 1)}, "new_in_post"),  # one year on 2026-09-01, too late
        ({"seconded_months": D("7.5")}, "seconded"),  # 12 − 7.5 = 4.5 months in post
        ({"leave_months": D("5.5")}, "leave"),
    ],
)
def test_it_reviews_without_grading(
    rules: Assessment, overrides: dict[str, object], code: str
) -> None:
    reason = a04_not_graded(facts(**overrides), YEAR_END, rules)
    assert reason is not None and (reason.rule, reason.code) == ("A04", code)
    people = [Counselor(1, scores(), facts(**overrides))]
    (result,) = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert result.grade == "not_graded"


@pytest.mark.parametrize(
    "overrides",
    [
        {"started_on": date(2025, 8, 31)},  # exactly one year by 2026-08-31
        {"seconded_months": D("7")},  # 5 months in post is enough
        {"leave_months": D("5")},  # 5 months is not "over 5"
    ],
)
def test_it_grades_at_the_exemption_limits(rules: Assessment, overrides: dict[str, object]) -> None:
    assert a04_not_graded(facts(**overrides), YEAR_END, rules) is None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"missed_training": True}, "missed_training"),
        ({"missed_duty": True}, "missed_duty"),
        ({"days_away": D("31")}, "days_away"),
        ({"punished_students": 3}, "punished"),  # 3 of 100 is 3% > 2%
    ],
)
def test_it_keeps_disqualified_people_from_excellent(
    rules: Assessment, overrides: dict[str, object], code: str
) -> None:
    (reason,) = a05_not_excellent(facts(**overrides), rules)
    assert (reason.rule, reason.code) == ("A05", code)
    # Seven people: one 优秀 place; the disqualified one has the best total but is passed over.
    people = [Counselor(1, scores("95"), facts(**overrides))] + [
        Counselor(k, scores(str(90 - k)), facts()) for k in range(2, 8)
    ]
    results = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert [r.grade for r in results][:2] == ["qualified", "excellent"]
    assert results[0].decided_by.rule == "A05"


@pytest.mark.parametrize(
    ("days_away", "excluded"), [("29", False), ("29.5", False), ("30", True), ("31", True)]
)
def test_it_counts_thirty_days_away_as_thirty_days_or_more(
    rules: Assessment, days_away: str, excluded: bool
) -> None:
    """U 考核 第七条(二): 「全年累计因病因事……离开辅导员职岗位 30 天以上的」不得评为优秀.

    以上 includes the number itself.
    """
    found = a05_not_excellent(facts(days_away=D(days_away)), rules)
    assert [r.code for r in found] == (["days_away"] if excluded else [])


def test_it_allows_exactly_two_percent_punished(rules: Assessment) -> None:
    # 2 of 100 punished is exactly 2%, not above it (「超过 2%」).
    assert a05_not_excellent(facts(punished_students=2), rules) == ()


def test_it_fails_a_student_score_below_60_or_a_finding(rules: Assessment) -> None:
    low = a06_unqualified(D("59.99"), None, rules)
    assert low is not None and low.code == "student_score"
    assert a06_unqualified(D("60"), None, rules) is None
    finding = a06_unqualified(D("95"), "工作懈怠", rules)
    assert finding is not None and finding.code == "finding"
    people = [
        Counselor(1, scores("90", students="59"), facts()),
        Counselor(2, scores("90"), facts(finding="师德师风考核不合格")),
    ]
    results = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert [r.grade for r in results] == ["unqualified", "unqualified"]
    assert results[0].consequences == ("removed_from_post",)


def test_a_finding_fails_even_without_enough_participants(rules: Assessment) -> None:
    people = [Counselor(1, scores(), facts(participants=0, finding="工作懈怠"))]
    (result,) = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert result.grade == "unqualified"


@pytest.mark.parametrize(("graded", "cap"), [(6, 0), (7, 1), (13, 1), (14, 2), (20, 3), (100, 15)])
def test_it_caps_excellent_at_15_percent_rounded_down(graded: int, cap: int) -> None:
    # 6 × 15% = 0.9 → 0; 7 × 15% = 1.05 → 1; 14 × 15% = 2.1 → 2; 20 × 15% = 3.
    assert a03_excellent_cap(graded, 15) == cap


def test_it_leaves_out_a_tie_at_the_boundary() -> None:
    totals = {1: D("95"), 2: D("90"), 3: D("90"), 4: D("80")}
    # Two places: 95 is in; 90 and 90 tie for the second, so both are left out.
    assert a03_pick_excellent(totals, 2) == ({1}, {2, 3})
    # One place and a tie for the first: nobody is 优秀.
    assert a03_pick_excellent({1: D("90"), 2: D("90"), 3: D("80")}, 1) == (set(), {1, 2})
    # A tie below the boundary does not matter.
    assert a03_pick_excellent({1: D("95"), 2: D("90"), 3: D("90")}, 1) == ({1}, set())


def test_it_grades_a_college_of_seven(rules: Assessment) -> None:
    totals = ["92", "88", "85", "75", "70", "69.99", "65"]
    people = [Counselor(k, scores(v), facts()) for k, v in enumerate(totals, 1)]
    results = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert [r.grade for r in results] == [
        "excellent",
        "qualified",
        "qualified",
        "qualified",
        "qualified",  # exactly 70 is not below the line
        "basically_qualified",
        "basically_qualified",
    ]
    assert [str(r.total) for r in results] == [
        "92.00", "88.00", "85.00", "75.00", "70.00", "69.99", "65.00",
    ]  # fmt: skip
    assert results[0].decided_by.args["cap"] == 1
    assert results[5].consequences == ("reminder_talk", "no_title_promotion_next_year")
    assert results[1].decided_by.code == "over_cap"


def test_six_graded_leave_no_excellent_place(rules: Assessment) -> None:
    people = [Counselor(k, scores(str(99 - k)), facts()) for k in range(6)]
    results = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    assert {r.grade for r in results} == {"qualified"}


def test_the_exempt_and_pending_do_not_count_toward_the_cap(rules: Assessment) -> None:
    people = [Counselor(k, scores(str(90 - k)), facts()) for k in range(6)]
    people.append(Counselor(10, scores("99"), facts(started_on=date(2026, 3, 1))))
    people.append(Counselor(11, scores("99"), facts(participants=1)))
    results = grade_counselors(people, rules, year_end=YEAR_END, pass_line=70)
    # Six graded: 6 × 15% = 0.9 → no 优秀.
    assert [r.grade for r in results].count("excellent") == 0


def test_a_college_pass_line_moves_basically_qualified(rules: Assessment) -> None:
    people = [Counselor(1, scores("72"), facts())]
    (result,) = grade_counselors(people, rules, year_end=YEAR_END, pass_line=75)
    assert result.grade == "basically_qualified"
    assert result.decided_by.args["line"] == "75"


def test_a07_names_the_consequences(rules: Assessment) -> None:
    assert a07_consequences("basically_qualified", rules) == (
        "reminder_talk",
        "no_title_promotion_next_year",
    )
    assert a07_consequences("unqualified", rules) == ("removed_from_post",)
    assert a07_consequences("qualified", rules) == ()


def test_head_teachers_are_graded_within_their_college(rules: Assessment) -> None:
    # Fourteen head teachers: 14 × 15% = 2.1 → two places. The best has an aid error.
    values = ["98", "95", "93", "90", "88", "85", "82", "80", "78", "75", "72", "70", "65", "55"]
    people = [HeadTeacher(k, D(v), aid_error=(k == 1)) for k, v in enumerate(values, 1)]
    results = grade_head_teachers(people, rules, pass_line=70, fail_below=60)
    grades = [r.grade for r in results]
    assert grades[:4] == ["qualified", "excellent", "excellent", "qualified"]
    assert results[0].decided_by.code == "aid_error"
    assert grades[11:] == ["qualified", "basically_qualified", "unqualified"]
    assert results[13].consequences == ("not_renewed",)


def test_head_teachers_tie_at_the_boundary(rules: Assessment) -> None:
    people = [HeadTeacher(k, D("90" if k < 3 else "80")) for k in range(1, 8)]
    results = grade_head_teachers(people, rules, pass_line=70, fail_below=60)
    # Seven: one place, but 90 and 90 tie for it.
    assert [r.grade for r in results].count("excellent") == 0
    assert results[0].decided_by.code == "tie"


@pytest.mark.parametrize(
    ("scope", "small_college_grades"),
    [("university", ["excellent", "qualified"]), ("college", ["qualified", "qualified"])],
)
def test_it_draws_the_excellent_line_across_the_university_or_per_college(
    rules: Assessment, scope: str, small_college_grades: list[str]
) -> None:
    """U 考核 第七条: 「优秀等次名额不超过参加测评人员的 15%」: everyone taking part.

    A college of two can have an 优秀 when the line is drawn across the university.
    """
    small = [Counselor(1, scores("96"), facts()), Counselor(2, scores("80"), facts())]
    large = [Counselor(k, scores(str(90 - k)), facts()) for k in range(3, 15)]
    policy = rules.model_copy(update={"excellent_quota_scope": scope})
    found = grade_university(
        {"小": small, "大": large}, policy, year_end=YEAR_END, pass_lines={"小": 70, "大": 70}
    )
    assert [r.grade for r in found["小"]] == small_college_grades
    excellent = [r for rs in found.values() for r in rs if r.grade == "excellent"]
    # 14 × 15% = 2 places across the university; 12 × 15% = 1 in the large college alone.
    assert len(excellent) == (2 if scope == "university" else 1)
    assert {r.decided_by.args["scope"] for r in excellent} == {scope}
