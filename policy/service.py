"""The policy as the bot uses it: load the files once, then evaluate everybody from the database."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property
from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from models.counts import PARTS, CountPlan, Org, count_records, load_org
from models.org import Staff
from models.turnover import counselor_turnover, staffing
from policy.calendar import AcademicCalendar, load_calendar
from policy.conditions import (
    ConditionResult,
    check_part_time_terms,
    check_turnover,
    staffing_of,
    staffing_ratio,
    trained_before_post,
    university_ratio,
)
from policy.evaluation import Due, RuleStatus, count_plan, dues, judge_all
from policy.kinds import KindCatalog, load_kinds
from policy.periods import add_years
from policy.rules import ConditionRule, CountsToward, Policy, Rule, load_policy, shipped_dir

# Above this many people the pure part of an evaluation runs in a worker thread, so that a
# job evaluating a college or the university never holds up the chat; one person's stays inline.
OFF_LOOP_STAFF = 50
# A rule filter whose results are kept: none (every rule) or one record's kind and subtype.
Kept = CountsToward | None
# The evaluations of everybody that jobs run as of the same instant share (see `sharing`).
_shared: ContextVar[dict[datetime, Evaluation] | None] = ContextVar("shared", default=None)


@dataclass(frozen=True)
class Evaluation:
    """Every status and standing-condition result at one moment."""

    today: date
    statuses: list[RuleStatus] = field(default_factory=list)
    conditions: list[ConditionResult] = field(default_factory=list)

    @cached_property
    def _by_staff(self) -> Mapping[int, list[RuleStatus]]:
        found: dict[int, list[RuleStatus]] = defaultdict(list)
        for status in self.statuses:
            found[status.staff_id].append(status)
        return found

    def for_staff(self, staff_id: int) -> list[RuleStatus]:
        """This person's statuses."""
        return list(self._by_staff.get(staff_id, ()))

    def for_kind(self, staff_id: int, kind: str, subtype: str | None) -> list[RuleStatus]:
        """This person's statuses that a record of this kind and subtype counts toward."""
        return [s for s in self._by_staff.get(staff_id, ()) if s.rule.counts(kind, subtype)]

    @property
    def failing_conditions(self) -> list[ConditionResult]:
        """The standing conditions that do not hold."""
        return [c for c in self.conditions if not c.ok]


__all__ = ["ConditionResult", "Evaluation", "PolicyService", "check_conditions"]


def check_conditions(
    conditions: Sequence[ConditionRule], org: Org, calendar: AcademicCalendar, today: date
) -> list[ConditionResult]:
    """S01 for every class, S02 for every college, S05 and S07 for every head teacher, S06
    for every class's last spell; conditions not computable are skipped."""
    found: list[ConditionResult] = []
    for cond in conditions:
        if cond.check == "one_class_per_head_teacher":
            found += _head_teacher_conditions(cond, org)
        if cond.check == "trained_before_post":
            year = calendar.academic_year_of(today)
            found += trained_before_post(cond, org, year.start, today)
        if cond.check == "head_teacher_term" and cond.limit is not None:
            found += _head_teacher_terms(cond, org)
        if cond.check == "one_head_teacher_per_class":
            for cls in org.classes.values():
                heads = len(org.head_teachers.get(cls.id, ()))
                found.append(
                    ConditionResult(
                        cond.id, heads == 1, cls.college_id, class_id=cls.id, value=heads, limit=1
                    )
                )
        elif cond.check == "counselor_student_limit" and cond.limit is not None:
            found += staffing_ratio(cond, org)
    return found


def _head_teacher_terms(cond: ConditionRule, org: Org) -> Iterator[ConditionResult]:
    """S06: each class whose last head teacher left it, flagged when they served fewer years
    than the college's term (a spell with no known start is not judged)."""
    for class_id, spell in org.last_spells.items():
        cls = org.classes.get(class_id)
        if cls is None or spell.started_on is None:
            continue
        years = cond.college_limits.get(org.colleges.get(cls.college_id, ""), cond.limit or 0)
        served = add_years(spell.started_on, years) <= spell.ended_on
        yield ConditionResult(
            cond.id, served, cls.college_id, class_id=class_id, staff_id=spell.staff_id,
            value=(spell.ended_on - spell.started_on).days // 365, limit=years,
        )  # fmt: skip


