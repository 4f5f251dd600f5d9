"""Grading the annual assessment: a write workflow, run after an assessment list is imported.

Grading reads the imported rows, the roster (how many students each counselor has) and the
self-evaluations given in chat, applies policy/assessment.py and writes the results back; a
published college is never regraded. Beside each counselor it stores the year's quota
compliance (share of rule-periods met and the missed ones) as evidence for 部门考核 — shown,
never mixed into the score. Grading ranks every college of the year together (A03's line is
university-wide by default), so a college's grades are its rows of that one grading.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.runner import After, ListResult
from models.assessment import (
    PUBLISHED,
    CounselorAssessment,
    HeadTeacherAssessment,
    SelfEvaluation,
    counselor_rows,
    head_teacher_rows,
    published_colleges,
    roster_head_teachers,
    round_of,
    self_evaluations,
)
from models.org import College, Staff
from policy.assessment import (
    Counselor,
    Facts,
    HeadTeacher,
    Reason,
    Result,
    Scores,
    grade_all_head_teachers,
    grade_university,
)
from policy.evaluation import RuleStatus
from policy.service import PolicyService
from reports.assessment_data import missed_entry, quota_evidence, roster_counts, year_range


def _d(value: float | None) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _reason(reason: Reason) -> dict[str, Any]:
    return {"rule": reason.rule, "code": reason.code, "args": dict(reason.args)}


async def grade_college(
    session: AsyncSession,
    policy: PolicyService,
    *,
    college_id: int,
    academic_year: str,
    now: datetime,
    evidence: bool = True,
    quota: dict[int, list[RuleStatus]] | None = None,
) -> bool:
    """Grade the year with this college's evidence refreshed; False if the college is published."""
    current = await round_of(session, college_id=college_id, academic_year=academic_year)
    if current is not None and current.state == PUBLISHED:
        return False
    await grade_year(
        session, policy, academic_year=academic_year, now=now,
        evidence_for=[college_id] if evidence else [], quota=quota,
    )  # fmt: skip
    return True


async def grade_year(
    session: AsyncSession,
    policy: PolicyService,
    *,
    academic_year: str,
    now: datetime,
    evidence_for: Sequence[int] = (),
    quota: dict[int, list[RuleStatus]] | None = None,
) -> None:
    """Grade every college taking part in a year together; a published college keeps its grades.

    A03's 15% counts everyone taking part in the university (excellent_quota_scope), so one
    college's grades depend on the others': each grading ranks the whole year, and a
    college's grades are its rows of that ranking. Evidence is gathered only for
    `evidence_for` (the colleges whose lists changed), since it does not depend on the others.
    """
    published = await published_colleges(session, academic_year=academic_year)
    names = {c.id: c.name for c in (await session.exec(select(College))).all()}
    rules, settings = policy.policy.assessment, policy.policy.settings
    year = year_range(policy, academic_year)
    rows = await counselor_rows(session, academic_year=academic_year)
    ids = [r.staff_id for r in rows]
    roster = await roster_counts(session, ids)
    selves = await self_evaluations(session, staff_ids=ids, academic_year=academic_year)
    posts = await _posts(session, ids)
    groups: dict[str, list[Counselor]] = {}
    for r in rows:
        groups.setdefault(names.get(r.college_id, ""), []).append(
            _counselor(r, roster, selves, posts.get(r.staff_id, (True, None)))
        )
    lines = {name: policy.policy.pass_line(name or None) for name in groups}
    # A publication is final: its grades count and keep their 优秀 places (A03).
    final = {r.staff_id: r.grade or "" for r in rows if r.college_id in published}
    graded = grade_university(groups, rules, year_end=year.end, pass_lines=lines, final=final)
    results = {res.key: res for found in graded.values() for res in found}
    evidence = [r.staff_id for r in rows if r.college_id in evidence_for]
    if evidence and quota is None:
        quota = await quota_evidence(session, policy, staff_ids=evidence, year=year, now=now)
    quota = quota or {}
    for row in rows:
        if row.college_id in published:
            continue
        row.roster_students = roster.get(row.staff_id, 0)
        _store(row, results[row.staff_id])
        if row.college_id in evidence_for:
            statuses = quota.get(row.staff_id, [])
            row.quota_total = len(statuses)
            row.quota_met = sum(s.status == "met" for s in statuses)
            row.quota_missed = [missed_entry(s) for s in statuses if s.status == "missed"]
        session.add(row)
    heads = await head_teacher_rows(session, academic_year=academic_year)
    teachers: dict[str, list[HeadTeacher]] = {}
    for h in heads:
        teachers.setdefault(names.get(h.college_id, ""), []).append(
            HeadTeacher(h.staff_id, _d(h.score), h.aid_error)
        )
    head_lines = {name: policy.policy.pass_line(name or None) for name in teachers}
    # A08: 「本学院班主任总数」 is the roster's head teachers, not only those on the list.
    on_roster = await roster_head_teachers(session)
    bases = {names.get(cid, ""): n for cid, n in on_roster.items()}
    head_graded = grade_all_head_teachers(
        teachers, rules, pass_lines=head_lines, fail_below=settings.head_teacher_fail_below,
        bases=bases,
    )  # fmt: skip
    head_results = {res.key: res for found in head_graded.values() for res in found}
    for head in heads:
        if head.college_id not in published:
            _store(head, head_results[head.staff_id])
            session.add(head)
    await session.flush()


