"""How long `PolicyService.evaluate` takes for a whole university.

Generates ≈1,000 staff, 30,000 students and 1,000,000 work records into an SQLite file (bulk
core inserts, a few seconds), then times the evaluation of everybody and prints the numbers.

    .venv/bin/python benchmarks/evaluate.py [--db PATH | --url postgresql://… [--overwrite]]
                                            [--records N] [--years Y] [--runs R] [--reuse]
                                            [--index "CREATE INDEX …"]

The --db file (default data/bench.db) is rebuilt on every run; a --url database that already
has tables is only replaced with --overwrite.

--years spreads the records over that many academic years ending in the spring term of 2026
(a realistic history); --years 1 puts them all into 2025-2026, the worst case for the
yearly per-student rule C17.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from models.counts import count_records, load_org
from models.db import Database
from models.migrate import drop_everything, upgrade
from models.org import (
    College,
    CounselorClass,
    HeadTeacherClass,
    Major,
    SchoolClass,
    Staff,
    Student,
)
from models.records import RecordStudent, WorkRecord
from models.types import table_of
from policy.evaluation import count_plan, dues, evaluate
from policy.service import PolicyService

NOW = datetime(2026, 4, 15, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, mid spring term
COLLEGES = 20
CLASSES_PER_COLLEGE = 38
STUDENTS_PER_CLASS = 40  # 20 × 38 × 40 = 30,400 students
CLASSES_PER_COUNSELOR = 4  # ≈ 160 students each, under the 1:200 line
# Kinds in proportion to how often they are logged; the rest share what is left.
FREQUENT = {"talk": 0.45, "dorm_visit": 0.15, "class_meeting": 0.1, "parent_contact": 0.05}
WITH_STUDENT = frozenset({"talk", "parent_contact"})


def _insert(conn: sa.Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert in chunks with executemany."""
    for start in range(0, len(rows), 50_000):
        conn.execute(sa.insert(table_of(model)), rows[start : start + 50_000])


def generate(
    url: str, records: int, years: int, *, overwrite: bool, seed: int = 7
) -> dict[str, int]:
    """A university with colleges, classes, students, staff and `records` work records."""
    rng = random.Random(seed)
    engine = sa.create_engine(Database.sync_url_of(url))
    with engine.connect() as conn:
        if sa.inspect(conn).has_table("work_records") and not overwrite:
            raise SystemExit(f"{url} already has tables: pass --overwrite to replace them")
    # Through the migrations, as `fudao db upgrade` would: every fudao command works on it.
    drop_everything(url)
    upgrade(url)
    service = PolicyService.load()
    kinds = {k.code: k.subtypes for k in service.kinds.kinds}
    other = [k for k in kinds if k not in FREQUENT]
    weights = [*FREQUENT.values(), *[(1 - sum(FREQUENT.values())) / len(other)] * len(other)]
    names = [*FREQUENT, *other]
    stamp = datetime(2026, 4, 1, tzinfo=UTC)
    staff: list[dict[str, Any]] = []
    mine: dict[int, tuple[list[int], list[int]]] = {}  # staff → (classes, students)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
        colleges = [{"id": c + 1, "name": f"学院{c + 1:02d}"} for c in range(COLLEGES)]
        colleges[0]["name"] = "机电工程学院"  # its college file applies to one college
        majors = [
            {"id": c * 4 + m + 1, "college_id": c + 1, "name": f"专业{c + 1}-{m + 1}"}
            for c in range(COLLEGES)
            for m in range(4)
        ]
        classes: list[dict[str, Any]] = []
        students: list[dict[str, Any]] = []
        counselor_links: list[dict[str, int]] = []
        head_links: list[dict[str, int]] = []
        for c in range(COLLEGES):
            for k in range(CLASSES_PER_COLLEGE):
                class_id = c * CLASSES_PER_COLLEGE + k + 1
                grade = 2022 + k % 4
                classes.append({"id": class_id, "name": f"班{class_id:04d}", "grade": grade,
                                "college_id": c + 1, "major_id": c * 4 + k % 4 + 1})  # fmt: skip
                head_id = len(staff) + 1
                staff.append(_staff(head_id, c + 1, is_head_teacher=True))
                head_links.append({"staff_id": head_id, "class_id": class_id})
                if k % CLASSES_PER_COUNSELOR == 0:
                    counselor_id = len(staff) + 1
                    started = date(2018 + rng.randrange(8), 9, 1)
                    staff.append(_staff(counselor_id, c + 1, is_counselor=True, started_on=started))
                counselor_links.append({"staff_id": counselor_id, "class_id": class_id})
                kids = []
                for _ in range(STUDENTS_PER_CLASS):
                    sid = len(students) + 1
                    kids.append(sid)
                    students.append(_student(rng, sid, class_id))
                mine.setdefault(head_id, ([], []))[1].extend(kids)
                mine[head_id][0].append(class_id)
                mine.setdefault(counselor_id, ([], []))[1].extend(kids)
                mine[counselor_id][0].append(class_id)
            for _ in range(2):  # two leaders per college
                staff.append(_staff(len(staff) + 1, c + 1, is_leader=True))
        _insert(conn, College, colleges)
        _insert(conn, Major, majors)
        _insert(conn, SchoolClass, classes)
        _insert(conn, Staff, staff)
        _insert(conn, Student, students)
        _insert(conn, CounselorClass, counselor_links)
        _insert(conn, HeadTeacherClass, head_links)
        people = [s["id"] for s in staff if not s["is_leader"]]
        first = date(2026 - years, 9, 1)
        days = [first + timedelta(days=n) for n in range((date(2026, 4, 14) - first).days)]
        batch: list[dict[str, Any]] = []
        links: list[dict[str, int]] = []
        picks = zip(
            rng.choices(people, k=records), rng.choices(names, weights, k=records), strict=True
        )
        for record_id, (person, kind) in enumerate(picks, 1):
            its_classes, its_students = mine[person]
            subtypes = kinds[kind]
            batch.append({
                "id": record_id, "staff_id": person, "kind": kind,
                "subtype": rng.choice(subtypes) if subtypes else None,
                "occurred_on": rng.choice(days),
                "class_id": rng.choice(its_classes) if kind == "class_meeting" else None,
                "hours": 4.0 if kind == "training" else None, "details": {},
                "created_at": stamp, "updated_at": stamp, "crisis": False,
            })  # fmt: skip
            if kind in WITH_STUDENT:
                links.append({"record_id": record_id, "student_id": rng.choice(its_students)})
            if len(batch) >= 100_000:
                _insert(conn, WorkRecord, batch)
                _insert(conn, RecordStudent, links)
                batch, links = [], []
        _insert(conn, WorkRecord, batch)
        _insert(conn, RecordStudent, links)
    engine.dispose()
    return {"staff": len(staff), "students": len(students), "classes": len(classes)}


