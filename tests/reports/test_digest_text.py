"""The message text: changes since last week, escaping, and both languages."""

from __future__ import annotations

import re
from dataclasses import replace

from i18n import translator
from reports.digest_data import StaffLine, StatusTally, furthest_behind
from reports.digest_text import TELEGRAM_LIMIT, render_text, units
from tests.reports.samples import sample_digest


def test_it_shows_each_change_since_last_week() -> None:
    (text,) = render_text(sample_digest(), translator("zh"), with_names=True)
    # Now 9 met, 3 on track, 3 at risk, 1 behind; last week 6, 6, 3 and 0.
    assert (
        "<b>全院</b>（共 16 项）：已完成 9（+3），进度正常 3（-3），"
        "有风险 3，落后 1（+1），未完成 0" in text
    )
    assert "刘老师（辅导员）：未完成 0，落后 1（+1），有风险 1" in text


def test_it_escapes_names_for_telegram_html() -> None:
    digest = sample_digest()
    odd = StaffLine(9, "<b>王&李</b>", ("head_teacher",), StatusTally(behind=1), StatusTally())
    (text,) = render_text(replace(digest, staff=(odd,)), translator("zh"), with_names=True)
    assert "&lt;b&gt;王&amp;李&lt;/b&gt;（班主任）" in text


def test_it_speaks_english_to_an_english_reader() -> None:
    (text,) = render_text(sample_digest(), translator("en"), with_names=True)
    assert (
        "<b>College</b> (16 quotas): met 9 (+3), on track 3 (-3), at risk 3, behind 1 (+1), "
        "missed 0" in text
    )
    assert "Class 车辆2401班 has no head teacher (S01)" in text
    assert "(王小明)" in text


def test_it_adds_up_the_headline_to_the_total() -> None:
    for digest in (sample_digest(), sample_digest(staff_count=130)):
        (text,) = render_text(digest, translator("zh"), with_names=True)
        headline = next(line for line in text.split("\n") if line.startswith("<b>全院</b>"))
        total = int(re.search(r"共 (\d+) 项", headline).group(1))  # type: ignore[union-attr]
        counts = re.findall(r"(已完成|进度正常|有风险|落后|未完成) (\d+)", headline)
        assert [label for label, _ in counts] == ["已完成", "进度正常", "有风险", "落后", "未完成"]
        assert sum(int(n) for _, n in counts) == total


def test_it_fits_a_130_staff_college_into_one_message() -> None:
    parts = render_text(sample_digest(staff_count=130), translator("zh"), with_names=True)
    assert len(parts) == 1 and units(parts[0]) <= TELEGRAM_LIMIT
    people = [line for line in parts[0].split("\n") if "：未完成" in line]
    assert len(people) == 5
    assert "完整名单见附件" in parts[0]


def test_it_lists_the_furthest_behind_first() -> None:
    quiet = StaffLine(1, "甲", ("counselor",), StatusTally(at_risk=2), StatusTally())
    late = StaffLine(2, "乙", ("counselor",), StatusTally(behind=3, missed=1), StatusTally(),
                     ("C17", "C09"))  # fmt: skip
    ordered = furthest_behind([quiet, late])
    (text,) = render_text(replace(sample_digest(), staff=tuple(ordered)), translator("zh"),
                          with_names=True)  # fmt: skip
    assert ordered == [late, quiet]
    assert (
        "乙（辅导员）：未完成 1（+1），落后 3（+3），有风险 0；落后的要求：谈心谈话、巡堂" in text
    )
    assert "甲（" not in text  # at risk only: not behind, so not among the five


def test_it_labels_every_person_with_a_role() -> None:
    leader = StaffLine(7, "李超然", ("leader",), StatusTally(behind=1), StatusTally())
    nobody = StaffLine(8, "钱七", (), StatusTally(behind=1), StatusTally())
    digest = replace(sample_digest(), staff=(leader, nobody))
    (text,) = render_text(digest, translator("zh"), with_names=True)
    assert "李超然（学院领导）" in text and "钱七（未分配角色）" in text
    assert "（）" not in text


def test_it_says_when_a_class_has_two_head_teachers() -> None:
    digest = sample_digest()
    two = replace(digest.conditions[0], value=2)
    (text,) = render_text(replace(digest, conditions=(two,)), translator("zh"), with_names=True)
    assert "班级 车辆2401班 有 2 名班主任，应为 1 名（S01）" in text
