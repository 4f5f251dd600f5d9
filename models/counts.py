"""Counting work records by SQL aggregates: a few queries for everybody, never one per person.

`load_org` reads who looks after which classes and students; `count_records` counts the
records of the asked-for kinds in each asked-for span of days, grouped four ways (per person,
per person and class, per person and student, per college). Deleted records never count; a
record counts in every span that contains its day and in no other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import College, CounselorClass, HeadTeacherClass, Major, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord

STUDENT_FLAGS = ("key_concern", "cadre", "academic_warning", "special_origin")


def _t(model: Any) -> sa.Table:
    return cast(sa.Table, model.__table__)


@dataclass(frozen=True, order=True)
class Span:
    """Days from `start` to `end`, both included, in which records are counted."""

    start: date
    end: date


@dataclass(frozen=True)
class Tally:
    """Records of one kind and subtype in one span: how many, their hours, the top attendance."""

    count: int = 0
    hours: float = 0.0
    attendance: int | None = None


@dataclass(frozen=True)
class StaffFacts:
    """A member of staff as the evaluation sees them."""

    id: int
    college_id: int | None
    roles: frozenset[str]
    started_on: date | None = None
    counselor_classes: tuple[int, ...] = ()
    head_classes: tuple[int, ...] = ()

    def classes_as(self, role: str) -> tuple[int, ...]:
        """The classes this person looks after in a role."""
        if role == "counselor":
            return self.counselor_classes
        return self.head_classes if role == "head_teacher" else ()


@dataclass(frozen=True)
class ClassFacts:
    """A class: its college, grade (entry year) and major."""

    id: int
    college_id: int
    grade: int
    major_id: int | None = None


@dataclass(frozen=True)
class StudentFacts:
    """An active student and the flags that put them in student sets."""

    id: int
    class_id: int
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Org:
    """Who looks after whom: staff, classes, students by class, colleges, majors."""

    staff: Mapping[int, StaffFacts]
    classes: Mapping[int, ClassFacts] = field(default_factory=dict)
    students: Mapping[int, tuple[StudentFacts, ...]] = field(default_factory=dict)
    colleges: Mapping[int, str] = field(default_factory=dict)
    majors: Mapping[int, tuple[int, str]] = field(default_factory=dict)
    head_teachers: Mapping[int, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class CountPlan:
    """Which kinds to count in which spans, for each of the four groupings."""

    staff: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    classes: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    students: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    colleges: Mapping[Span, frozenset[str]] = field(default_factory=dict)


@dataclass
class Counts:
    """Counted records, keyed by who (or class, student, college), kind, subtype and span."""

    staff: dict[tuple[int, str, str | None, Span], Tally] = field(default_factory=dict)
    classes: dict[tuple[int, int, str, str | None, Span], int] = field(default_factory=dict)
    students: dict[tuple[int, str, str | None, Span], dict[int, int]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    colleges: dict[tuple[int, str, str | None, str | None, Span], int] = field(default_factory=dict)


async def load_org(session: AsyncSession, *, staff_ids: Collection[int] | None = None) -> Org:
    """Staff, their classes and students, and the classes of their colleges (five queries)."""
    conn = await session.connection()
    st, cc, hc = _t(Staff), _t(CounselorClass), _t(HeadTeacherClass)
    query = sa.select(
        st.c.id, st.c.college_id, st.c.is_counselor, st.c.is_head_teacher, st.c.is_leader,
        st.c.started_on,
    )  # fmt: skip
    if staff_ids is not None:
        query = query.where(st.c.id.in_(list(staff_ids)))
    staff_rows = (await conn.execute(query)).all()
    counselor: dict[int, list[int]] = defaultdict(list)
    head: dict[int, list[int]] = defaultdict(list)
    heads_of: dict[int, list[int]] = defaultdict(list)
    for sid, cid in (await conn.execute(sa.select(cc.c.staff_id, cc.c.class_id))).all():
        counselor[sid].append(cid)
    for sid, cid in (await conn.execute(sa.select(hc.c.staff_id, hc.c.class_id))).all():
        head[sid].append(cid)
        heads_of[cid].append(sid)
    staff = {
        row.id: StaffFacts(
            id=row.id,
            college_id=row.college_id,
            roles=frozenset(
                role
                for role, held in (
                    ("counselor", row.is_counselor),
                    ("head_teacher", row.is_head_teacher),
                    ("leader", row.is_leader),
                )
                if held
            ),
            started_on=row.started_on,
            counselor_classes=tuple(sorted(counselor.get(row.id, ()))),
            head_classes=tuple(sorted(head.get(row.id, ()))),
        )
        for row in staff_rows
    }
    classes = await _classes(session, staff, whole=staff_ids is None)
    students = await _students(session, staff, whole=staff_ids is None)
    colleges = {r.id: r.name for r in (await conn.execute(sa.select(_t(College)))).all()}
    majors_t = _t(Major)
    majors = {r.id: (r.college_id, r.name) for r in (await conn.execute(sa.select(majors_t))).all()}
    return Org(
        staff, classes, students, colleges, majors, {k: tuple(v) for k, v in heads_of.items()}
    )


def _assigned(staff: Mapping[int, StaffFacts]) -> set[int]:
    return {c for s in staff.values() for c in (*s.counselor_classes, *s.head_classes)}


async def _classes(
    session: AsyncSession, staff: Mapping[int, StaffFacts], *, whole: bool
) -> dict[int, ClassFacts]:
    """Every class (or those of the given staff's colleges and assignments)."""
    cl = _t(SchoolClass)
    query = sa.select(cl.c.id, cl.c.college_id, cl.c.grade, cl.c.major_id)
    if not whole:
        colleges = {s.college_id for s in staff.values() if s.college_id is not None}
        query = query.where(sa.or_(cl.c.college_id.in_(colleges), cl.c.id.in_(_assigned(staff))))
    rows = (await (await session.connection()).execute(query)).all()
    return {r.id: ClassFacts(r.id, r.college_id, r.grade, r.major_id) for r in rows}


async def _students(
    session: AsyncSession, staff: Mapping[int, StaffFacts], *, whole: bool
) -> dict[int, tuple[StudentFacts, ...]]:
    """Active students by class (every class, or the given staff's)."""
    s = _t(Student)
    query = sa.select(s.c.id, s.c.class_id, *(s.c[f] for f in STUDENT_FLAGS)).where(s.c.active)
    if not whole:
        query = query.where(s.c.class_id.in_(_assigned(staff)))
    found: dict[int, list[StudentFacts]] = defaultdict(list)
    for row in (await (await session.connection()).execute(query)).all():
        flags = frozenset(f for f, on in zip(STUDENT_FLAGS, row[2:], strict=True) if on)
        found[row.class_id].append(StudentFacts(row.id, row.class_id, flags))
    return {k: tuple(v) for k, v in found.items()}


def _union(
    plan: Mapping[Span, frozenset[str]], build: Any, where: list[Any]
) -> tuple[list[Span], Any]:
    """One SELECT per span, glued with UNION ALL, each tagged with its span's index."""
    spans = sorted(plan)
    wr = _t(WorkRecord)
    parts = []
    for index, span in enumerate(spans):
        conditions = [
            wr.c.deleted_at.is_(None),
            wr.c.kind.in_(sorted(plan[span])),
            wr.c.occurred_on.between(span.start, span.end),
            *where,
        ]
        parts.append(build(sa.literal_column(str(index)).label("span"), conditions))
    return spans, sa.union_all(*parts) if len(parts) > 1 else parts[0]


async def count_records(
    session: AsyncSession,
    plan: CountPlan,
    *,
    staff_ids: Collection[int] | None = None,
    college_ids: Collection[int] | None = None,
) -> Counts:
    """Count records per the plan in at most four queries (one per grouping)."""
    conn = await session.connection()
    wr, rs, st = _t(WorkRecord), _t(RecordStudent), _t(Staff)
    mine = [wr.c.staff_id.in_(list(staff_ids))] if staff_ids is not None else []
    counts = Counts()
    if plan.staff:
        keys = (wr.c.staff_id, wr.c.kind, wr.c.subtype)
        spans, query = _union(
            plan.staff,
            lambda tag, cond: (
                sa.select(
                    tag,
                    *keys,
                    sa.func.count(),
                    sa.func.sum(wr.c.hours),
                    sa.func.max(wr.c.attendance),
                )
                .where(*cond)
                .group_by(*keys)
            ),
            mine,
        )
        for tag, sid, kind, sub, n, hours, att in (await conn.execute(query)).all():
            counts.staff[(sid, kind, sub, spans[tag])] = Tally(n, float(hours or 0), att)
    if plan.classes:
        by_class = (wr.c.staff_id, wr.c.class_id, wr.c.kind, wr.c.subtype)
        spans, query = _union(
            plan.classes,
            lambda tag, cond: (
                sa.select(tag, *by_class, sa.func.count())
                .where(wr.c.class_id.is_not(None), *cond)
                .group_by(*by_class)
            ),
            mine,
        )
        for tag, sid, cid, kind, sub, n in (await conn.execute(query)).all():
            counts.classes[(sid, cid, kind, sub, spans[tag])] = n
    if plan.students:
        by_student = (wr.c.staff_id, wr.c.kind, wr.c.subtype, rs.c.student_id)
        spans, query = _union(
            plan.students,
            lambda tag, cond: (
                sa.select(tag, *by_student, sa.func.count())
                .select_from(wr.join(rs, rs.c.record_id == wr.c.id))
                .where(*cond)
                .group_by(*by_student)
            ),
            mine,
        )
        for tag, sid, kind, sub, student, n in (await conn.execute(query)).all():
            counts.students[(sid, kind, sub, spans[tag])][student] = n
    if plan.colleges:
        by_college = (st.c.college_id, wr.c.kind, wr.c.subtype, wr.c.theme)
        ours = [st.c.college_id.in_(list(college_ids))] if college_ids is not None else []
        spans, query = _union(
            plan.colleges,
            lambda tag, cond: (
                sa.select(tag, *by_college, sa.func.count())
                .select_from(wr.join(st, st.c.id == wr.c.staff_id))
                .where(st.c.college_id.is_not(None), *cond)
                .group_by(*by_college)
            ),
            ours,
        )
        for tag, college, kind, sub, theme, n in (await conn.execute(query)).all():
            key = (college, kind, sub, theme.strip() if theme else theme, spans[tag])
            counts.colleges[key] = counts.colleges.get(key, 0) + n
    return counts
