"""How long a whole university's roster (30,000 students) takes to validate and import."""

from __future__ import annotations

import asyncio
import csv
import io
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import SQLModel

from imports.roster import HEADER, KIND
from imports.runner import Request, import_list
from models.db import Database


def roster_csv(students: int) -> bytes:
    """A GBK roster of 30-student classes, one counselor per 8 classes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(students):
        cls, college = n // 30, n // 1500
        writer.writerow(
            [
                f"S{n:07d}",
                f"学生{n}",
                f"学院{college}",
                "专业",
                2022 + cls % 4,
                f"班级{cls:04d}",
                f"{cls % 40 + 1}号楼 {n % 600 + 100}",
                f"C{cls // 8:04d}",
                f"辅导员{cls // 8}",
                f"H{cls:04d}",
                f"班主任{cls}",
                "是" if n % 20 == 0 else "否",
                "",
                "",
                "",
            ]
        )
    return out.getvalue().encode("gbk")


async def main(students: int) -> None:
    """Import the roster twice (create, then update) into a fresh SQLite file and time both."""
    content = roster_csv(students)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        async with db.engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        for label in ("first import", "re-import"):
            started = time.perf_counter()
            async with db.session() as session:
                request = Request(None, datetime.now(UTC))
                result = await import_list(
                    session, (KIND,), content, "roster.csv", request, dry_run=False
                )
            elapsed = time.perf_counter() - started
            assert not result.errors and result.outcome is not None
            counts = result.outcome.counts
            print(f"{label}: {students} students in {elapsed:.2f} s — {counts['new_students']} new")
        await db.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30_000))
