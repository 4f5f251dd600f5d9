"""The message text: changes since last week, escaping, and both languages."""

from __future__ import annotations

from dataclasses import replace

from i18n import translator
from reports.digest_data import StaffLine, StatusTally
from reports.digest_text import TELEGRAM_LIMIT, render_text, units
from tests.reports.samples import sample_digest


def test_it_shows_each_change_since_last_week() -> None:
    (text,) = render_text(sample_digest(), translator("zh"), with_names=True)
    # Now 9 met, 3 at risk, 1 behind; last week 6 met, 3 at risk, 0 behind.
    assert "<b>全院</b>（共 16 项）：已完成 9（+3），有风险 3，落后 1（+1），未完成 0" in text
    assert "刘老师（辅导员）：已完成 3（+1），有风险 1，落后 1（+1），未完成 0" in text


def test_it_escapes_names_for_telegram_html() -> None:
    digest = sample_digest()
    odd = StaffLine(9, "<b>王&李</b>", ("head_teacher",), StatusTally(met=1), StatusTally())
    (text,) = render_text(replace(digest, staff=(odd,)), translator("zh"), with_names=True)
    assert "&lt;b&gt;王&amp;李&lt;/b&gt;（班主任）" in text


def test_it_speaks_english_to_an_english_reader() -> None:
    (text,) = render_text(sample_digest(), translator("en"), with_names=True)
    assert "<b>College</b> (16 quotas): met 9 (+3), at risk 3, behind 1 (+1), missed 0" in text
    assert "Class 车辆2401班 has no head teacher (S01)" in text
    assert "(王小明)" in text


def test_it_splits_a_big_college_into_several_messages_between_lines() -> None:
    digest = sample_digest(staff_count=400)
    parts = render_text(digest, translator("zh"), with_names=True)
    assert len(parts) > 1
    assert all(units(p) <= TELEGRAM_LIMIT for p in parts)
    lines = [line for p in parts for line in p.split("\n")]
    assert sum(1 for line in lines if "（辅导员）：" in line) == 400


def test_it_says_when_a_class_has_two_head_teachers() -> None:
    digest = sample_digest()
    two = replace(digest.conditions[0], value=2)
    (text,) = render_text(replace(digest, conditions=(two,)), translator("zh"), with_names=True)
    assert "班级 车辆2401班 有 2 名班主任，应为 1 名（S01）" in text
