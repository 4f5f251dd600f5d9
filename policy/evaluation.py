"""Evaluation: counts in, statuses out. Pure: no I/O, and `today` is an argument.

For each person, each rule in force for them and each period that is open or closed within
`settings.closed_grace_days`, a status is decided so (per class, grade or department when the
rule's scope says so; a per-student rule counts the students of its set that were reached):

1. The window is the period, or its first/last N weeks when the rule has a `window`.
2. not_applicable: the rule cannot bite. The period has fewer teaching days than
   `settings.min_teaching_days` (a week or month in a vacation), the rule's condition fails
   (C22 without special-origin students), its student set is empty, or it is not computable.
3. met: done ≥ target.
4. missed: the window has closed and done < target.
5. elapsed = the window's teaching days before today ÷ all its teaching days (calendar days
   for five_years and once, or for a window without teaching days); expected = target × elapsed.
   behind: done < ⌊expected⌋, a whole unit or more short of an even pace.
   at_risk: not behind, but the period's nudge lead time has come (`settings.nudge_lead`:
   calendar days left, or teaching days left for a week) and the target is still open.
   on_track: otherwise.
   A percentage (C23) has no pace: a reported rate below target is behind; with no rate yet
   it is on_track until the lead time, then at_risk.

Over 300 lines on purpose: dues, the count plan and judging are one algorithm over the same
facts; split, the steps would be read apart from the data they share.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import chain
from typing import TypeVar

from models.counts import CountPlan, Counts, Org, Span, StaffFacts, StudentFacts, Tally
from policy.calendar import AcademicCalendar
from policy.periods import ANCHORED, Period, add_years, last_ended_before, recent_periods
from policy.rules import PolicySettings, Rule

GRADES = 4  # 本科 四个年级: L01 asks for one forum per grade
FAMILY = {
    "staff": "staff",
    "each_class": "classes",
    "each_student": "students",
    "failing_courses": "courses",
}
T = TypeVar("T")


class Status(StrEnum):
    """Where a quota stands."""

    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class RuleStatus:
    """One rule for one person (and class, grade or department) in one period."""

    staff_id: int
    rule: Rule
    period: Period
    window: Period  # the days whose records count: the period, or its first/last weeks
    class_id: int | None
    target: float
    done: float
    remaining: float
    days_left: int  # days left in the window counting today; negative once closed
    status: Status
    missing_student_ids: tuple[int, ...] = ()
    expected: float = 0.0  # what an even pace would have done by now
    unit: str | None = None  # each_grade: "grade_2"; each_department: the major's name
    reason: str | None = None  # why not applicable: vacation, condition, no_students, …
    missing_courses: tuple[str, ...] = ()  # D02: the department's courses not yet analysed


@dataclass(frozen=True)
class Due:
    """A rule to judge for a person in one period; `span` is the window as counted."""

    staff: StaffFacts
    rule: Rule
    period: Period
    window: Period
    span: Span


def window_of(rule: Rule, period: Period, calendar: AcademicCalendar | None = None) -> Period:
    """The days of the period whose records count toward the rule.

    A window with `next_term_weeks` ends with the next term's week N (when the calendar
    knows that term), after the period itself.
    """
    window = rule.window
    if period.kind == "once":
        # 岗前培训 comes before the post: only hours dated on or before the first day count,
        # and the rule is missed from the day after it (the period keeps it in view a year).
        return Period(period.kind, period.start, add_years(period.start, 1))
    if window is None:
        return period
    if window.part == "weeks":
        assert window.from_week is not None and window.to_week is not None
        start = period.start + timedelta(days=7 * (window.from_week - 1))
        end = period.start + timedelta(days=7 * window.to_week - 1)
        return Period(period.kind, min(start, period.end), min(end, period.end))
    assert window.weeks is not None
    days = timedelta(days=7 * window.weeks - 1)
    if window.part == "first":
        return Period(period.kind, period.start, min(period.end, period.start + days))
    end = period.end
    following = _next_term_start(period, calendar) if window.next_term_weeks else None
    if following is not None and window.next_term_weeks:
        end = following + timedelta(days=7 * window.next_term_weeks - 1)
    return Period(period.kind, max(period.start, period.end - days), end)


def _next_term_start(period: Period, calendar: AcademicCalendar | None) -> date | None:
    """The first day of the term after the period, if the calendar has it."""
    if calendar is None:
        return None
    return min((t.start for t in calendar.terms if t.start > period.end), default=None)


def _spills(rule: Rule) -> bool:
    """A rule whose window outlives its period (E01): the period stays in view until then."""
    return rule.window is not None and rule.window.next_term_weeks is not None


def dues(
    org: Org,
    rules_by_staff: Mapping[int, Sequence[Rule]],
    calendar: AcademicCalendar,
    settings: PolicySettings,
    today: date,
) -> Iterator[Due]:
    """Each person's rules with each period that is open or just closed."""
    periods: dict[tuple[str, date | None, bool], list[tuple[Period, Span]]] = {}
    for staff_id, rules in rules_by_staff.items():
        staff = org.staff[staff_id]
        for rule in rules:
            if rule.full_time_only and not staff.full_time:
                continue
            anchor = None
            if rule.period == "once":
                if staff.started_on is None:
                    continue
                anchor = staff.started_on
            elif rule.period == "five_years" and staff.started_on is not None:
                anchor = calendar.academic_year_of(staff.started_on).start
            key = (rule.period, anchor, _spills(rule))
            if key not in periods:
                found = recent_periods(
                    today,
                    rule.period,
                    calendar,
                    grace_days=settings.closed_grace_days,
                    anchor=anchor,
                )
                if _spills(rule):
                    found = _with_spilled(rule, found, calendar, settings, today)
                periods[key] = [(p, Span(p.start, p.end)) for p in found]
            for period, span in periods[key]:
                if rule.window is None and period.kind != "once":
                    yield Due(staff, rule, period, period, span)
                else:
                    window = window_of(rule, period, calendar)
                    start = window.start
                    if rule.scope == "failing_courses":
                        start = _after_round_before(rule, period, calendar)
                    yield Due(staff, rule, period, window, Span(start, window.end))


