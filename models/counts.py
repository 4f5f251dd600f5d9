"""Counting work records by SQL aggregates: a few queries for everybody, never one per person.

`load_org` reads who looks after which classes and students (nine small reads, two for one
person's dorm visit);
`count_records` counts the records of the asked-for kinds in each asked-for span of days,
grouped four ways (per person, per person and class, per person and student, per college),
one query per grouping: each span is a conditional aggregate over a single scan. Deleted
records never count; a record counts in every span that contains its day and in no other.

Over 300 lines on purpose: every counting query of the evaluation is here, so that the
number of statements for everybody stays bounded and visible in one file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import product
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from models.courses import CourseFacts, listed_courses
from models.org import College, CounselorClass, HeadTeacherClass, Major, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from models.spells import SpellFacts, Spells, read_spells
from models.types import table_of
from models.warnings import AcademicWarning

NO_SPELLS = Spells({}, {})
# What `load_org` may leave out when the rules to judge do not read it (see its `parts`).
PARTS = frozenset({"classes", "students", "warned", "majors", "courses"})
ROLES = ("counselor", "head_teacher", "leader", "academic_staff")  # as Staff's is_* columns
STUDENT_FLAGS = (
    "key_concern",
    "cadre",
    "academic_warning",
    "special_origin",
    "psych_committee",
    "special_group",
)
# Every flag combination (64), shared by every student (30,000 frozensets would be wasteful).
_FLAG_SETS = {
    bits: frozenset(f for f, on in zip(STUDENT_FLAGS, bits, strict=True) if on)
    for bits in product((False, True), repeat=len(STUDENT_FLAGS))
}


class Span(NamedTuple):
    """Days from `start` to `end`, both included, in which records are counted."""

    start: date
    end: date


class Tally(NamedTuple):
    """Records of one kind and subtype in one span: how many, their hours, the top attendance,
    and on how many different days (trips: three rooms on one evening are one visit)."""

    records: int = 0
    hours: float = 0.0
    attendance: int | None = None
    days: int = 0


class StudentFacts(NamedTuple):
    """An active student and the flags that put them in student sets."""

    id: int
    class_id: int
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StaffFacts:
    """A member of staff as the evaluation sees them."""

    id: int
    college_id: int | None
    roles: frozenset[str]
    started_on: date | None = None
    full_time: bool = True  # 专职; 兼职 counselors are not bound by full-time-only rules
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
    program_years: int = 4  # 学制 (C38b): the class graduates in this study year


@dataclass(frozen=True)
class Org:
    """Who looks after whom: staff, classes, students by class, colleges, majors."""

    staff: Mapping[int, StaffFacts]
    classes: Mapping[int, ClassFacts] = field(default_factory=dict)
    students: Mapping[int, tuple[StudentFacts, ...]] = field(default_factory=dict)
    colleges: Mapping[int, str] = field(default_factory=dict)
    majors: Mapping[int, tuple[int, str]] = field(default_factory=dict)
    head_teachers: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    # Each term's academic-warning list (term code → student ids); a term without a list
    # falls back to the roster flag, which means "on the newest term's list".
    warned: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # Each head teacher's first training day (S07: trained before taking the post).
    first_training: Mapping[int, date] = field(default_factory=dict)
    # Each college's failure-rate lists: (college id, term code) → its courses (D02).
    courses: Mapping[tuple[int, str], tuple[CourseFacts, ...]] = field(default_factory=dict)
    # Each class's latest ended head-teacher spell (S06).
    last_spells: Mapping[int, SpellFacts] = field(default_factory=dict)
    # Each current head teacher's latest spell start, 班主任起始日期 (S07).
    head_starts: Mapping[int, date] = field(default_factory=dict)
    # Each major's 系 (D01), by major id; a major without one is its own 系.
    departments: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CountPlan:
    """Which kinds to count in which spans, for each grouping; `only` limits a span to some staff.

    A span that follows one person's start date (five years, once) matters to few people,
    so its records are read for those people only.
    """

    staff: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    classes: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    students: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    colleges: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    courses: Mapping[Span, frozenset[str]] = field(default_factory=dict)
    only: Mapping[Span, frozenset[int]] = field(default_factory=dict)


Who = int
Kind = str
Sub = str | None


@dataclass
class Counts:
    """Counted records by who (and class), kind and span, then by subtype (and theme)."""

    staff: dict[tuple[Who, Kind, Span], dict[Sub, Tally]] = field(default_factory=dict)
    classes: dict[tuple[Who, int, Kind, Span], dict[Sub, int]] = field(default_factory=dict)
    # The students a record reached, once per record (so a student may appear twice).
    students: dict[tuple[Who, Kind, Span], dict[Sub, list[int]]] = field(default_factory=dict)
    colleges: dict[tuple[int, Kind, Span], dict[tuple[Sub, str | None], int]] = field(
        default_factory=dict
    )
    # The (department, course, teacher) a college's records analysed (D02); an empty department
    # when the record names none.
    courses: dict[tuple[int, Kind, Span], set[tuple[str, str, str]]] = field(default_factory=dict)


def _ids(name: str = "ids") -> Any:
    """A list parameter of a prepared statement (an empty list matches nothing)."""
    return sa.bindparam(name, expanding=True)


# The statements below are built once per shape and run with parameters: building and
# hashing a statement cost more CPU than SQLite running it, and a save's progress reply
# runs several (models/counts.py was a third of a /dorm's time before).
@cache
def _staff_query(whole: bool) -> Any:
    """Staff with their college's name: everybody's, or those with the ids `ids`."""
    st, co = table_of(Staff), table_of(College)
    query = sa.select(
        st.c.id, st.c.college_id, st.c.is_counselor, st.c.is_head_teacher, st.c.is_leader,
        st.c.is_academic_staff, st.c.started_on, st.c.full_time, co.c.name.label("college"),
    ).select_from(st.outerjoin(co, co.c.id == st.c.college_id))  # fmt: skip
    return query if whole else query.where(st.c.id.in_(_ids()))


@cache
def _assignments_query(whole: bool, conditions: bool, named: bool = False) -> Any:
    """Who looks after which class, as counselor ('c') or head teacher ('h'), in one read:
    everybody, or the staff `ids` (with the head teachers of every class S01 judges when
    `conditions`: those of their colleges `ours` and their own). `named` adds the names of the
    colleges `ours` ('n': the college's id, no class, its name) to the same read."""
    cc, hc, cl = table_of(CounselorClass), table_of(HeadTeacherClass), table_of(SchoolClass)
    # Assignment rows carry no name; typed as text, so PostgreSQL unites it with the names.
    nameless = (sa.cast(sa.null(), sa.String),) if named else ()
    mine = sa.select(sa.literal_column("'c'"), cc.c.staff_id, cc.c.class_id, *nameless)
    heads = sa.select(sa.literal_column("'h'"), hc.c.staff_id, hc.c.class_id, *nameless)
    if not whole:
        mine = mine.where(cc.c.staff_id.in_(_ids()))
        theirs = hc.c.staff_id.in_(_ids())
        # S01 judges each class read (their colleges' and their own) by all its head teachers.
        read = sa.union(
            sa.select(cl.c.id).where(cl.c.college_id.in_(_ids("ours"))),
            sa.select(cc.c.class_id).where(cc.c.staff_id.in_(_ids())),
            sa.select(hc.c.class_id).where(theirs),
        )
        heads = heads.where(sa.or_(theirs, hc.c.class_id.in_(read)) if conditions else theirs)
    if not named:
        return sa.union_all(mine, heads)
    co = table_of(College)
    names = sa.select(sa.literal_column("'n'"), co.c.id, sa.null(), co.c.name)
    return sa.union_all(mine, heads, names.where(co.c.id.in_(_ids("ours"))))


async def load_org(
    session: AsyncSession,
    *,
    staff_ids: Collection[int] | None = None,
    conditions: bool = True,
    parts: Collection[str] = PARTS,
    known: Collection[Staff] = (),
    assignments: bool = True,
) -> Org:
    """Staff, their classes and students, and the classes of their colleges.

    With `staff_ids`, only those people's part of the university is read: their colleges'
    classes, majors and lists, and their own students, so that one person's save does not
    read everybody's. `conditions=False` also leaves out what only the standing conditions
    read (each class's head teachers, training days, ended spells), and `parts` (of PARTS)
    says which other facts the rules to judge read: the others stay empty. People in
    `known`, read in this session already (a save's caller), are not read again.
    `assignments=False` (with no condition and no part) is for rules that count each person's
    own records and are the same in every college: who looks after which class and the
    colleges' names are not read, so that people all `known` cost no statement.
    """
    assert assignments or not (conditions or parts), "classes and students need assignments"
    conn = await session.connection()
    whole = staff_ids is None
    ids = [] if staff_ids is None else list(staff_ids)
    given = {s.id: s for s in known if s.id is not None}
    rows: Sequence[Any]
    named: dict[int, str] = {}
    if not whole and set(ids) <= set(given):
        rows = [given[i] for i in ids]
        ours = {s.college_id for s in rows if s.college_id is not None}
        name_them = bool(ours)  # their colleges' names come with the assignments' read
    else:
        rows = (await conn.execute(_staff_query(whole), {} if whole else {"ids": ids})).all()
        # Their colleges, named (a rule may differ by college): often all the colleges needed.
        named = {r.college_id: r.college for r in rows if r.college_id is not None}
        ours, name_them = set(named), False
    counselor: dict[int, list[int]] = defaultdict(list)
    head: dict[int, list[int]] = defaultdict(list)
    heads_of: dict[int, list[int]] = defaultdict(list)
    found: Sequence[Any] = []
    if assignments:
        query = _assignments_query(whole, conditions, named=name_them)
        params = {} if whole else {"ids": ids, "ours": sorted(ours)}
        found = (await conn.execute(query, params)).all()
    for role, sid, cid, *name in found:
        if role == "c":
            counselor[sid].append(cid)
        elif role == "h":
            head[sid].append(cid)
            heads_of[cid].append(sid)
        else:  # a college named: the id in the staff column, the name after
            named[sid] = name[0]
    staff = {}
    for r in rows:
        held = (r.is_counselor, r.is_head_teacher, r.is_leader, r.is_academic_staff)
        staff[r.id] = StaffFacts(
            id=r.id,
            college_id=r.college_id,
            roles=frozenset(role for role, on in zip(ROLES, held, strict=True) if on),
            started_on=r.started_on,
            full_time=bool(r.full_time),
            counselor_classes=tuple(sorted(counselor.get(r.id, ()))),
            head_classes=tuple(sorted(head.get(r.id, ()))),
        )
    wanted = set(PARTS if conditions else parts)
    classes = await _classes(conn, staff, whole=whole) if "classes" in wanted else {}
    colleges, majors, departments = (
        await _colleges(
            conn,
            None if whole else ours | {c.college_id for c in classes.values()},
            named,
            "majors" in wanted,
        )
        if assignments
        else (named, {}, {})
    )
    return Org(
        staff,
        classes,
        await _students(conn, staff, whole=whole) if "students" in wanted else {},
        colleges,
        majors,
        {k: tuple(v) for k, v in heads_of.items()} if conditions else {},
        await _warned(conn, staff, whole=whole) if "warned" in wanted else {},
        await _first_training(conn, staff) if conditions else {},
        await listed_courses(conn, None if whole else ours) if "courses" in wanted else {},
        *(await read_spells(conn, None if whole else list(classes)) if conditions else NO_SPELLS),
        departments,
    )


async def _colleges(
    conn: Any, ids: Collection[int] | None, named: Mapping[int, str], with_majors: bool
) -> tuple[dict[int, str], dict[int, tuple[int, str]], dict[int, str]]:
    """College names, majors (college, name) and each major's 系 (D01) by id: every
    college's, or these colleges' (no read when `named` has their names already and no majors
    are wanted)."""
    if ids is not None and not with_majors and set(ids) <= set(named):
        return {i: named[i] for i in ids}, {}, {}
    co, mj = table_of(College), table_of(Major)
    names = sa.select(co.c.id, co.c.name)
    majors = sa.select(mj.c.id, mj.c.college_id, mj.c.name, mj.c.department)
    if ids is not None:
        names, majors = (
            names.where(co.c.id.in_(list(ids))),
            majors.where(mj.c.college_id.in_(list(ids))),
        )
    found = {r.id: r.name for r in (await conn.execute(names)).all()}
    if not with_majors:
        return found, {}, {}
    rows = (await conn.execute(majors)).all()
    # A major without a 系 is its own (D01).
    departments = {r.id: (r.department or r.name).strip() for r in rows}
    return found, {r.id: (r.college_id, r.name) for r in rows}, departments


def _assigned(staff: Mapping[int, StaffFacts]) -> set[int]:
    return {c for s in staff.values() for c in (*s.counselor_classes, *s.head_classes)}


@cache
def _classes_query(whole: bool) -> Any:
    """Every class, or those of the colleges `colleges` and the classes `assigned`."""
    cl = table_of(SchoolClass)
    query = sa.select(cl.c.id, cl.c.college_id, cl.c.grade, cl.c.major_id, cl.c.program_years)
    if whole:
        return query
    return query.where(sa.or_(cl.c.college_id.in_(_ids("colleges")), cl.c.id.in_(_ids("assigned"))))


async def _classes(
    conn: Any, staff: Mapping[int, StaffFacts], *, whole: bool
) -> dict[int, ClassFacts]:
    """Every class (or those of the given staff's colleges and assignments)."""
    params = {}
    if not whole:
        colleges = {s.college_id for s in staff.values() if s.college_id is not None}
        params = {"colleges": sorted(colleges), "assigned": sorted(_assigned(staff))}
    rows = (await conn.execute(_classes_query(whole), params)).all()
    return {r[0]: ClassFacts(*r) for r in rows}


@cache
def _students_query(whole: bool) -> Any:
    """Active students with their flags: every class's, or the classes `assigned`."""
    s = table_of(Student)
    # C35: a 宿舍心理信息员 is talked with as a 心理委员 is.
    flags = [
        sa.or_(s.c[f], s.c.dorm_psych_informant) if f == "psych_committee" else s.c[f]
        for f in STUDENT_FLAGS
    ]
    query = sa.select(s.c.id, s.c.class_id, *flags).where(s.c.active)
    return query if whole else query.where(s.c.class_id.in_(_ids("assigned")))


async def _students(
    conn: Any, staff: Mapping[int, StaffFacts], *, whole: bool
) -> dict[int, tuple[StudentFacts, ...]]:
    """Active students by class (every class, or the given staff's)."""
    params = {} if whole else {"assigned": sorted(_assigned(staff))}
    found: dict[int, list[StudentFacts]] = defaultdict(list)
    flag_sets = _FLAG_SETS  # keyed by bools, which also match the 0/1 some drivers return
    for sid, cid, *bits in (await conn.execute(_students_query(whole), params)).all():
        found[cid].append(StudentFacts(sid, cid, flag_sets[tuple(bits)]))
    return {k: tuple(v) for k, v in found.items()}


@cache
def _warned_query(whole: bool) -> Any:
    """Each term's warned active students: every class's, or the classes `assigned`."""
    w, s = table_of(AcademicWarning), table_of(Student)
    query = sa.select(w.c.term, w.c.student_id).join(s, s.c.id == w.c.student_id).where(s.c.active)
    return query if whole else query.where(s.c.class_id.in_(_ids("assigned")))


async def _warned(
    conn: Any, staff: Mapping[int, StaffFacts], *, whole: bool
) -> dict[str, frozenset[int]]:
    """Each term's academic-warning list: its active students (every class, or the staff's)."""
    params = {} if whole else {"assigned": sorted(_assigned(staff))}
    found: dict[str, set[int]] = defaultdict(set)
    for term, sid in (await conn.execute(_warned_query(whole), params)).all():
        found[term].add(sid)
    return {term: frozenset(ids) for term, ids in found.items()}


async def _first_training(conn: Any, staff: Mapping[int, StaffFacts]) -> dict[int, date]:
    """The first day of 岗前培训 of each head teacher among the staff: one grouped read."""
    heads = [sid for sid, s in staff.items() if "head_teacher" in s.roles]
    if not heads:
        return {}
    wr = table_of(WorkRecord)
    # S07 「岗前培训」: in-service training does not make a head teacher trained for the post.
    pre_service = wr.c.subtype.like("pre_service%")
    query = (
        sa.select(wr.c.staff_id, sa.func.min(wr.c.occurred_on))
        .where(wr.c.kind == "training", pre_service, wr.c.deleted_at.is_(None))
        .where(wr.c.staff_id.in_(heads))
        .group_by(wr.c.staff_id)
    )
    return {sid: day for sid, day in (await conn.execute(query)).all()}


class Filters(NamedTuple):
    """Which filters a counting statement has (each is a parameter when it has): the staff
    `ids`, the colleges `colleges`, and the last day `until`."""

    staff: bool
    colleges: bool
    until: bool


def _in(column: Any, name: str, single: frozenset[str]) -> Any:
    """`column IN` the list parameter `name`; `column =` it when `name` is among `single`,
    the lists of one value.

    SQLAlchemy splices an expanding list into the SQL text on every run; for a save's progress
    reply (one person, one kind) that was a fifth of its counting statement's CPU.
    """
    return column == sa.bindparam(name) if name in single else column.in_(_ids(name))


def _singles(values: dict[str, Any]) -> frozenset[str]:
    """The list parameters among `values` that hold one value, each replaced by that value."""
    single = frozenset(k for k, v in values.items() if isinstance(v, list) and len(v) == 1)
    values |= {k: values[k][0] for k in single}
    return single


def _filters(
    filters: Filters, *, by_college: bool, single: frozenset[str] = frozenset()
) -> list[Any]:
    """The WHERE parts of the filters: a college's records are chosen by college, not staff."""
    wr, st = table_of(WorkRecord), table_of(Staff)
    parts: list[Any] = []
    if filters.staff and not by_college:
        parts.append(_in(wr.c.staff_id, "ids", single))
    if filters.colleges and by_college:
        parts.append(_in(st.c.college_id, "colleges", single))
    if filters.until:
        parts.append(wr.c.occurred_on <= sa.bindparam("until"))
    return parts


def _grouping(name: str) -> tuple[Sequence[Any], Sequence[Any], Any, Sequence[Any]]:
    """A grouping's keys, aggregates, FROM and own WHERE parts."""
    wr, st = table_of(WorkRecord), table_of(Staff)
    count = [sa.func.count()]
    by_staff = wr.join(st, st.c.id == wr.c.staff_id)
    if name == "staff":
        days = sa.func.count(sa.distinct(wr.c.occurred_on))
        sums = (sa.func.count(), sa.func.sum(wr.c.hours), sa.func.max(wr.c.attendance), days)
        return (wr.c.staff_id, wr.c.kind, wr.c.subtype), sums, wr, ()
    if name == "classes":
        by_class = (wr.c.staff_id, wr.c.class_id, wr.c.kind, wr.c.subtype)
        return by_class, count, wr, (wr.c.class_id.is_not(None),)
    if name == "colleges":
        by_college = (st.c.college_id, wr.c.kind, wr.c.subtype, wr.c.theme)
        return by_college, count, by_staff, (st.c.college_id.is_not(None),)
    assert name == "courses"
    course, teacher = wr.c.details["course"].as_string(), wr.c.details["teacher"].as_string()
    by_course = (st.c.college_id, wr.c.kind, wr.c.theme, course, teacher)
    return by_course, count, by_staff, (st.c.college_id.is_not(None), course.is_not(None))


@cache
def _grouped(name: str, only: tuple[bool, ...], filters: Filters, single: frozenset[str]) -> Any:
    """One grouped SELECT per span (an index range scan each), glued by UNION ALL: span i
    counts the kinds `k<i>` from day `a<i>` to day `b<i>` (of the staff `o<i>` where `only`);
    the lists named in `single` are one value each."""
    wr = table_of(WorkRecord)
    keys, aggregates, joined, where = _grouping(name)
    parts = []
    for i, limited in enumerate(only):
        days = [
            _in(wr.c.kind, f"k{i}", single),
            wr.c.occurred_on.between(sa.bindparam(f"a{i}"), sa.bindparam(f"b{i}")),
        ]
        if limited:
            days.append(_in(wr.c.staff_id, f"o{i}", single))
        parts.append(
            sa.select(sa.literal_column(str(i)).label("span"), *keys, *aggregates)
            .select_from(joined)
            .where(wr.c.deleted_at.is_(None), *days, *where)
            .where(*_filters(filters, by_college=name in ("colleges", "courses"), single=single))
            .group_by(*keys)
        )
    return sa.union_all(*parts) if len(parts) > 1 else parts[0]


def _union(
    name: str,
    plan: Mapping[Span, frozenset[str]],
    only: Mapping[Span, frozenset[int]],
    filters: Filters,
    params: Mapping[str, Any],
) -> tuple[list[Span], Any, dict[str, Any]]:
    """A grouping's statement for the plan's spans, in order, and its parameters."""
    spans = sorted(plan)
    values = dict(params)
    for i, span in enumerate(spans):
        values |= {f"k{i}": sorted(plan[span]), f"a{i}": span.start, f"b{i}": span.end}
        if span in only:
            values[f"o{i}"] = sorted(only[span])
    single = _singles(values)
    statement = _grouped(name, tuple(span in only for span in spans), filters, single)
    return spans, statement, values


def _envelopes(plan: Mapping[Span, frozenset[str]]) -> list[tuple[str, Span]]:
    """Per kind, its spans merged into disjoint day ranges (nested spans become one)."""
    merged: list[tuple[str, Span]] = []
    for kind in sorted({k for kinds in plan.values() for k in kinds}):
        ranges: list[list[date]] = []
        for span in sorted(s for s, kinds in plan.items() if kind in kinds):
            if ranges and span.start <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], span.end)
            else:
                ranges.append([span.start, span.end])
        merged += [(kind, Span(a, b)) for a, b in ranges]
    return merged


