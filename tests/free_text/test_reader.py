"""The free-text reader: the tuning table row by row, and the behaviours the card relies on.

The held-out rows of sentences.yaml and all of fresh.yaml are measured by
benchmarks/free_text.py, never asserted here, so that nobody tunes the reader against them.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time

import pytest

from policy.freetext import Proposal, class_aliases, read
from policy.freetext.vocabulary import load_vocabulary
from policy.kinds import load_kinds
from tests.free_text.cases import FIELDS, Case, caller, cases, run, today

COUNSELOR = ("counselor",)
TUNING = [c for c in cases() if not c.held_out]


def propose(text: str, roles: tuple[str, ...] = COUNSELOR) -> Proposal:
    """What the reader proposes for the roster's counselor."""
    return read(text, today=today(), caller=caller(roles))


@pytest.mark.parametrize("case", TUNING, ids=[f"s{c.number}" for c in TUNING])
def test_it_proposes_the_expected_fields(case: Case) -> None:
    got = run(case)
    assert {k: got.get(k) for k in FIELDS} == {k: case.expected.get(k) for k in FIELDS}


def test_the_table_is_big_enough_and_a_third_is_held_out() -> None:
    every = cases()
    assert len(every) >= 300
    assert sum(c.held_out for c in every) >= len(every) // 3


def test_it_reads_the_three_sentences_of_the_issue() -> None:
    dorm = propose("今晚去5号楼302走访，卫生较差，有人用违规电器")
    assert (dorm.kind, dorm.dorm, dorm.findings) == (
        "dorm_visit",
        "5号楼 302",
        ("appliance", "hygiene"),
    )
    assert (dorm.occurred_on, dorm.time_of_day) == (today(), "evening")
    talk = propose("下午和王晓雯谈心，聊了考研")
    assert (talk.kind, talk.student_ids, talk.time_of_day) == ("talk", (1,), "afternoon")
    meeting = propose("昨天开了机械2302主题班会，诚信教育，到了41人")
    assert (meeting.kind, meeting.class_id, meeting.subtype) == (
        "class_meeting",
        2,
        "theme_meeting",
    )
    assert (meeting.theme, meeting.attendance) == ("诚信教育", 41)
    assert meeting.occurred_on == date(2026, 12, 1)


def test_it_asks_which_one_when_two_students_share_a_name() -> None:
    proposal = propose("和张伟谈心")
    assert proposal.student_ids == ()
    [ambiguity] = proposal.ambiguous
    assert ambiguity.name == "张伟"
    assert {(s.id, s.class_name) for s in ambiguity.candidates} == {
        (3, "机械2302班"),
        (4, "车辆2401班"),
    }


def test_a_class_or_student_number_in_the_sentence_settles_a_shared_name() -> None:
    assert propose("和车辆2401的张伟谈心").student_ids == (4,)
    assert propose("张伟（2023010203）谈心").student_ids == (3,)


def test_it_refuses_someone_elses_student_by_name_or_number() -> None:
    by_name = propose("和吴敏谈心")
    assert (by_name.student_ids, by_name.not_own) == ((), ("吴敏",))
    by_number = propose("和2024050202谈话")
    assert (by_number.student_ids, by_number.not_own) == ((), ("2024050202",))


def test_a_student_unknown_to_everyone_is_simply_not_found() -> None:
    proposal = propose("和李四谈心")
    assert (proposal.kind, proposal.student_ids, proposal.not_own) == ("talk", (), ())


@pytest.mark.parametrize("text", ["今天天气不错", "收到", "😂😂😂", "hello", "开会"])
def test_nothing_recognized_means_no_kind(text: str) -> None:
    assert propose(text).kind is None


def test_a_crisis_is_proposed_and_never_set() -> None:
    proposal = propose("和陈静怡谈心，心情低落，有轻生念头")
    assert proposal.crisis_proposed
    assert "crisis" not in proposal.values()


def test_a_denied_crisis_word_is_not_proposed() -> None:
    assert not propose("和欧阳嘉怡谈心，无自伤倾向，情绪稳定").crisis_proposed
    assert propose("查寝，6栋415，张伟没回来，失联").crisis_proposed