def _head_teacher_conditions(cond: ConditionRule, org: Org) -> Iterator[ConditionResult]:
    """S05: a head teacher leads at most `limit` classes."""
    for staff in org.staff.values():
        if "head_teacher" not in staff.roles or cond.limit is None:
            continue
        n = len(staff.head_classes)
        yield ConditionResult(
            cond.id, n <= cond.limit, staff.college_id, staff_id=staff.id, value=n,
            limit=cond.limit,
        )  # fmt: skip


def facts_read(policy: Policy, only: Callable[[Rule], bool]) -> frozenset[str]:
    """Which of load_org's PARTS judging the rules `only` keeps reads (in any college), as
    `judge_all` reads them: students for a rate, a per-student rule or a condition on them;
    classes for grades; majors per department; each college's failure-rate lists."""
    found: set[str] = set()
    for rule in (r for rules in (policy.rules, *policy.colleges.values()) for r in rules):
        if not only(rule):
            continue
        if rule.scope == "each_student":
            found |= {"students", "warned"}
        if rule.measure == "percent" or rule.condition == "has_special_origin_students":
            found.add("students")
        if rule.scope == "each_grade" or rule.condition in (
            "has_freshman_class",
            "has_graduating_class",
        ):
            found.add("classes")
        if rule.scope == "each_department":
            found.add("majors")
        if rule.scope == "failing_courses":
            found.add("courses")
    return frozenset(found)