def _with_spilled(
    rule: Rule,
    found: list[Period],
    calendar: AcademicCalendar,
    settings: PolicySettings,
    today: date,
) -> list[Period]:
    """The periods in view, and the last closed one while its window (and grace) runs."""
    last = last_ended_before(today, rule.period, calendar)
    if last is None or last in found:
        return found
    if (today - window_of(rule, last, calendar).end).days > settings.closed_grace_days:
        return found
    return [last, *found]


def _after_round_before(rule: Rule, period: Period, calendar: AcademicCalendar) -> date:
    """D02: records count from the day after the previous term's round closed (grades of the
    term before come out at its end, so an analysis may be logged in the vacation)."""
    before = calendar.term_before(period.start)
    if before is None:
        return period.start
    closed = window_of(rule, Period(period.kind, before.start, before.end)).end
    return closed + timedelta(days=1)


def count_plan(due_list: Sequence[Due]) -> CountPlan:
    """Which kinds must be counted in which spans, for each grouping."""
    plan: dict[str, dict[Span, set[str]]] = defaultdict(lambda: defaultdict(set))
    anchored: dict[Span, set[int]] = defaultdict(set)
    shared: set[Span] = set()
    for due in due_list:
        plan[FAMILY.get(due.rule.scope, "colleges")][due.span].add(due.rule.kind)
        if due.period.kind in ANCHORED:
            anchored[due.span].add(due.staff.id)
        else:
            shared.add(due.span)
    frozen = {f: {s: frozenset(k) for s, k in spans.items()} for f, spans in plan.items()}
    only = {s: frozenset(ids) for s, ids in anchored.items() if s not in shared}
    return CountPlan(**frozen, only=only)


def evaluate(
    org: Org,
    rules_by_staff: Mapping[int, Sequence[Rule]],
    counts: Counts,
    calendar: AcademicCalendar,
    settings: PolicySettings,
    today: date,
) -> list[RuleStatus]:
    """Every status of every person's rules in the open and just-closed periods."""
    due_list = dues(org, rules_by_staff, calendar, settings, today)
    return judge_all(due_list, org, counts, calendar, settings, today)


