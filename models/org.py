"""Tables of the organisation: colleges, majors, classes, students, staff and assignments."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


class College(SQLModel, table=True):
    """A college (学院) of the university."""

    __tablename__ = "colleges"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)


class Major(SQLModel, table=True):
    """A major (专业) inside a college."""

    __tablename__ = "majors"
    __table_args__ = (UniqueConstraint("college_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    college_id: int = Field(foreign_key="colleges.id", index=True)
    name: str = Field(max_length=100)
    # 系 (D01: one 学业问题研讨会 per 系): the roster's 系 column; empty: the major is its own 系.
    department: str | None = Field(default=None, max_length=100)


class SchoolClass(SQLModel, table=True):
    """A class (班级) of students, with its grade (年级) and major."""

    __tablename__ = "classes"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    grade: int
    college_id: int = Field(foreign_key="colleges.id", index=True)
    major_id: int | None = Field(default=None, foreign_key="majors.id")
    # 学制 (C38b): 3 for 专科, 4 for 本科, 5 for five-year majors; a class graduates in its last.
    program_years: int = Field(default=4, sa_column_kwargs={"server_default": "4"})


class Student(SQLModel, table=True):
    """A student on the roster, with the flags that drive per-student quotas."""

    __tablename__ = "students"

    id: int | None = Field(default=None, primary_key=True)
    student_no: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100, index=True)
    class_id: int = Field(foreign_key="classes.id", index=True)
    dorm: str | None = Field(default=None, max_length=64, index=True)
    key_concern: bool = False
    cadre: bool = False
    academic_warning: bool = False
    special_origin: bool = False
    # 心理委员 (C35) and 特殊群体: 经济困难、身心疾患等 (C37).
    psych_committee: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    special_group: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # 宿舍心理信息员 (C35): talked with as the class's 心理委员 are.
    dorm_psych_informant: bool = Field(
        default=False, sa_column_kwargs={"server_default": sa.false()}
    )
    active: bool = True


class Staff(SQLModel, table=True):
    """A member of staff; one person may hold several roles."""

    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    staff_no: str | None = Field(default=None, max_length=32, unique=True)
    name: str = Field(max_length=100)
    college_id: int | None = Field(default=None, foreign_key="colleges.id", index=True)
    is_counselor: bool = False
    is_head_teacher: bool = False
    is_leader: bool = False
    # 教务员 (E01): hands in the warning lists and sends the notices each term.
    is_academic_staff: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    is_admin: bool = False
    # Counselors' duties start with 岗前培训 in their first year (catalog C30).
    started_on: date | None = None
    # 专职 (True) or 兼职: C31 and the graded assessment (A04–A07) are for 专职 counselors.
    full_time: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    # The day the counselor role ended (S03: 每年辅导员转岗人数不得超过辅导员总数的 10%).
    left_post_on: date | None = None
    # Why the counselor left (S03 counts 转岗 only): transfer, resigned, retired, other.
    left_reason: str | None = Field(default=None, max_length=16)
    telegram_user_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    # A WeCom member's chat id (models.channels); one person may be bound on both channels.
    wecom_chat_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )
    # The chat id this person last wrote from: jobs reach them on the channel they last used.
    last_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    language: str = Field(default="zh", max_length=8)
    unreachable: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def chat_id(self) -> int | None:
        """Where fudao writes to this person: the chat they last used, else any bound one."""
        return chat_to_use(self.telegram_user_id, self.wecom_chat_id, self.last_chat_id)

    @property
    def roles(self) -> list[str]:
        """The role codes this person holds, most specific first."""
        flags = [
            ("counselor", self.is_counselor),
            ("head_teacher", self.is_head_teacher),
            ("leader", self.is_leader),
            ("academic_staff", self.is_academic_staff),
            ("admin", self.is_admin),
        ]
        return [code for code, held in flags if held]


class CounselorClass(SQLModel, table=True):
    """A class that a counselor looks after."""

    __tablename__ = "counselor_classes"

    staff_id: int = Field(foreign_key="staff.id", primary_key=True)
    class_id: int = Field(foreign_key="classes.id", primary_key=True, index=True)


class HeadTeacherClass(SQLModel, table=True):
    """The class of a head teacher; a class has at most one (catalog S01)."""

    __tablename__ = "head_teacher_classes"

    staff_id: int = Field(foreign_key="staff.id", primary_key=True)
    class_id: int = Field(foreign_key="classes.id", primary_key=True, unique=True)


def chat_to_use(telegram: int | None, wecom: int | None, last: int | None) -> int | None:
    """Of a person's bound chats, the one they last used, else Telegram's, else WeCom's."""
    if last is not None and last in (telegram, wecom):
        return last
    return telegram if telegram is not None else wecom