class PolicyService:
    """The loaded policy, calendar and kinds, and the evaluation of everybody's quotas."""

    def __init__(
        self,
        policy: Policy,
        calendar: AcademicCalendar,
        kinds: KindCatalog,
        tz: tzinfo | None = None,
    ) -> None:
        self.policy = policy
        self.calendar = calendar
        self.kinds = kinds
        self.tz: tzinfo = tz or calendar.tz
        self._rules: dict[tuple[frozenset[str], str | None, Kept], tuple[Rule, ...]] = {}
        self._facts: dict[CountsToward, frozenset[str]] = {}
        self._own: dict[CountsToward, bool] = {}
        # How many evaluations were computed (not served from `sharing`): tests and benchmarks.
        self.evaluations = 0

    @classmethod
    def load(cls, policy_dir: Path | None = None, *, tz: tzinfo | None = None) -> PolicyService:
        """Load the policy files (the shipped ones by default); raise PolicyError if broken."""
        kinds = load_kinds()
        calendar_path = (policy_dir or shipped_dir()) / "calendar.yaml"
        if not calendar_path.exists():
            calendar_path = shipped_dir() / "calendar.yaml"
        return cls(load_policy(policy_dir, kinds), load_calendar(calendar_path), kinds, tz)

    def today(self, now: datetime) -> date:
        """The university's local date at this moment."""
        return now.astimezone(self.tz).date()

    def _for_roles(
        self, roles: frozenset[str], college_name: str | None, only: Kept = None
    ) -> tuple[Rule, ...]:
        """The rules of these roles in this college (that `only` keeps), kept once worked out."""
        key = (roles, college_name, only)
        if key not in self._rules:
            rules = self.policy.rules_for_college(college_name)
            self._rules[key] = tuple(
                r for r in rules if r.holder in roles and (only is None or only(r))
            )
        return self._rules[key]

    def _facts_read(self, only: Callable[[Rule], bool]) -> frozenset[str]:
        """`facts_read`, kept for each record's kind and subtype: every save asks it."""
        if not isinstance(only, CountsToward):
            return facts_read(self.policy, only)
        if only not in self._facts:
            self._facts[only] = facts_read(self.policy, only)
        return self._facts[only]

    def _per_person(self, only: CountsToward) -> bool:
        """Whether every rule `only` keeps counts a person's own records, with no condition,
        and is the same in every college: judging them needs no class, student or college name.
        Kept for each record's kind and subtype: every save asks it."""
        if only not in self._own:
            base = [r for r in self.policy.rules_for_college(None) if only(r)]
            self._own[only] = (
                not self._facts_read(only)
                and all(
                    r.scope == "staff" and r.measure != "percent" and r.condition is None
                    for r in base
                )
                and all(
                    [r for r in self.policy.rules_for_college(name) if only(r)] == base
                    for name in self.policy.colleges
                )
            )
        return self._own[only]

    def rules_for(self, staff: Staff, college_name: str | None) -> list[Rule]:
        """The rules in force for this person in their college."""
        return list(self._for_roles(frozenset(staff.roles), college_name))

    async def university_conditions(
        self, session: AsyncSession, *, now: datetime, org: Org | None = None
    ) -> list[ConditionResult]:
        """The university-wide conditions as of `now`: S02's overall ratio, and S03 and S08
        over the academic year so far (one read of the year's leavers serves both). `org`, read
        whole by an evaluation of everybody, gives S02's numbers without a statement."""
        today = self.today(now)
        year = self.calendar.academic_year_of(today)
        found: list[ConditionResult] = []
        checks = {c.check for c in self.policy.conditions}
        turnover = None
        if checks & {"counselor_turnover", "part_time_term"}:
            turnover = await counselor_turnover(session, start=year.start, today=today)
        for cond in self.policy.conditions:
            if cond.check == "counselor_student_limit":
                numbers = staffing_of(org) if org is not None else await staffing(session)
                found += university_ratio(cond, numbers)
            elif cond.check == "counselor_turnover" and turnover is not None:
                found += check_turnover(cond, turnover)
            elif cond.check == "part_time_term" and turnover is not None:
                found += check_part_time_terms(cond, turnover)
        return found

    @contextmanager
    def sharing(self) -> Iterator[None]:
        """Within the block (and the tasks it starts), evaluations of everybody as of the
        same instant are computed once: the 08:00 jobs judge the same counts."""
        token = _shared.set({})
        try:
            yield
        finally:
            _shared.reset(token)

    async def evaluate(
        self,
        session: AsyncSession,
        *,
        now: datetime,
        staff_ids: Collection[int] | None = None,
        only: Callable[[Rule], bool] | None = None,
        known: Collection[Staff] = (),
    ) -> Evaluation:
        """Statuses of everybody (or of `staff_ids`; only the rules `only` keeps) and the
        standing conditions, as of `now`. `known`: people read in this session already."""
        shared = _shared.get() if staff_ids is None and only is None else None
        if shared is not None and now in shared:
            return shared[now]
        found = await self._evaluate(session, now, staff_ids, only, known)
        if shared is not None:
            shared[now] = found
        return found

    async def _evaluate(
        self,
        session: AsyncSession,
        now: datetime,
        staff_ids: Collection[int] | None,
        only: Callable[[Rule], bool] | None,
        known: Collection[Staff],
    ) -> Evaluation:
        self.evaluations += 1
        today = self.today(now)
        # A look at some rules only (a save's progress) judges no standing condition, and
        # reads only the facts those rules read.
        parts = PARTS if only is None else self._facts_read(only)
        # A save whose rules count the person's own records (a dorm visit) reads neither their
        # classes nor their college: the gate's look-up gave the rest.
        own = isinstance(only, CountsToward) and staff_ids is not None and self._per_person(only)
        org = await load_org(
            session,
            staff_ids=staff_ids,
            conditions=only is None,
            parts=parts,
            known=known,
            assignments=not own,
        )
        # A record's filter is kept with the rules; any other is applied here, each time.
        kept = only if isinstance(only, CountsToward) else None
        rules_by_staff = {
            sid: self._for_roles(s.roles, org.colleges.get(s.college_id or 0), kept)
            for sid, s in org.staff.items()
        }
        if only is not None and kept is None:
            rules_by_staff = {sid: tuple(filter(only, rs)) for sid, rs in rules_by_staff.items()}
        settings = self.policy.settings
        big = len(org.staff) > OFF_LOOP_STAFF

        def plan_dues() -> tuple[list[Due], CountPlan]:
            due_list = list(dues(org, rules_by_staff, self.calendar, settings, today))
            return due_list, count_plan(due_list)

        due_list, plan = await asyncio.to_thread(plan_dues) if big else plan_dues()
        colleges = {s.college_id for s in org.staff.values() if s.college_id is not None}
        counts = await count_records(
            session,
            plan,
            staff_ids=staff_ids,
            college_ids=colleges if staff_ids is not None else None,
            until=today,
        )

        # University-wide conditions (S03) belong to an evaluation of everybody only.
        whole = staff_ids is None and only is None
        university = await self.university_conditions(session, now=now, org=org) if whole else []

        def judge() -> Evaluation:
            statuses = judge_all(due_list, org, counts, self.calendar, settings, today)
            conditions = (
                check_conditions(self.policy.conditions, org, self.calendar, today)
                if only is None
                else []
            )
            return Evaluation(today, statuses, conditions + university)

        return await asyncio.to_thread(judge) if big else judge()