async def count_records(
    session: AsyncSession,
    plan: CountPlan,
    *,
    staff_ids: Collection[int] | None = None,
    college_ids: Collection[int] | None = None,
    until: date | None = None,
) -> Counts:
    """Count records per the plan in at most four queries, one per grouping.

    `until` leaves out records dated later, so that an evaluation as of a past day (a digest
    for last week) sees only what had been done by then.
    """
    conn = await session.connection()
    filters = Filters(staff_ids is not None, college_ids is not None, until is not None)
    params: dict[str, Any] = {"until": until}
    if staff_ids is not None:
        params["ids"] = sorted(staff_ids)
    if college_ids is not None:
        params["colleges"] = sorted(college_ids)
    counts = Counts()

    async def rows(name: str, spans: Mapping[Span, frozenset[str]]) -> Any:
        if not spans:  # nothing of this grouping asked for: no statement
            return
        found, statement, values = _union(name, spans, plan.only, filters, params)
        for tag, *row in (await conn.execute(statement, values)).all():
            yield found[tag], row

    async for span, (sid, kind, sub, n, hours, most, on_days) in rows("staff", plan.staff):
        tally = Tally(int(n), float(hours or 0), most, int(on_days))
        counts.staff.setdefault((sid, kind, span), {})[sub] = tally
    async for span, (sid, cid, kind, sub, n) in rows("classes", plan.classes):
        counts.classes.setdefault((sid, cid, kind, span), {})[sub] = int(n)
    if plan.students:
        await _count_students(conn, plan, filters, params, counts)
    async for span, (college, kind, sub, theme, n) in rows("colleges", plan.colleges):
        bucket = counts.colleges.setdefault((college, kind, span), {})
        key = (sub, theme.strip() if theme else theme)
        bucket[key] = bucket.get(key, 0) + int(n)
    # The courses each college's records analysed (D02).
    async for span, (college, kind, theme, name, who, _) in rows("courses", plan.courses):
        found = counts.courses.setdefault((college, kind, span), set())
        found.add(((theme or "").strip(), str(name).strip(), (who or "").strip()))
    return counts


