"""Say it in one sentence (issue 16): a sentence reaches the /log card, end to end over HTTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

import pytest
from sqlmodel import select

from bot.emulator import Emulator
from i18n import Translate, for_language
from models.db import Database
from models.invites import create_invite
from models.org import SchoolClass, Student
from models.records import RecordStudent, WorkRecord
from policy.kinds import load_kinds
from tests.e2e.conftest import SHANGHAI, Clock
from tests.e2e.people import Person, buttons_of, labels
from tests.factories import make_class, make_college, make_counselor, make_student
from tests.free_text.cases import Case, cases, roster, today

ZH = for_language("zh")
HELD_OUT = [c for c in cases() if c.held_out and c.roles == ("counselor",)]
CHUNK = 12


@dataclass
class Roster:
    """roster.yaml in the database: its counselor, their classes and students, and the others."""

    token: str
    students: dict[int, Student] = field(default_factory=dict)
    classes: dict[int, SchoolClass] = field(default_factory=dict)


@pytest.fixture
async def seeded(db: Database, clock: Clock) -> Roster:
    """The sentence table's roster, on the sentence table's day."""
    data = roster()
    clock.moment = datetime.combine(today(), time(10), SHANGHAI)
    async with db.session() as session:
        college = await make_college(session, name="机电工程学院")
        classes = {
            c["id"]: await make_class(session, college, name=c["name"], grade=c["grade"])
            for c in data["classes"]
        }
        students = {
            s["id"]: await make_student(
                session, classes[s["class"]], name=s["name"], student_no=s["number"], dorm=s["dorm"]
            )
            for s in data["students"]
        }
        elsewhere = await make_class(session, college, name="材料2301班", grade=2023)
        others = data["others"]
        for name, number in zip(others[::2], others[1::2], strict=True):
            await make_student(session, elsewhere, name=name, student_no=number)
        counselor = await make_counselor(session, college, *classes.values(), name="张老师")
        await make_counselor(session, college, elsewhere, name="赵老师")
        await session.commit()
        token = await create_invite(session, staff=counselor, now=clock())
    return Roster(token, students, classes)


async def counselor(emulator: Emulator, seeded: Roster, user_id: int = 6001) -> Person:
    """The roster's counselor, registered."""
    person = Person(emulator, user_id, "张老师")
    await person.say(f"/start {seeded.token}")
    return person


async def records(db: Database) -> list[WorkRecord]:
    """Every saved record."""
    async with db.session() as session:
        return list((await session.exec(select(WorkRecord))).all())


def option(t: Translate, code: str) -> str:
    """The label of a choice option."""
    return t(f"option-{code}")


def expected_card(case: Case, seeded: Roster, t: Translate = ZH) -> list[str]:
    """What the first answer must show for a sentence, written from its row of the table."""
    e = case.expected
    if e.get("kind") is None:
        return [t("freetext-nothing")]
    if e.get("notown"):
        return [t("error-student-not-yours", query="、".join(e["notown"]))]
    kind = load_kinds().get(e["kind"])
    assert kind is not None
    shown = [f"{t(f'kind-{kind.code}')}"]

    def line(key: str, value: str) -> None:
        shown.append(f"{t(f'field-{key}')}：{value}")

    for key, value in e.items():
        named = [seeded.students[int(i)] for i in value] if key == "stu" else []
        if len(named) == 1:
            line("student", f"{named[0].name}（{named[0].student_no}）")
        elif named:
            shown += [f"{s.name}（" for s in named]
        elif key == "amb":
            shown += [t("freetext-which", name=name) for name in value]
        elif key == "cls":
            line("class", seeded.classes[value].name)
        elif key in ("dorm", "theme"):
            line(key, value)
        elif key == "date":
            line("occurred_on", value.isoformat())
        elif key == "problem":
            shown.append(t(f"error-{value}"))
        elif key == "sub":
            line("subtype", option(t, value))
        elif key in ("att", "hours"):
            line("attendance" if key == "att" else "hours", f"{value:g}")
        elif key == "find":
            spec = kind.field("findings")
            assert spec is not None
            line("findings", "、".join(option(t, o) for o in spec.options if o in value))
        elif key == "det":
            for name, text in value.items():
                spec = kind.field(name)
                assert spec is not None
                line(name, option(t, text) if spec.type == "choice" else text)
        elif key == "crisis":
            shown.append(t("freetext-crisis-seen"))
    return shown


