"""The tables round-trip on the configured database."""

from datetime import date

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.records import WorkRecord
from tests.factories import make_class, make_college, make_counselor, make_record, make_student


async def test_it_keeps_a_record_with_its_student_and_aware_timestamps(
    session: AsyncSession,
) -> None:
    college = await make_college(session)
    cls = await make_class(session, college)
    student = await make_student(session, cls)
    counselor = await make_counselor(session, college, cls)
    await make_record(
        session,
        counselor,
        "talk",
        date(2026, 3, 2),
        student,
        subtype="deep",
        details={"findings": ["normal"]},
    )
    await session.commit()
    row = (await session.exec(select(WorkRecord))).one()
    assert row.subtype == "deep" and row.details == {"findings": ["normal"]}
    assert row.created_at.tzinfo is not None
