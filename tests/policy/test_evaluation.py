"""The pure evaluation: hand-made counts in, statuses out (no database)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from models.counts import ClassFacts, Counts, Org, Span, StaffFacts, StudentFacts, Tally
from policy.evaluation import RuleStatus, Status, count_plan, dues, evaluate
from policy.service import PolicyService

SVC = PolicyService.load()
JIDIAN = 10
CLASS = 100
APRIL = Span(date(2026, 4, 1), date(2026, 4, 30))


def counselor(**overrides: object) -> StaffFacts:
    values: dict[str, object] = {
        "id": 1,
        "college_id": JIDIAN,
        "roles": frozenset({"counselor"}),
        "counselor_classes": (CLASS,),
        **overrides,
    }
    return StaffFacts(**values)  # type: ignore[arg-type]


def world(
    staff: StaffFacts,
    students: tuple[StudentFacts, ...] = (),
    *,
    classes: Mapping[int, ClassFacts] | None = None,
    majors: Mapping[int, tuple[int, str]] | None = None,
) -> Org:
    return Org(
        staff={staff.id: staff},
        classes=classes if classes is not None else {CLASS: ClassFacts(CLASS, JIDIAN, 2025)},
        students={CLASS: students},
        colleges={JIDIAN: "机电工程学院"},
        majors=majors or {},
    )


def run(rule_id: str, today: date, org: Org, counts: Counts | None = None) -> list[RuleStatus]:
    """The statuses of one rule of the one person of `org`."""
    rules = [r for r in SVC.policy.rules_for_college("机电工程学院") if r.id == rule_id]
    [staff_id] = org.staff
    found = evaluate(
        org, {staff_id: rules}, counts or Counts(), SVC.calendar, SVC.policy.settings, today
    )
    return found


def visits(n: int, span: Span = APRIL) -> Counts:
    # One visit a day: n records on n different days.
    return Counts(staff={(1, "dorm_visit", span): {None: Tally(n, days=n)}})


def test_it_marks_a_month_in_vacation_not_applicable() -> None:
    [february] = run("C15", date(2026, 2, 18), world(counselor()))
    assert (february.status, february.reason, february.period.start) == (
        Status.NOT_APPLICABLE,
        "vacation",
        date(2026, 2, 1),
    )


@pytest.mark.parametrize(
    ("today", "applies"),
    [
        (date(2026, 1, 14), True),  # January 2026: 11 teaching days before the vacation
        (date(2026, 7, 8), True),  # July 2026: 8 teaching days (exam weeks), then the summer
        (date(2026, 3, 18), True),
    ],
)
def test_it_counts_a_month_only_with_five_teaching_days(today: date, applies: bool) -> None:
    [month] = [s for s in run("C06", today, world(counselor())) if today in s.period]
    assert (month.status != Status.NOT_APPLICABLE) is applies


@pytest.mark.parametrize(
    ("today", "applies"),
    [
        (date(2025, 9, 30), False),  # 2025 National Day: only Monday and Tuesday are taught
        (date(2026, 9, 29), True),  # 2026: Monday to Wednesday, three days
        (date(2026, 10, 9), True),  # Thursday, Friday and the 调休 Saturday
        (date(2026, 2, 24), False),  # the week after the Spring Festival: still vacation
    ],
)
def test_it_counts_a_week_only_with_three_teaching_days(today: date, applies: bool) -> None:
    [week] = [s for s in run("C09", today, world(counselor())) if today in s.period]
    assert (week.status != Status.NOT_APPLICABLE) is applies


@pytest.mark.parametrize(
    ("today", "done", "status"),
    [
        (date(2026, 4, 8), 0, Status.ON_TRACK),  # 4 of 21 teaching days gone: expect 0.38
        (date(2026, 4, 20), 0, Status.BEHIND),  # 12 of 21 gone: expect 1.14, a whole visit short
        (date(2026, 4, 20), 1, Status.ON_TRACK),
        (date(2026, 4, 27), 1, Status.AT_RISK),  # 4 days left: within the 7-day lead time
        (date(2026, 4, 27), 2, Status.MET),
    ],
)
def test_it_judges_the_pace_by_teaching_days(today: date, done: int, status: Status) -> None:
    [april] = [s for s in run("C15", today, world(counselor()), visits(done)) if today in s.period]
    assert april.status == status
    assert april.remaining == 2 - done and april.days_left == (date(2026, 4, 30) - today).days + 1


def test_it_reports_the_closed_month_for_seven_days_as_missed_or_met() -> None:
    statuses = run("C15", date(2026, 5, 7), world(counselor()), visits(1))
    assert [(s.period.start, s.status, s.days_left) for s in statuses] == [
        (date(2026, 4, 1), Status.MISSED, -7),
        (date(2026, 5, 1), Status.ON_TRACK, 25),
    ]
    assert [s.period.start for s in run("C15", date(2026, 5, 8), world(counselor()))] == [
        date(2026, 5, 1)
    ]
    [met, _] = run("C15", date(2026, 5, 2), world(counselor()), visits(2))
    assert met.status == Status.MET


def test_it_lists_the_students_still_missing_and_counts_only_the_set() -> None:
    kids = tuple(
        StudentFacts(i, CLASS, frozenset({"key_concern"} if i < 4 else ())) for i in range(1, 7)
    )
    q2 = Span(date(2026, 4, 1), date(2026, 6, 30))
    # Student 5 is not of key concern; a general talk is not a deep one.
    counts = Counts(students={(1, "talk", q2): {"deep": [1, 5, 1], "general": [2]}})
    [status] = run("C18", date(2026, 5, 15), world(counselor(), kids), counts)
    assert (status.target, status.done, status.missing_student_ids) == (3, 1, (2, 3))
    [yearly] = run("C17", date(2026, 5, 15), world(counselor(), kids), Counts())
    assert yearly.target == 6 and yearly.missing_student_ids == (1, 2, 3, 4, 5, 6)


def test_it_needs_as_many_records_per_student_as_a_college_target_says() -> None:
    [c17] = [r for r in SVC.policy.rules if r.id == "C17"]
    twice = c17.model_copy(update={"target": 2})
    kids = tuple(StudentFacts(i, CLASS) for i in (1, 2))
    year = Span(date(2025, 9, 1), date(2026, 8, 31))
    counts = Counts(students={(1, "talk", year): {"general": [1, 2], "deep": [1]}})
    org = world(counselor(), kids)
    [status] = evaluate(
        org, {1: [twice]}, counts, SVC.calendar, SVC.policy.settings, date(2026, 5, 1)
    )
    assert (status.done, status.missing_student_ids) == (1, (2,))


def test_it_does_not_apply_a_student_rule_without_such_students() -> None:
    [status] = run("C18", date(2026, 5, 15), world(counselor(), (StudentFacts(1, CLASS),)))
    assert (status.status, status.reason, status.target) == (
        Status.NOT_APPLICABLE,
        "no_students",
        0,
    )


def test_it_applies_c22_only_to_a_counselor_with_special_origin_students() -> None:
    plain = world(counselor(), (StudentFacts(1, CLASS),))
    special = world(counselor(), (StudentFacts(1, CLASS, frozenset({"special_origin"})),))
    assert [s.reason for s in run("C22", date(2026, 5, 15), plain)] == ["condition"]
    assert [s.status for s in run("C22", date(2026, 5, 15), special)] == [Status.ON_TRACK]


def test_it_waits_for_the_last_four_weeks_of_term_for_c33() -> None:
    kids = (StudentFacts(1, CLASS, frozenset({"academic_warning"})),)
    [early] = run("C33", date(2026, 4, 15), world(counselor(), kids))
    assert (early.window.start, early.window.end) == (date(2026, 6, 13), date(2026, 7, 10))
    assert (early.status, early.expected) == (Status.ON_TRACK, 0)
    [late] = run("C33", date(2026, 7, 13), world(counselor(), kids))
    assert late.status == Status.MISSED


@pytest.mark.parametrize(
    ("attendance", "today", "status"),
    [
        (19, date(2026, 5, 15), Status.MET),  # 95%
        (17, date(2026, 5, 15), Status.BEHIND),  # 85%: a rate below target is behind
        (None, date(2026, 5, 15), Status.ON_TRACK),  # nothing reported yet
        (None, date(2026, 8, 20), Status.AT_RISK),  # nothing reported, 12 days left
    ],
)
def test_it_computes_the_fitness_test_rate_from_the_students(
    attendance: int | None, today: date, status: Status
) -> None:
    kids = tuple(StudentFacts(i, CLASS) for i in range(20))
    year = Span(date(2025, 9, 1), date(2026, 8, 31))
    counts = Counts(staff={(1, "fitness_test", year): {None: Tally(1, 0, attendance)}})
    [c23] = run("C23", today, world(counselor(), kids), counts)
    assert c23.status == status
    assert c23.done == (100 * attendance / 20 if attendance else 0)


def test_it_sums_hours_of_in_service_training_only() -> None:
    year = Span(date(2025, 9, 1), date(2026, 8, 31))
    counts = Counts(
        staff={
            (1, "training", year): {
                "in_service_school": Tally(2, 10.5),
                "in_service_national": Tally(1, 6),
                "pre_service_school": Tally(1, 40),
            }
        }
    )
    [c29] = run("C29", date(2026, 5, 15), world(counselor()), counts)
    assert (c29.done, c29.status) == (16.5, Status.MET)


@pytest.mark.parametrize(
    ("today", "hours", "status"),
    [
        (date(2025, 3, 1), 24, Status.ON_TRACK),  # half a year before: 20 expected
        (date(2025, 8, 25), 24, Status.BEHIND),  # a week before the first day, 16 short
        (date(2025, 9, 1), 40, Status.MET),
        (date(2025, 9, 2), 24, Status.MISSED),  # short on the first day: missed at once
        (date(2026, 6, 1), 24, Status.MISSED),  # and it stays in view the first year
    ],
)
def test_it_counts_pre_service_training_only_up_to_the_first_day(
    today: date, hours: float, status: Status
) -> None:
    """U 第十五条: 「新任辅导员上岗前，应当参加不少于 40 个学时的岗前培训」."""
    started = date(2025, 9, 1)
    org = world(counselor(started_on=started))
    before = Span(date(2024, 9, 1), started)
    counts = Counts(staff={(1, "training", before): {"pre_service_school": Tally(1, hours)}})
    [c30] = run("C30", today, org, counts)
    assert (c30.window.end, c30.status) == (started, status)
    assert run("C30", date(2026, 9, 8), org, counts) == []
    assert run("C30", date(2026, 5, 1), world(counselor())) == []


def test_it_reports_each_class_of_a_counselor() -> None:
    staff = counselor(counselor_classes=(CLASS, 101))
    q2 = Span(date(2026, 4, 1), date(2026, 6, 30))
    counts = Counts(classes={(1, 101, "class_meeting", q2): {"league_life": 1}})
    statuses = run("C07", date(2026, 5, 1), world(staff), counts)
    assert [(s.class_id, s.status) for s in statuses] == [
        (CLASS, Status.ON_TRACK),
        (101, Status.MET),
    ]


def leader_world(majors: Mapping[int, tuple[int, str]] | None = None) -> Org:
    leader = StaffFacts(7, JIDIAN, frozenset({"leader"}))
    classes = {i: ClassFacts(i, JIDIAN, grade) for i, grade in enumerate((2021, 2022, 2024, 2025))}
    return world(leader, classes=classes, majors=majors)


def test_it_asks_for_a_forum_per_grade_from_the_classes_of_the_college() -> None:
    # 期中: teaching weeks 8–11 of the spring term.
    spring = Span(date(2026, 4, 20), date(2026, 5, 17))
    counts = Counts(colleges={(JIDIAN, "teaching_forum", spring): {("grade_2", None): 1}})
    statuses = run("L01", date(2026, 4, 15), leader_world(), counts)
    # Classes of 2022, 2024 and 2025 are in their 4th, 2nd and 1st year; 2021 has graduated.
    assert [(s.unit, s.done) for s in statuses] == [("grade_1", 0), ("grade_2", 1), ("grade_4", 0)]


def test_it_asks_for_a_seminar_per_department_named_by_its_major() -> None:
    spring_first_weeks = Span(date(2026, 3, 2), date(2026, 3, 29))
    counts = Counts(
        colleges={(JIDIAN, "academic_seminar", spring_first_weeks): {(None, "车辆工程"): 1}}
    )
    org = leader_world(majors={1: (JIDIAN, "车辆工程"), 2: (JIDIAN, "工业设计"), 3: (99, "冶金")})
    statuses = run("D01", date(2026, 3, 20), org, counts)
    assert [(s.unit, s.status) for s in statuses] == [
        ("工业设计", Status.AT_RISK),
        ("车辆工程", Status.MET),
    ]
    [whole] = run("D01", date(2026, 3, 20), leader_world(), counts)
    assert (whole.unit, whole.done) == (None, 1)


def test_it_asks_no_course_analysis_without_a_failure_rate_list() -> None:
    [d02] = run("D02", date(2026, 4, 15), leader_world())
    assert (d02.status, d02.reason) == (Status.NOT_APPLICABLE, "no_courses")


def test_it_plans_one_span_per_period_and_family() -> None:
    org = world(counselor(), (StudentFacts(1, CLASS),))
    rules = {
        1: [r for r in SVC.policy.rules_for_college("机电工程学院") if r.holder == "counselor"]
    }
    plan = count_plan(list(dues(org, rules, SVC.calendar, SVC.policy.settings, date(2026, 4, 15))))
    monthly = {"cadre_meeting", "risk_ledger_update", "dorm_visit", "safety_inspection"}
    assert plan.staff[APRIL] == monthly
    assert plan.classes == {Span(date(2026, 4, 1), date(2026, 6, 30)): frozenset({"class_meeting"})}
    assert set(plan.students[Span(date(2026, 6, 13), date(2026, 7, 10))]) == {"parent_contact"}
    assert not plan.colleges


def test_it_words_the_fitness_test_rate_as_a_percentage() -> None:
    from i18n import translator
    from reports.progress import status_line

    kids = tuple(StudentFacts(i, CLASS) for i in range(20))
    year = Span(date(2025, 9, 1), date(2026, 8, 31))
    counts = Counts(staff={(1, "fitness_test", year): {None: Tally(1, 0, 17)}})
    [c23] = run("C23", date(2026, 5, 15), world(counselor(), kids), counts)
    line = status_line(translator("zh"), c23, {})
    assert "85%（目标 90%）" in line
    assert "次" not in line


def test_it_says_what_is_left_of_an_hours_rule_in_hours() -> None:
    """C29: 「每年应参加不少于 16 个学时的在岗培训」 — what is left is 学时, not 次."""
    from i18n import translator
    from reports.progress import status_line

    year = Span(date(2025, 9, 1), date(2026, 8, 31))
    counts = Counts(staff={(1, "training", year): {"in_service_school": Tally(1, 4)}})
    [c29] = run("C29", date(2026, 5, 15), world(counselor()), counts)
    zh = status_line(translator("zh"), c29, {})
    en = status_line(translator("en"), c29, {})
    assert "4/16 学时" in zh and "还差 12 学时" in zh and "次" not in zh
    assert "12 hours to go" in en