@cache
def _students_grouped(shape: tuple[tuple[bool, ...], ...], filters: Filters) -> Any:
    """Per envelope j (kind `e<j>` from day `ea<j>` to `eb<j>`), per person, kind and subtype,
    the students reached in each span i it overlaps (`sa<i>` to `sb<i>`), as one string."""
    wr, rs = table_of(WorkRecord), table_of(RecordStudent)
    keys = (wr.c.staff_id, wr.c.kind, wr.c.subtype)
    student = sa.cast(rs.c.student_id, sa.String)
    nothing = sa.cast(sa.null(), sa.String)
    parts = []
    for j, overlaps in enumerate(shape):
        columns = [
            sa.func.aggregate_strings(
                sa.case(
                    (
                        wr.c.occurred_on.between(sa.bindparam(f"sa{i}"), sa.bindparam(f"sb{i}")),
                        student,
                    )
                ),
                ",",
            )
            if overlapping
            else nothing
            for i, overlapping in enumerate(overlaps)
        ]
        parts.append(
            sa.select(*keys, *columns)
            .select_from(wr.join(rs, rs.c.record_id == wr.c.id))
            .where(
                wr.c.deleted_at.is_(None),
                wr.c.kind == sa.bindparam(f"e{j}"),
                wr.c.occurred_on.between(sa.bindparam(f"ea{j}"), sa.bindparam(f"eb{j}")),
                *_filters(filters, by_college=False),
            )
            .group_by(*keys)
        )
    return sa.union_all(*parts) if len(parts) > 1 else parts[0]