def _counselor(
    r: CounselorAssessment,
    roster: dict[int, int],
    selves: dict[int, SelfEvaluation],
    post: tuple[bool, date | None],
) -> Counselor:
    """A row as policy/assessment.py grades it; 专兼职 and 任职起始日期 (A04) are the person's."""
    full_time, started = post
    # The import allows an empty 自评 only when the person gave one in chat.
    chat = selves.get(r.staff_id)
    own = r.self_score if r.self_score is not None else chat.score if chat else None
    scores = Scores(
        _d(own), _d(r.student_score), _d(r.head_teacher_score), _d(r.panel_score),
        _d(r.peer_score), _d(r.department_score),
    )  # fmt: skip
    facts = Facts(
        r.participants, roster.get(r.staff_id, 0), started or r.started_on, _d(r.seconded_months),
        _d(r.leave_months), r.missed_training, r.missed_duty, _d(r.days_away),
        r.punished_students, r.finding, full_time,
    )  # fmt: skip
    return Counselor(r.staff_id, scores, facts)


async def _posts(
    session: AsyncSession, staff_ids: list[int]
) -> dict[int, tuple[bool, date | None]]:
    """Each person's 专兼职 and stored 任职起始日期 (the one date every rule reads)."""
    if not staff_ids:
        return {}
    query = select(Staff).where(col(Staff.id).in_(staff_ids))
    found = (await session.exec(query)).all()
    return {s.id: (s.full_time, s.started_on) for s in found if s.id is not None}


def _store(row: CounselorAssessment | HeadTeacherAssessment, result: Result) -> None:
    """Copy a result onto its row."""
    if isinstance(row, CounselorAssessment):
        row.total = None if result.total is None else float(result.total)
    row.grade = result.grade
    row.decided_by = _reason(result.decided_by)
    row.limits = [_reason(r) for r in result.limits]
    row.consequences = list(result.consequences)


def regrading(policy: PolicyService, now: datetime) -> After:
    """What runs after an assessment list is written: its colleges are graded again."""

    async def regrade(session: AsyncSession, result: ListResult) -> None:
        outcome = result.outcome
        if outcome is None or not outcome.colleges:
            return
        academic_year = str(outcome.counts["year"])
        ids = sorted(outcome.colleges)
        counselors = await counselor_rows(session, academic_year=academic_year, college_ids=ids)
        # One pass over the year for every college's counselors, not one per college.
        year = year_range(policy, academic_year)
        staff_ids = [r.staff_id for r in counselors]
        quota = await quota_evidence(session, policy, staff_ids=staff_ids, year=year, now=now)
        # One grading of the year: the 15% line may be shared by every college.
        await grade_year(
            session, policy, academic_year=academic_year, now=now, evidence_for=ids,
            quota=quota,
        )  # fmt: skip

    return regrade
