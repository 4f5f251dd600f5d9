"""Each person sees only their own classes and students; leaders see their college."""

from sqlmodel.ext.asyncio.session import AsyncSession

from models.scope import class_ids_of, dorms_of, find_students, is_my_student
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_staff,
    make_student,
)


async def test_it_scopes_students_by_role(session: AsyncSession) -> None:
    college, other_college = await make_college(session), await make_college(session, name="外院")
    mine, theirs = await make_class(session, college), await make_class(session, college)
    far = await make_class(session, other_college)
    wang = await make_student(session, mine, name="王芳", dorm="7号楼 312")
    li = await make_student(session, theirs, name="王丽", dorm="8号楼 101")
    await make_student(session, far, name="王强")
    counselor = await make_counselor(session, college, mine)
    head = await make_head_teacher(session, college, theirs)
    leader = await make_staff(session, college, is_leader=True)
    assert [s.name for s in await find_students(session, staff=counselor, text="王")] == ["王芳"]
    assert [s.name for s in await find_students(session, staff=head, text="王")] == ["王丽"]
    assert {s.name for s in await find_students(session, staff=leader, text="王")} == {
        "王芳",
        "王丽",
    }
    assert await find_students(session, staff=counselor, text=li.student_no) == []
    assert await is_my_student(session, staff=counselor, student=wang)
    assert not await is_my_student(session, staff=counselor, student=li)
    assert await dorms_of(session, staff=counselor) == [("7号楼 312", 1)]
    assert far.id not in await class_ids_of(session, staff=leader)