def _staff(staff_id: int, college_id: int, **flags: Any) -> dict[str, Any]:
    values = {"is_counselor": False, "is_head_teacher": False, "is_leader": False, **flags}
    joined = datetime(2025, 9, 1, tzinfo=UTC)
    return {"id": staff_id, "staff_no": f"T{staff_id:05d}", "name": f"老师{staff_id}",
            "college_id": college_id, "is_admin": False, "language": "zh", "unreachable": False,
            "started_on": None, "created_at": joined, **values}  # fmt: skip


def _student(rng: random.Random, student_id: int, class_id: int) -> dict[str, Any]:
    return {"id": student_id, "student_no": f"S{student_id:06d}", "name": f"学生{student_id}",
            "class_id": class_id, "dorm": f"{1 + class_id % 30}号楼 {100 + student_id % 400}",
            "key_concern": rng.random() < 0.05, "cadre": rng.random() < 0.1,
            "academic_warning": rng.random() < 0.08, "special_origin": rng.random() < 0.06,
            "active": True}  # fmt: skip


async def measure(url: str, runs: int) -> Iterator[str]:
    """Time evaluate() for everybody, with a breakdown of its phases."""
    service = PolicyService.load()
    db = Database(url)
    totals, phases = [], []
    for _ in range(runs):
        async with db.session() as session:
            started = time.perf_counter()
            evaluation = await service.evaluate(session, now=NOW)
            totals.append(time.perf_counter() - started)
        async with db.session() as session:
            t0 = time.perf_counter()
            org = await load_org(session)
            t1 = time.perf_counter()
            rules = {s: service._for_roles(f.roles, org.colleges.get(f.college_id or 0))
                     for s, f in org.staff.items()}  # fmt: skip
            today, settings = service.today(NOW), service.policy.settings
            plan = count_plan(list(dues(org, rules, service.calendar, settings, today)))
            counts = await count_records(session, plan)
            t2 = time.perf_counter()
            evaluate(org, rules, counts, service.calendar, settings, today)
            t3 = time.perf_counter()
            phases.append((t1 - t0, t2 - t1, t3 - t2))
    singles = []
    person = max(org.staff.values(), key=lambda f: len(f.counselor_classes)).id
    for _ in range(runs):
        async with db.session() as session:
            started = time.perf_counter()
            await service.evaluate(session, now=NOW, staff_ids=[person])
            singles.append(time.perf_counter() - started)
    await db.dispose()
    lines = [f"statuses: {len(evaluation.statuses):,}, conditions: {len(evaluation.conditions):,}"]
    lines.append(
        f"evaluate(everybody): median {statistics.median(totals):.3f} s, "
        f"min {min(totals):.3f} s over {runs} runs"
    )
    org_s, count_s, judge_s = (statistics.median(p[i] for p in phases) for i in range(3))
    lines.append(
        f"  load_org {org_s:.3f} s · count_records {count_s:.3f} s · evaluate {judge_s:.3f} s"
    )
    lines.append(
        f"evaluate(one counselor, as after /log): median {statistics.median(singles):.3f} s"
    )
    return iter(lines)


def main() -> None:
    """Generate (unless --reuse), then measure and print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("data/bench.db"))
    parser.add_argument("--url", help="a database URL instead of --db (PostgreSQL, say)")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the existing data")
    parser.add_argument("--overwrite", action="store_true", help="replace a --url database")
    parser.add_argument("--index", action="append", default=[], help="SQL run before measuring")
    args = parser.parse_args()
    if args.url is None:
        args.db.parent.mkdir(parents=True, exist_ok=True)
    url = args.url or f"sqlite:///{args.db.resolve()}"
    if not args.reuse:
        started = time.perf_counter()
        sizes = generate(url, args.records, args.years, overwrite=args.overwrite or not args.url)
        print(f"generated {sizes} and {args.records:,} records over {args.years} year(s) "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    engine = sa.create_engine(Database.sync_url_of(url))
    with engine.begin() as conn:
        for statement in args.index:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    for line in asyncio.run(measure(url, args.runs)):
        print(line)


if __name__ == "__main__":
    main()
