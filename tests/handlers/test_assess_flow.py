"""/assess in chat: leaders see their college, everybody else only themselves; 确认发布 locks."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import load_workbook
from sqlmodel import col, select

from bot.emulator import Emulator
from i18n import translator
from models.assessment import SelfEvaluation
from models.db import Database
from models.records import AuditEntry
from reports.assessment_data import gather_results
from reports.assessment_workbook import workbook
from tests.e2e.conftest import Clock, World, app, clock, emulator, world
from tests.e2e.people import Person, labels
from tests.factories import make_record
from tests.handlers.harness import join, join_as, make_admin, make_outside_leader
from tests.imports.assessment_files import LIU, ZHANG, ZHAO, import_assessment, xlsx

__all__ = ["app", "clock", "emulator", "world"]
YEAR = "2025-2026"
ZH = translator("zh")


async def imported(
    db: Database, app: Any, clock: Clock, *rows: list[object], head: list[object] = LIU
) -> None:
    """Counselor rows (default 张老师 and 赵老师) and 刘老师 as head teacher, imported."""
    policy = app.bot_data["services"].policy
    files = [
        (xlsx(list(rows) or [ZHANG, ZHAO]), "辅导员.xlsx"),
        (xlsx([head], header=("工号", "姓名", "学院考核得分", "资助工作重大失误")), "班主任.xlsx"),
    ]
    async with db.session() as session:
        for content, name in files:
            result = await import_assessment(session, policy, content, name, year=YEAR, now=clock())
            assert result.errors == []


async def told(emulator: Emulator, person: Person) -> None:
    """Wait until the person has been told that the results are published."""

    def arrived() -> bool:
        return "考核结果已发布" in texts(emulator, person)

    await emulator.wait_for(arrived)


def texts(emulator: Emulator, person: Person) -> str:
    """Everything the bot said in a person's chat."""
    return "\n".join(m.plain_text for m in emulator.messages(person.chat_id))


async def test_a_leader_publishes_and_each_person_is_told_only_their_own(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    await imported(db, app, clock)
    counselor = await join(emulator, world, "counselor", 5001)
    other = await join(emulator, world, "other_counselor", 5002)
    head = await join(emulator, world, "head_teacher", 5003)
    leader = await join(emulator, world, "leader", 5004)

    before = await counselor.say("/assess")
    assert "尚未发布" in before.plain_text
    assert labels(before) == ["填写自评", "生成述职草稿"]
    assert "88.16" not in texts(emulator, counselor)

    await leader.say("/assess")
    book_message = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(leader.chat_id) if m.document), None)
    )
    summary = next(m for m in emulator.messages(leader.chat_id) if "考核结果" in m.plain_text)
    assert "机电工程学院 2025-2026 学年考核结果" in summary.plain_text
    assert "辅导员 2 人：合格 2" in summary.plain_text
    assert "班主任 1 人：合格 1" in summary.plain_text
    # A08: 「在每年秋学期进行」, 15% of the college's head teachers on the roster.
    assert "班主任考核在每年秋学期进行" in summary.plain_text
    assert "全校 2 人参加定等，优秀名额 0 名" in summary.plain_text
    book = load_workbook(io.BytesIO(book_message.document.content))
    names = [r[1] for r in book["辅导员"].iter_rows(min_row=2, values_only=True)]
    assert names == ["张老师", "赵老师"]

    await leader.tap("确认发布", summary)
    done = await emulator.wait_for(
        lambda: next(
            (m for m in emulator.messages(leader.chat_id) if "已通知" in m.plain_text), None
        )
    )
    assert "已发布 机电工程学院 2025-2026 学年考核结果，已通知 3 人" in done.plain_text
    # A03: the leader who publishes sees the university's 优秀 places left.
    assert "已发布学院已定优秀 0 名，尚余 0 名" in done.plain_text
    for person in (counselor, other, head):
        await told(emulator, person)
    assert "88.16" in texts(emulator, counselor) and "80.00" not in texts(emulator, counselor)
    assert "80.00" in texts(emulator, other) and "88.16" not in texts(emulator, other)
    assert "82.5" in texts(emulator, head) and "88.16" not in texts(emulator, head)
    assert "张老师" not in texts(emulator, other)

    own = await counselor.say("/assess")
    assert "等次：合格" in own.plain_text and "总分：88.16" in own.plain_text
    assert "A03" in own.plain_text
    await leader.say("/assess")
    await emulator.wait_for(
        lambda: sum(1 for m in emulator.messages(leader.chat_id) if m.document) == 2
    )
    latest = [m for m in emulator.messages(leader.chat_id) if "考核结果" in m.plain_text][-1]
    assert "（已发布）" in latest.plain_text and not latest.buttons()
    async with db.session() as session:
        actions = (await session.exec(select(AuditEntry.action))).all()
        (college,) = await gather_results(session, academic_year=YEAR)
    assert "assessment.publish" in actions and "assessment.read" in actions
    assert college.state == "published"