async def _count_students(
    conn: Any, plan: CountPlan, filters: Filters, params: Mapping[str, Any], counts: Counts
) -> None:
    """The students each person reached, per kind, subtype and span, in one query.

    The spans of per-student rules nest (year ⊃ term ⊃ quarter ⊃ a term's last weeks), so
    each kind's records are scanned once over its merged days and joined once to
    record_students; per span, the students are gathered as one comma-separated string
    (group_concat / string_agg), which keeps the rows few: one per person, kind and subtype.
    """
    spans = sorted(plan.students)
    values = dict(params)
    for i, span in enumerate(spans):
        values |= {f"sa{i}": span.start, f"sb{i}": span.end}
    shape = []
    for j, (kind, days) in enumerate(_envelopes(plan.students)):
        values |= {f"e{j}": kind, f"ea{j}": days.start, f"eb{j}": days.end}
        shape.append(
            tuple(
                kind in plan.students[span] and span.start <= days.end and days.start <= span.end
                for span in spans
            )
        )
    query = _students_grouped(tuple(shape), filters)
    for sid, kind, sub, *gathered in (await conn.execute(query, values)).all():
        for span, text in zip(spans, gathered, strict=True):
            if text and (span not in plan.only or sid in plan.only[span]):
                reached = counts.students.setdefault((sid, kind, span), {})
                reached[sub] = list(map(int, text.split(",")))