@pytest.mark.parametrize(
    ("text", "problem"),
    [("明天和李明谈心", "date-future"), ("12月5日找王磊谈话", "date-future"),
     ("10月15日和马超谈心", "date-too-old"), ("2月30日和李明谈心", "date-invalid")],
)  # fmt: skip
def test_it_refuses_days_a_record_cannot_have(text: str, problem: str) -> None:
    proposal = propose(text)
    assert (proposal.occurred_on, proposal.date_problem) == (None, problem)


@pytest.mark.parametrize(
    ("said", "day"),
    [("今天", "2026-12-02"), ("昨天", "2026-12-01"), ("前天", "2026-11-30"),
     ("今晚", "2026-12-02"), ("上周三", "2026-11-25"), ("周一", "2026-11-30"),
     ("星期三", "2026-12-02"), ("周四", "2026-11-26"), ("上周日", "2026-11-29"),
     ("11月25日", "2026-11-25"), ("11.28", "2026-11-28"), ("12号", "2026-11-12"),
     ("１２号", "2026-11-12"), ("2026-11-30", "2026-11-30"), ("last Friday", "2026-11-27"),
     ("yesterday", "2026-12-01")],
)  # fmt: skip
def test_it_reads_the_day_as_written(said: str, day: str) -> None:
    assert propose(f"{said}和李明谈心").occurred_on == date.fromisoformat(day)


@pytest.mark.parametrize(
    ("said", "part", "clock"),
    [("上午9点", "morning", time(9)), ("晚上9点半", "evening", time(21, 30)),
     ("21:30", None, time(21, 30)), ("下午3点", "afternoon", time(15)), ("中午", "noon", None)],
)  # fmt: skip
def test_it_reads_the_time_of_day(said: str, part: str | None, clock: time | None) -> None:
    proposal = propose(f"{said}和李明谈心")
    assert (proposal.time_of_day, proposal.at) == (part, clock)


@pytest.mark.parametrize(
    "room", ["5号楼302", "5#302", "五号楼 302", "5栋302", "5-302", "５号楼３０２"]
)
def test_it_writes_a_dorm_as_the_roster_does(room: str) -> None:
    assert propose(f"去{room}走访").dorm == "5号楼 302"


def test_a_visit_to_a_named_students_room_takes_their_dorm() -> None:
    assert propose("去王晓雯宿舍走访").dorm == "5号楼 302"


@pytest.mark.parametrize(
    ("text", "attendance"),
    [("到了41人", 41), ("41人参加", 41), ("出席41人", 41), ("到了四十一人", 41), ("实到40人", 40),
     ("到了33人，缺席2人", 33)],
)  # fmt: skip
def test_it_reads_attendance(text: str, attendance: int) -> None:
    assert propose(f"机械2302主题班会，{text}").attendance == attendance


def test_it_reads_training_hours_and_composes_the_subtype() -> None:
    proposal = propose("参加省级辅导员培训4学时")
    assert (proposal.subtype, proposal.hours) == ("in_service_provincial", 4.0)
    assert propose("岗前培训 国家级 40学时").subtype == "pre_service_national"


def test_a_kind_the_role_may_not_log_is_not_proposed() -> None:
    assert propose("讲党课", ("head_teacher",)).kind is None
    assert propose("今天去听课", ("head_teacher",)).kind == "lecture_observation"


def test_class_aliases_follow_the_roster_name() -> None:
    aliases = class_aliases("机械2302班", 2023)
    assert {"机械2302", "23级机械2班", "2302班"} <= set(aliases)
    assert "机械2302" in class_aliases("机电机械2302班", 2023)
    assert class_aliases("实验班") == ("实验班",)


def test_values_are_keyed_like_the_log_form() -> None:
    proposal = propose("昨天开了机械2302主题班会，诚信教育，到了41人")
    assert proposal.values() == {
        "class": 2,
        "subtype": "theme_meeting",
        "theme": "诚信教育",
        "occurred_on": "2026-12-01",
        "attendance": 41,
        "note": "昨天开了机械2302主题班会，诚信教育，到了41人",
    }


def test_the_note_is_the_sentence_as_typed() -> None:
    text = "  走访宿舍５号楼３０２，情况正常 "
    assert propose(text).note == text.strip()