def judge_all(
    due_list: Iterable[Due],
    org: Org,
    counts: Counts,
    calendar: AcademicCalendar,
    settings: PolicySettings,
    today: date,
) -> list[RuleStatus]:
    """The statuses of rules already paired with their periods (see `dues`)."""
    judge = _Judge(calendar, settings, today)
    found: list[RuleStatus] = []
    for due in due_list:
        found += _statuses(due, org, counts, judge)
    return found


def students_of(org: Org, staff: StaffFacts, role: str) -> list[StudentFacts]:
    """The active students of the classes a person looks after in a role."""
    return [s for cid in staff.classes_as(role) for s in org.students.get(cid, ())]


def _graduating(year: int, program_years: int) -> bool:
    """A class in its last year (C38b): its 学制's (3 for 专科, 4 for 本科, 5 for five years)."""
    return year == program_years


def department_key(name: str) -> str:
    """A 系's name as records are matched to it (D01): no spaces, no trailing 系."""
    return "".join(name.split()).removesuffix("系")


def _matching(rule: Rule, by_subtype: Mapping[str | None, T]) -> list[T]:
    """The values of the subtypes that count toward the rule."""
    if not rule.subtypes:
        return list(by_subtype.values())
    return [v for sub, v in by_subtype.items() if sub in rule.subtypes]


def _amount(rule: Rule, tally: Tally) -> float:
    """What a tally adds to the rule: hours, days with a record (trips), or records."""
    if rule.measure == "hours":
        return tally.hours
    return tally.days if rule.measure == "trips" else tally.records


def _in_set(rule: Rule, student: StudentFacts, listed: frozenset[int] | None) -> bool:
    """Whether a student is in the rule's student set in the period's term.

    C33, H04, H05: the academic-warning set is the term's list when one was imported for
    that term, else the roster flag (a list given only as a roster column).
    """
    if rule.student_set == "all":
        return True
    if rule.student_set == "academic_warning" and listed is not None:
        return student.id in listed
    return rule.student_set in student.flags


def _statuses(due: Due, org: Org, counts: Counts, judge: _Judge) -> Iterator[RuleStatus]:
    """The statuses of one due rule: one, or one per class, grade or department."""
    rule, staff, span = due.rule, due.staff, due.span
    reason = judge.not_applicable(due, org)
    if rule.scope == "staff":
        tallies = _matching(rule, counts.staff.get((staff.id, rule.kind, span), {}))
        if rule.measure == "percent":
            students = len(students_of(org, staff, rule.holder))
            top = max((t.attendance for t in tallies if t.attendance is not None), default=None)
            rate = None if top is None or not students else 100 * top / students
            reason = reason or (None if students else "no_students")
            yield judge.status(due, rule.target, rate or 0.0, reason, reported=rate is not None)
        else:
            done = sum(_amount(rule, t) for t in tallies)
            yield judge.status(due, rule.target, done, reason)
    elif rule.scope == "each_class":
        for cid in staff.classes_as(rule.holder):
            done = sum(_matching(rule, counts.classes.get((staff.id, cid, rule.kind, span), {})))
            yield judge.status(due, rule.target, done, reason, class_id=cid)
    elif rule.scope == "each_student":
        listed = org.warned.get(judge.calendar.term_code(due.period.start) or "")
        wanted = {s.id for s in students_of(org, staff, rule.holder) if _in_set(rule, s, listed)}
        reached = _matching(rule, counts.students.get((staff.id, rule.kind, span), {}))
        if rule.target <= 1:
            done_ids = wanted.intersection(chain.from_iterable(reached))
        else:
            talks = Counter(chain.from_iterable(reached))
            done_ids = {s for s in wanted if talks[s] >= rule.target}
        missing = tuple(sorted(wanted - done_ids))
        reason = reason or (None if wanted else "no_students")
        yield judge.status(due, len(wanted), len(done_ids), reason, missing=missing)
    elif staff.college_id is not None:
        yield from _college_statuses(due, org, counts, judge, reason)