async def test_nobody_else_sees_a_college_table(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    await imported(db, app, clock)
    async with db.session() as session:
        outside = await make_outside_leader(session)
        admin = await make_admin(session, world)
        outsider = await join_as(emulator, session, outside, 5101, clock)
        operator = await join_as(emulator, session, admin, 5102, clock)
    head = await join(emulator, world, "head_teacher", 5103)
    other = await join(emulator, world, "other_counselor", 5104)
    assert "还没有考核数据" in (await outsider.say("/assess")).plain_text
    for person in (operator, head, other):
        answer = await person.say("/assess")
        assert "张老师" not in answer.plain_text and "88.16" not in answer.plain_text
        assert not any(m.document for m in emulator.messages(person.chat_id))
    # A head teacher is offered no counselor self-evaluation.
    assert not (await head.say("/assess")).reply_markup


async def test_too_few_participants_block_publishing(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    await imported(db, app, clock, [*ZHANG[:4], 1, *ZHANG[5:]], ZHAO)
    leader = await join(emulator, world, "leader", 5201)
    await leader.say("/assess")
    summary = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(leader.chat_id) if m.buttons()), None)
    )
    assert "暂不能定等" in summary.plain_text and "张老师" in summary.plain_text
    refused = await leader.tap("确认发布", summary)
    assert "还有人暂不能定等（张老师）" in refused.plain_text
    async with db.session() as session:
        (college,) = await gather_results(session, academic_year=YEAR)
    assert college.state == "draft"


