"""The seeded college's digest as readers get it: figures, names only for its leaders, no notes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from policy.service import PolicyService
from reports.digest_data import gather
from reports.digest_drawing import DigestForRecipient, build_digests
from reports.digest_text import RenderedDigest, render
from reports.workbook import rule_label
from tests.reports.conftest import NOW, SECRET, WEEK, College


def every_string(xlsx: bytes) -> str:
    """All the text inside a workbook's files, whatever sheet or part it is in."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


async def rendered(
    session: AsyncSession, policy: PolicyService, c: College, *, names: bool, locale: str = "zh"
) -> RenderedDigest:
    assert c.zhang.college_id is not None
    (digest,) = await gather(session, policy, now=NOW, week=WEEK, college_ids=[c.zhang.college_id])
    return render(digest, translator(locale), with_names=names)


async def test_it_writes_the_hand_counted_figures_into_the_text(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    out = await rendered(session, policy, college, names=True)
    assert len(out.parts) == 1
    # Changes since last week are checked on hand-made data (test_digest_text.py).
    text = re.sub(r"（[+-]\d+）", "", out.parts[0])
    assert "<b>全院</b>（共 9 项）：已完成 3，进度正常 4，有风险 0，落后 2，未完成 0" in text
    assert (
        "<b>最落后的 1 人</b>\n大班老师（辅导员）：未完成 0，落后 2，有风险 0；落后的要求：" in text
    )
    assert "大班老师（辅导员）：本学年谈心谈话 0/201" in text
    assert "张老师（辅导员）：本季度重点关注深谈 1/2（王三）" in text
    assert "刘老师（班主任）：本学期学业预警面谈 1/2（王一）" in text
    assert "完整名单见附件" in text
    assert "班级 机械2402班 没有班主任（S01）" in text
    # U 第七条 sets an overall ratio of posts: one counselor's 201 students are information.
    note = "提示：辅导员 大班老师 负责 201 名学生，多于 200 名（S02 是总体比例，不是每人上限"
    assert note in text
    assert "<b>本周危机情况：2 起</b>" in text
    assert "2026-11-11 · 机械2401班 · 记录人 张老师" in text
    assert "2026-11-13 · 8号楼 105 · 记录人 刘老师" in text
    assert "<b>尚未注册（1 人）</b>：大班老师" in text
    assert "<b>消息无法送达（1 人）</b>：刘老师" in text


async def test_it_never_puts_a_note_into_text_or_workbook(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    for names in (True, False):
        out = await rendered(session, policy, college, names=names)
        assert SECRET not in "\n".join(out.parts) + out.caption
        assert SECRET not in every_string(out.xlsx)


async def test_it_leaves_student_names_out_for_readers_outside_the_college(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    out = await rendered(session, policy, college, names=False, locale="en")
    everything = "\n".join(out.parts) + every_string(out.xlsx)
    assert not any(s.name in everything or s.student_no in everything for s in college.s)
    assert "key-concern deep talks this quarter 1/2" in everything


async def test_it_gives_leaders_the_missing_students_in_the_workbook(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    out = await rendered(session, policy, college, names=True)
    book = load_workbook(io.BytesIO(out.xlsx))
    assert book.sheetnames == ["概览", "本周", "本月", "本季度", "本学期", "本学年", "学生覆盖",
                               "未覆盖学生"]  # fmt: skip
    students = list(book["未覆盖学生"].iter_rows(min_row=2, values_only=True))
    assert len(students) == 2 + 1 + 201 + 1  # 张老师 C17 and C18, 大班老师 C17, 刘老师 H04
    label = rule_label(translator("zh"), "H04", "与学业困难学生一对一面谈")
    assert ("刘老师", "H04", label, "202401001", "王一", "机械2401班") in students
    start = book["本月"]["E2"]
    assert start.is_date and start.value == datetime(2026, 11, 1)


async def test_it_builds_one_digest_per_reader_and_college(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    due = await build_digests(session, policy, now=NOW, translator=translator)
    by_reader: dict[int | None, list[DigestForRecipient]] = {}
    for d in due:
        by_reader.setdefault(d.staff_id, []).append(d)
    ours, theirs = college.zhang.college_id, college.other_leader.college_id
    assert {d.college_id for d in by_reader[college.leader.id]} == {ours}
    assert {d.college_id for d in by_reader[college.other_leader.id]} == {theirs}
    assert {d.college_id for d in by_reader[college.admin.id]} == {ours, theirs}
    assert set(by_reader) == {college.leader.id, college.other_leader.id, college.admin.id}
    # On Wednesday 11-18 the digest due is last week's.
    assert {d.week_start for d in due} == {WEEK.start}
    (leader,) = by_reader[college.leader.id]
    assert leader.filename == "机电工程学院工作周报-2026-11-09.xlsx"
    assert leader.png.startswith(b"\x89PNG") and leader.xlsx.startswith(b"PK")
    assert "王三" in "\n".join(leader.parts)
    admin = next(d for d in by_reader[college.admin.id] if d.college_id == ours)
    assert admin.filename.endswith("-weekly-digest-2026-11-09.xlsx")
    assert "王三" not in "\n".join(admin.parts)


async def test_it_warns_admins_once_when_the_holiday_data_runs_out_within_sixty_days(
    session: AsyncSession, policy: PolicyService, college: College
) -> None:
    """On 2026-11-18 chinese-calendar knows holidays only to 2026-12-31: admins are told."""
    due = await build_digests(session, policy, now=NOW, translator=translator)
    admin_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id == college.admin.id)
    assert admin_text.count("2026-12-31") == 1
    assert "fudao calendar import" in admin_text
    leaders = (college.leader.id, college.other_leader.id)
    leader_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id in leaders)
    assert "calendar import" not in leader_text