def _college_statuses(
    due: Due, org: Org, counts: Counts, judge: _Judge, reason: str | None
) -> Iterator[RuleStatus]:
    """College-wide rules: one status for the college, or one per grade or department."""
    rule, college = due.rule, due.staff.college_id
    assert college is not None
    rows = counts.colleges.get((college, rule.kind, due.span), {})
    rows = {k: n for k, n in rows.items() if not rule.subtypes or k[0] in rule.subtypes}
    if rule.scope == "each_grade":
        # 大一 is the class that entered in the academic year of the period.
        entry = judge.calendar.academic_year_of(due.period.start).start.year
        grades = {entry - c.grade + 1 for c in org.classes.values() if c.college_id == college}
        units: list[str | None] = [f"grade_{g}" for g in sorted(grades) if 1 <= g <= GRADES]
        done_of = {u: sum(n for (sub, _), n in rows.items() if sub == u) for u in units}
    elif rule.scope == "failing_courses":
        yield from _course_statuses(due, org, counts, judge, reason)
        return
    elif rule.scope == "each_department":
        # One per 系 as the roster names them (a major without a 系 is its own); a record
        # names its 系, or one of the 系's majors, spaces and a trailing 系 aside.
        aliases: dict[str, str] = {}
        for mid, (c, name) in org.majors.items():
            if c == college:
                own = org.departments.get(mid, name)
                aliases[department_key(name)] = aliases[department_key(own)] = own
        # A college without majors on record counts as one department.
        units = list(sorted(set(aliases.values()))) or [None]
        done_of = dict.fromkeys(units, 0)
        for (_, theme), n in rows.items():
            matched = aliases.get(department_key(theme or "")) if aliases else None
            if matched is not None or not aliases:
                done_of[matched] += n
    else:
        units = [None]
        done_of = {None: sum(rows.values())}
    for unit in units:
        yield judge.status(due, rule.target, done_of[unit], reason, unit=unit)


def _course_statuses(
    due: Due, org: Org, counts: Counts, judge: _Judge, reason: str | None
) -> Iterator[RuleStatus]:
    """D02: one status per department, over the term before's courses above the line.

    A record counts for a course when it names the course and its 主题 is the course's
    department or empty. A line of the list with a 任课教师 or 课程组 is that teacher's or
    team's section, judged on its own rate: its record names the teacher too, so a section
    above the line is never hidden in the course's total. No line above the line (or no
    list yet): not applicable.
    """
    rule, college = due.rule, due.staff.college_id
    assert college is not None and rule.fail_rate_above is not None
    before = judge.calendar.term_before(due.period.start)
    term = judge.calendar.term_code(before.start) if before else None
    line = rule.fail_rate_above
    failing = [
        c for c in org.courses.get((college, term or ""), ()) if c.failed * 100 > line * c.enrolled
    ]
    if not failing:
        yield judge.status(due, 0, 0, reason or "no_courses")
        return
    analysed = counts.courses.get((college, rule.kind, due.span), set())
    by_department: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in failing:
        by_department[c.department].append((c.course, c.teacher))
    for department, courses in sorted(by_department.items()):
        missing = tuple(
            _section(course, teacher)
            for course, teacher in courses
            if not _analysed(analysed, department, course, teacher)
        )
        done = len(courses) - len(missing)
        yield judge.status(
            due, len(courses), done, reason, unit=department, missing_courses=missing
        )


def _analysed(found: set[tuple[str, str, str]], department: str, course: str, teacher: str) -> bool:
    """Whether a record analysed this course (this teacher's or team's section, if named)."""
    return any(
        c == course and d in ("", department) and (not teacher or t == teacher) for d, c, t in found
    )


def _section(course: str, teacher: str) -> str:
    """A course, or a teacher's section of it, as lists name it: 机械原理（张伟）."""
    return f"{course}（{teacher}）" if teacher else course