def test_every_kind_has_words_and_every_code_exists() -> None:
    vocabulary = load_vocabulary()
    for kind in load_kinds().kinds:
        words = vocabulary.kinds.get(kind.code)
        assert words is not None, kind.code
        assert words.naming_words or words.topics, kind.code
        assert set(words.subtype) <= set(kind.subtypes), kind.code
        for part in words.subtype_parts:
            assert all(
                any(o.startswith(p) or o.endswith(p) for o in kind.subtypes) for p in part.options
            )
    assert set(vocabulary.kinds) <= {k.code for k in load_kinds().kinds}
    findings = load_kinds().get("dorm_visit")
    assert findings is not None and (spec := findings.field("findings")) is not None
    assert set(vocabulary.findings) == set(spec.options)
    options = {f.key: set(f.options) for k in load_kinds().kinds for f in k.fields if f.options}
    for key, words_by_option in (vocabulary.choices | vocabulary.link_choices).items():
        assert set(words_by_option) <= options[key], key


def test_the_reader_needs_no_database_and_no_telegram() -> None:
    code = (
        "import sys, policy.freetext; "
        "print(sorted(m for m in ('telegram', 'sqlalchemy', 'sqlmodel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_number_out_of_the_fields_bounds_is_left_to_ask() -> None:
    assert propose("机械2302主题班会，到了900人").attendance is None
    assert propose("培训500学时").hours is None


@pytest.mark.parametrize(
    ("text", "students"),
    [("和张伟强谈心", ()), ("和刘洋洋谈话", ()), ("今天很高兴", ()), ("明年夏天去实习", ()),
     ("讲了如何平衡学习和社团", ()), ("和高兴谈心", (16,)), ("和张伟华谈心", (22,)),
     ("和李明明天再谈", (2,)), ("张伟华和王磊谈心", (22, 13))],
)  # fmt: skip
def test_a_name_is_read_only_where_it_stands_as_a_name(
    text: str, students: tuple[int, ...]
) -> None:
    proposal = propose(text)
    assert (proposal.student_ids, proposal.ambiguous) == (students, ())


@pytest.mark.parametrize(
    ("text", "kind"),
    [("跟李明交流了半小时", "talk"), ("找王磊了解情况", "talk"), ("交流了一下", None),
     ("去马超宿舍看望他", "dorm_visit"), ("和王晓雯聊宿舍矛盾", "talk")],
)  # fmt: skip
def test_a_plain_verb_says_talk_only_about_a_named_student(text: str, kind: str | None) -> None:
    assert propose(text).kind == kind


@pytest.mark.parametrize(
    ("text", "theme"),
    [("机电2201 集体活动 拔河比赛", "拔河比赛"), ("机械2302开班会 关于寒假安全的班会", "寒假安全"),
     ("车辆2401主题班会，围绕诚信考试展开", "诚信考试"),
     ("机械2301班会 讲了宿舍安全 30人", "宿舍安全"),
     ("机械2302班会 全员到齐", None), ("安全教育讲座 全体新生 300人", None),
     ("class meeting 机械2302 about safety", None)],
)  # fmt: skip
def test_it_reads_a_theme_written_without_quotes(text: str, theme: str | None) -> None:
    assert propose(text).theme == theme


@pytest.mark.parametrize(
    ("said", "part", "clock"),
    [("下午两点半", "afternoon", time(14, 30)), ("晚上八点", "evening", time(20)),
     ("周一晚", "evening", None), ("三点钟", None, time(3)), ("聊了一点", None, None)],
)  # fmt: skip
def test_it_reads_hours_in_chinese_numerals(
    said: str, part: str | None, clock: time | None
) -> None:
    proposal = propose(f"{said}和李明谈心")
    assert (proposal.time_of_day, proposal.at) == (part, clock)


def test_a_duration_is_no_time_of_day() -> None:
    assert propose("和周杰谈心，他一晚上没睡").time_of_day is None


def test_it_refuses_next_weeks_day_as_a_future_date() -> None:
    """下周一 has not happened yet: the card asks for the date instead of guessing this Monday."""
    proposal = propose("下周一找李明谈心")
    assert proposal.occurred_on is None
    assert proposal.date_problem == "date-future"


@pytest.mark.parametrize(
    "text",
    [
        "和李明谈心，他说活着没意思",
        "李明说总想伤害自己，谈了很久",
        "talked with 李明, he wants to kill himself",
    ],
)
def test_it_proposes_a_crisis_for_words_of_despair(text: str) -> None:
    """Despair said in other words is still proposed as a crisis for the card to ask about."""
    assert propose(text).crisis_proposed
