"""Assessment lists as an office would send them: .xlsx, or .csv in GBK."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from imports.assessment import COUNSELOR_HEADER, HEAD_TEACHER_HEADER
from imports.kinds import BY_NAME
from imports.runner import ListResult, Request, import_list
from policy.service import PolicyService
from services.grading import regrading
from tests.imports.sheets import xlsx_of

Cells = Sequence[object]

# 张老师: 90×0.1 + 85.5×0.4 + 88×0.1 + (92×0.5 + 87×0.5)×0.2 + 91.3×0.2 = 88.16.
ZHANG = ["T1001", "张老师", 90, 85.5, 2, 88, 92, 87, 91.3, "2020-09-01", 0, 0, "否", "否", 0, 0, ""]
# 赵老师: 1 of 1 student took part; 80 everywhere, so the total is 80.00.
ZHAO = ["T1003", "赵老师", 80, 80, 1, 80, 80, 80, 80, "2019-09-01", "", "", "", "", "", "", ""]
LIU = ["T1002", "刘老师", 82.5, "否"]


def xlsx(rows: Sequence[Cells], header: Cells = COUNSELOR_HEADER) -> bytes:
    """A workbook whose first sheet has the header and the rows."""
    return xlsx_of(header, rows)


def csv_gbk(rows: Sequence[Cells], header: Cells = HEAD_TEACHER_HEADER) -> bytes:
    """A CSV file as Excel saves it in China."""
    lines = [",".join(str(c) for c in header), *(",".join(str(c) for c in r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


async def import_assessment(
    session: AsyncSession,
    policy: PolicyService,
    content: bytes,
    name: str,
    *,
    year: str,
    now: datetime,
    dry_run: bool = False,
) -> ListResult:
    """Import an assessment list as `fudao import assessment --year` does, grading after."""
    request = Request(None, now, year)
    return await import_list(
        session, BY_NAME["assessment"], content, name, request, dry_run=dry_run,
        after=regrading(policy, now),
    )  # fmt: skip