class _Judge:
    """Turns target and done into a status, per the rules in the module docstring."""

    def __init__(self, calendar: AcademicCalendar, settings: PolicySettings, today: date) -> None:
        self.calendar, self.settings, self.today = calendar, settings, today
        # Thousands of statuses share a few dozen windows: work each window out once.
        self._timing: dict[Period, tuple[float, int, Status]] = {}
        self._short: dict[Period, bool] = {}
        self._exams: dict[Period, bool] = {}

    def not_applicable(self, due: Due, org: Org) -> str | None:
        """Why the rule does not bite in this period (None when it does)."""
        rule, period = due.rule, due.period
        if period not in self._short:
            self._short[period] = self._too_few(period, self.calendar.teaching_days)
        if self._short[period] and not rule.applies_in_vacation:
            return "vacation"
        if rule.pauses_in_exam_weeks:
            if period not in self._exams:
                self._exams[period] = self._too_few(period, self.calendar.lecture_days)
            if self._exams[period]:
                return "exam_weeks"
        if not rule.computable:
            return "not_computable"
        if rule.condition == "has_special_origin_students" and not any(
            "special_origin" in s.flags for s in students_of(org, due.staff, rule.holder)
        ):
            return "condition"
        if rule.condition in ("has_freshman_class", "has_graduating_class"):
            years = self._years_in(due, org)
            if rule.condition == "has_freshman_class":
                wanted = any(y == 1 for y, _ in years)
            else:
                wanted = any(_graduating(y, n) for y, n in years)
            if not wanted:
                return "condition"
        return None

    def _years_in(self, due: Due, org: Org) -> list[tuple[int, int]]:
        """The study year (1 = 大一) and 学制 of each of the person's classes in the period."""
        entry = self.calendar.academic_year_of(due.period.start).start.year
        classes = [
            org.classes[c] for c in due.staff.classes_as(due.rule.holder) if c in org.classes
        ]
        return [(entry - c.grade + 1, c.program_years) for c in classes]

    def _too_few(self, period: Period, days: Callable[[date, date], int]) -> bool:
        """Fewer such days in the period than `settings.min_teaching_days` asks for."""
        minimum = self.settings.min_teaching_days.get(period.kind, 0)
        return bool(minimum) and days(period.start, period.end) < minimum

    def status(
        self,
        due: Due,
        target: float,
        done: float,
        reason: str | None,
        *,
        class_id: int | None = None,
        unit: str | None = None,
        missing: tuple[int, ...] = (),
        reported: bool = True,
        missing_courses: tuple[str, ...] = (),
    ) -> RuleStatus:
        """The status of one count against its target."""
        window = due.window
        if window not in self._timing:
            self._timing[window] = self._time(window)
        elapsed, days_left, lead = self._timing[window]
        # A rate has no pace: nothing is expected of it before the end.
        expected = 0.0 if due.rule.measure == "percent" else target * elapsed
        if reason is not None:
            status = Status.NOT_APPLICABLE
        elif done >= target and reported:
            status = Status.MET
        elif days_left < 0:
            status = Status.MISSED
        elif due.rule.measure == "percent":
            status = Status.BEHIND if reported else lead
        elif done < math.floor(expected + 1e-9):
            status = Status.BEHIND
        else:
            status = lead
        return RuleStatus(
            staff_id=due.staff.id,
            rule=due.rule,
            period=due.period,
            window=window,
            class_id=class_id,
            target=target,
            done=done,
            remaining=max(0.0, target - done),
            days_left=days_left,
            status=status,
            missing_student_ids=missing,
            expected=expected,
            unit=unit,
            reason=reason,
            missing_courses=missing_courses,
        )

    def _time(self, window: Period) -> tuple[float, int, Status]:
        """The share of the window already past (today not included), days left, lead status."""
        today, calendar = self.today, self.calendar
        elapsed = 0.0
        if today > window.start:
            last = min(today - timedelta(days=1), window.end)
            total = calendar.teaching_days(window.start, window.end)
            if window.kind in ANCHORED or total == 0:
                elapsed = ((last - window.start).days + 1) / window.length
            else:
                elapsed = calendar.teaching_days(window.start, last) / total
        days_left = window.days_left(today)
        lead = self.settings.nudge_lead.get(window.kind)
        if lead is None:
            near = False
        elif lead.teaching_days is not None:
            near = calendar.teaching_days(today, window.end) <= lead.teaching_days
        else:
            near = days_left <= (lead.days or 0)
        return elapsed, days_left, Status.AT_RISK if near else Status.ON_TRACK