def answer_text(message: Any) -> str:
    """A bot message's text with its button labels, as the person sees them."""
    return str(message.plain_text) + "\n" + "\n".join(labels(message))


async def test_it_reads_the_three_sentences_of_the_issue_into_the_card(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    visit = await me.say("今晚去5号楼302走访，卫生较差，有人用违规电器")
    assert "走访宿舍" in visit.plain_text and "宿舍：5号楼 302" in visit.plain_text
    assert "走访发现：违规电器、卫生问题" in visit.plain_text
    assert "日期：2026-12-02" in visit.plain_text
    await me.say("/cancel")
    talk = await me.say("下午和王晓雯谈心，聊了考研")
    assert "学生：王晓雯（2023010101）" in talk.plain_text
    assert "备注：下午和王晓雯谈心，聊了考研" in talk.plain_text
    assert "谈话类型" in talk.plain_text  # the first thing the sentence did not say
    await me.say("/cancel")
    meeting = await me.say("昨天开了机械2302主题班会，诚信教育，到了41人")
    for shown in ("班级：机械2302班", "类型：主题班会", "主题：诚信教育", "日期：2026-12-01"):
        assert shown in meeting.plain_text
    assert "出勤人数：41" in meeting.plain_text
    assert await records(db) == []


@pytest.mark.parametrize(
    "chunk",
    [HELD_OUT[i : i + CHUNK] for i in range(0, len(HELD_OUT), CHUNK)],
    ids=lambda chunk: f"{chunk[0].number}-{chunk[-1].number}",
)
async def test_it_reads_every_held_out_sentence_into_the_card(
    app: Any, emulator: Emulator, seeded: Roster, db: Database, chunk: list[Case]
) -> None:
    me = await counselor(emulator, seeded)
    wrong = []
    for case in chunk:
        answer = await me.say(case.text)
        seen = answer_text(answer)
        missing = [s for s in expected_card(case, seeded) if s not in seen]
        if missing:
            wrong.append((case.number, case.text, missing, seen))
        if any(data.startswith("f:") for _label, data in buttons_of(answer)):
            await me.say("/cancel")
    assert wrong == []
    assert await records(db) == []


async def test_it_saves_a_sentence_only_on_confirm_and_only_once(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    card = await me.say("昨天开了机械2302主题班会，诚信教育，到了41人")
    assert "备注" in card.plain_text and "确认保存" in " ".join(labels(card))
    assert await records(db) == []
    pressed = await emulator.press_button(me.user, card.message_id, "f:6:ok")
    done = await emulator.wait_for(lambda: "已保存" in me.last().plain_text and me.last())
    assert "主题：诚信教育" in done.plain_text
    await emulator.send_update_raw(pressed)
    await me.say("/me")
    [record] = await records(db)
    assert (record.kind, record.subtype, record.theme) == (
        "class_meeting",
        "theme_meeting",
        "诚信教育",
    )
    assert (record.class_id, record.attendance) == (seeded.classes[2].id, 41)
    assert record.occurred_on.isoformat() == "2026-12-01"
    assert record.note == "昨天开了机械2302主题班会，诚信教育，到了41人"


async def test_it_asks_what_the_sentence_left_out_then_confirms(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    await me.say("下午和王晓雯谈心，聊了考研")
    await me.tap("一般谈话")
    follow = await me.tap("跳过")
    assert "危机" in follow.plain_text and "学生：王晓雯（2023010101）" in follow.plain_text
    confirm = await me.tap("否")
    assert "请核对" in confirm.plain_text and "改学生" in labels(confirm)
    changed = await me.tap("改日期")
    assert "日期" in changed.plain_text
    again = await me.tap("昨天")
    assert "请核对" in again.plain_text and "日期：2026-12-01" in again.plain_text
    assert await records(db) == []
    await me.tap("确认保存")
    [record] = await records(db)
    assert (record.kind, record.subtype, record.crisis) == ("talk", "general", False)
    assert record.occurred_on.isoformat() == "2026-12-01"
    async with db.session() as session:
        [link] = (await session.exec(select(RecordStudent))).all()
    assert link.student_id == seeded.students[1].id


@pytest.mark.parametrize(
    "sentence",
    ["走访5号楼302，一切正常", "晚上走访5号楼302，一切正常", "中午去5号楼302走访，一切正常"],
)
async def test_a_sentence_without_a_day_means_today_shown_with_its_change_button(
    app: Any, emulator: Emulator, seeded: Roster, db: Database, sentence: str
) -> None:
    me = await counselor(emulator, seeded)
    card = await me.say(sentence)
    assert "日期：2026-12-02" in card.plain_text and ZH("prompt-date") not in card.plain_text
    confirm = await me.tap("否")
    assert "请核对" in confirm.plain_text and "日期：2026-12-02" in confirm.plain_text
    assert "改日期" in labels(confirm)
    await me.tap("确认保存")
    [record] = await records(db)
    assert (record.kind, record.dorm, record.occurred_on.isoformat()) == (
        "dorm_visit",
        "5号楼 302",
        "2026-12-02",
    )


async def test_a_day_that_cannot_be_used_is_still_asked_not_replaced_by_today(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    card = await me.say("下个月3号走访5号楼302，一切正常")
    assert ZH("error-date-future") in card.plain_text
    assert "日期：" not in card.plain_text and "今天" in labels(card)
    assert await records(db) == []


async def test_it_offers_log_and_help_in_one_line_when_nothing_is_recognized(
    app: Any, emulator: Emulator, seeded: Roster
) -> None:
    me = await counselor(emulator, seeded)
    answer = await me.say("今天天气不错")
    assert answer.plain_text == ZH("freetext-nothing")
    assert "/log" in answer.plain_text and "/help" in answer.plain_text
    assert "\n" not in answer.plain_text and not labels(answer)


async def test_it_refuses_someone_elses_student_as_the_shortcuts_do(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    by_name = await me.say("和吴敏谈心")
    assert ZH("error-student-not-yours", query="吴敏") in by_name.plain_text
    shortcut = await me.say("/talk 2023050101")
    by_number = await me.say("和2023050101谈话")
    assert shortcut.plain_text.startswith(by_number.plain_text)
    assert not labels(by_name) and await records(db) == []


async def test_it_asks_which_student_a_shared_name_means_and_checks_the_press(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    which = await me.say("和张伟谈心")
    assert "有多名学生叫“张伟”" in which.plain_text
    assert labels(which)[:2] == ["张伟（机械2302班）", "张伟（车辆2401班）"]
    async with db.session() as session:
        # 车辆2401班's 张伟 moves to a class that is not mine while the question is open.
        moved = await session.get(Student, seeded.students[4].id)
        elsewhere = (
            await session.exec(select(SchoolClass).where(SchoolClass.name == "材料2301班"))
        ).one()
        assert moved is not None and elsewhere.id is not None
        moved.class_id = elsewhere.id
        await session.commit()
    refused = await me.tap("车辆2401班", which)
    assert "2024020105" not in refused.plain_text and "学生：" not in refused.plain_text
    picked = await me.tap("机械2302班", which)
    assert "学生：张伟（2023010203）" in picked.plain_text


async def test_it_asks_about_a_crisis_word_explicitly(
    app: Any, emulator: Emulator, seeded: Roster, db: Database
) -> None:
    me = await counselor(emulator, seeded)
    card = await me.say("和陈静怡谈心，心情低落，有轻生念头")
    assert ZH("freetext-crisis-seen") in card.plain_text
    await me.tap("一般谈话")
    asked = await me.tap("跳过")
    assert ZH("freetext-crisis-seen") in asked.plain_text and "是否属于危机" in asked.plain_text
    confirm = await me.tap("是")
    assert "危机情况：是" in confirm.plain_text and await records(db) == []


async def test_it_reads_english_sentences_and_answers_in_english(
    app: Any, emulator: Emulator, seeded: Roster
) -> None:
    me = await counselor(emulator, seeded)
    await me.say("/lang en")
    en = for_language("en")
    talk = await me.say("Had a talk with 2023010102 yesterday")
    assert (
        "Student: 李明（2023010102）" in talk.plain_text or "李明（2023010102）" in talk.plain_text
    )
    assert en("kind-talk") in talk.plain_text and "2026-12-01" in talk.plain_text
    await me.say("/cancel")
    visit = await me.say("Dorm visit 5#302, all fine")
    assert en("kind-dorm_visit") in visit.plain_text and "5号楼 302" in visit.plain_text
    assert en("option-normal") in visit.plain_text
    await me.say("/cancel")
    nothing = await me.say("nice weather today")
    assert nothing.plain_text == en("freetext-nothing")