async def test_a_counselor_gives_a_self_evaluation_and_gets_a_report_draft(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        for day in (date(2025, 10, 9), date(2025, 10, 23)):
            await make_record(session, world.counselor, "dorm_visit", day, dorm="7号楼 312")
        await make_record(
            session, world.counselor, "talk", date(2025, 11, 5), world.students[0], crisis=True
        )
        await session.commit()
    counselor = await join(emulator, world, "counselor", 5301)
    await counselor.say("/assess")
    asked = await counselor.tap("填写自评")
    assert "自评分" in asked.plain_text
    assert "0–100" in (await counselor.say("很好")).plain_text
    saved = await counselor.say("95 本学年完成了全部谈心谈话")
    assert "已保存自评：95 分" in saved.plain_text
    async with db.session() as session:
        (own,) = (await session.exec(select(SelfEvaluation))).all()
    assert (own.score, own.statement) == (95, "本学年完成了全部谈心谈话")

    # The office leaves 自评 empty for 张老师: the score given in chat counts.
    # 95×0.1 + 85.5×0.4 + 88×0.1 + 89.5×0.2 + 91.3×0.2 = 88.66.
    await imported(db, app, clock, [*ZHANG[:2], "", *ZHANG[3:]])
    async with db.session() as session:
        (college,) = await gather_results(session, academic_year=YEAR)
    assert college.counselors[0][1].total == 88.66
    policy = app.bot_data["services"].policy
    book = load_workbook(
        io.BytesIO(workbook(college, policy.policy.assessment, 70, ZH, fail_below=60))
    )
    header, first = list(book["辅导员"].iter_rows(max_row=2, values_only=True))
    row = dict(zip(header, first, strict=True))
    assert (row["自评"], row["总分"], row["自评陈述"]) == (95, 88.66, "本学年完成了全部谈心谈话")

    await counselor.say("/assess")
    report = await counselor.tap("生成述职草稿")
    text = report.plain_text
    assert "2025-2026 学年述职（草稿）：张老师" in text
    assert "走访宿舍 2 次" in text and "谈心谈话 1 次" in text
    assert "包联学生 1/3 人" in text
    assert "危机事件处置：1 起" in text
    assert "到学生宿舍（1 个周期）" in text


async def test_an_admin_imports_by_sending_the_file(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        admin = await make_admin(session, world)
        operator = await join_as(emulator, session, admin, 5401, clock)

    async def send(name: str) -> Any:
        before = len(emulator.messages(operator.chat_id))
        await emulator.send_document(operator.user, file_name=name, content=xlsx([ZHANG, ZHAO]))
        return await emulator.wait_for(
            lambda: emulator.messages(operator.chat_id)[before:] and operator.last()
        )

    assert "请注明学年" in (await send("考核.xlsx")).plain_text
    leader = await join(emulator, world, "leader", 5402)
    await emulator.send_document(
        leader.user, file_name="考核-2025-2026.xlsx", content=xlsx([ZHANG])
    )
    refused = await emulator.wait_for(
        lambda: next(
            (m for m in emulator.messages(leader.chat_id) if "只有学院管理员" in m.plain_text), None
        )
    )
    assert "只有学院管理员可以导入辅导员考核数据" in refused.plain_text
    # The one preview → 确认导入 flow of every list, its name escaped once (no `&amp;` shown).
    preview = await send("辅导员考核&评议-2025-2026.xlsx")
    assert "《辅导员考核&评议-2025-2026.xlsx》识别为辅导员考核数据" in preview.plain_text
    assert "2025-2026 学年辅导员考核数据：新增 2 人，更新 0 人" in preview.plain_text
    async with db.session() as session:
        assert await gather_results(session, academic_year=YEAR) == []
    done = await operator.tap("确认导入")
    assert "《辅导员考核&评议-2025-2026.xlsx》已导入" in done.plain_text
    assert "&amp;" not in done.plain_text
    async with db.session() as session:
        (college,) = await gather_results(session, academic_year=YEAR)
        audit = (
            await session.exec(
                select(AuditEntry).where(col(AuditEntry.action) == "assessment.import")
            )
        ).all()
    assert [p.name for p, _ in college.counselors] == ["张老师", "赵老师"]
    assert college.counselors[0][1].total == 88.16
    assert len(audit) == 1


async def test_an_admin_sees_bad_assessment_rows_in_their_language(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        admin = await make_admin(session, world)
        operator = await join_as(emulator, session, admin, 5403, clock)
    await operator.say("/lang en")
    bad = [*ZHANG[:3], "八十五", *ZHANG[4:]]
    before = len(emulator.messages(operator.chat_id))
    await emulator.send_document(
        operator.user, file_name="考核 <1>-2025-2026.xlsx", content=xlsx([bad])
    )
    answer = await emulator.wait_for(
        lambda: emulator.messages(operator.chat_id)[before:] and operator.last()
    )
    assert "“考核 <1>-2025-2026.xlsx” has 1 errors" in answer.plain_text
    assert "Row 2, column 学生评价: “八十五” is not a number" in answer.plain_text


async def test_publishing_schedules_reminder_talks_and_names_removals(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    # 赵老师: 65 everywhere, total 65.00 < 70 → 基本合格; 刘老师: 55 < 60 → 不合格.
    low = ["T1003", "赵老师", 65, 65, 1, 65, 65, 65, 65, "2019-09-01", "", "", "", "", "", "", ""]
    await imported(db, app, clock, ZHANG, low, head=["T1002", "刘老师", 55, "否"])
    zhao = await join(emulator, world, "other_counselor", 5501)
    liu = await join(emulator, world, "head_teacher", 5502)
    leader = await join(emulator, world, "leader", 5503)
    await leader.say("/assess")
    summary = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(leader.chat_id) if m.buttons()), None)
    )
    assert "需安排提醒谈话（基本合格，学院领导与本人）：赵老师" in summary.plain_text
    assert "不得续聘班主任（不合格）：刘老师" in summary.plain_text
    await leader.tap("确认发布", summary)
    talk = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(leader.chat_id) if "📌" in m.plain_text), None)
    )
    assert "请安排提醒谈话" in talk.plain_text and "· 赵老师" in talk.plain_text
    assert "张老师" not in talk.plain_text
    await told(emulator, zhao)
    await told(emulator, liu)
    assert "等次：基本合格" in texts(emulator, zhao)
    assert "学院将与您进行提醒谈话" in texts(emulator, zhao)
    assert "取消次年专业技术职务评聘资格" in texts(emulator, zhao)
    assert "等次：不合格" in texts(emulator, liu) and "不得续聘班主任岗位" in texts(emulator, liu)
