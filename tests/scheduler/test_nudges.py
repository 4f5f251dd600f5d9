"""Nudges: who gets one, when, how often, and what snooze and mute do."""

from __future__ import annotations

from typing import Any

from tests.e2e.people import labels
from tests.scheduler.conftest import Chats, run, texts

# Thursday 2026-11-19 is a teaching day of the autumn term; November's dorm visits
# (C15, twice a month) are behind for a counselor who has logged none.
THURSDAY = "2026-11-19 08:00"


async def test_a_counselor_behind_gets_one_message_listing_the_quotas_with_buttons(
    app: Any, chats: Chats
) -> None:
    assert await run(app, "nudges", THURSDAY) >= 1
    [nudge] = [m for m in chats.counselor.emu.messages(chats.counselor.chat_id)]
    assert "工作提醒" in nudge.plain_text
    assert "走访宿舍" in nudge.plain_text
    assert "明天再提醒" in labels(nudge) and "本期不再提醒" in labels(nudge)
    assert any(label.startswith("记录") for label in labels(nudge))


async def test_a_second_run_the_same_day_sends_nothing_again(app: Any, chats: Chats) -> None:
    await run(app, "nudges", THURSDAY)
    before = len(texts(chats.counselor))
    assert await run(app, "nudges", "2026-11-19 09:30") == 0
    assert len(texts(chats.counselor)) == before


async def test_no_nudge_on_a_holiday_in_a_vacation_or_in_quiet_hours(
    app: Any, chats: Chats
) -> None:
    assert await run(app, "nudges", "2026-11-21 08:00") == 0  # a Saturday
    assert await run(app, "nudges", "2027-02-10 08:00") == 0  # winter vacation
    assert await run(app, "nudges", "2026-11-19 23:00") == 0  # quiet hours
    assert await run(app, "nudges", "2026-11-19 06:59") == 0
    assert texts(chats.counselor) == []


async def test_an_early_nudge_is_not_repeated_the_next_day(app: Any, chats: Chats) -> None:
    await run(app, "nudges", THURSDAY)
    first = texts(chats.counselor)
    await run(app, "nudges", "2026-11-20 08:00")
    assert "走访宿舍" not in "".join(texts(chats.counselor)[len(first) :])


async def test_the_final_nudge_comes_two_days_before_the_end(app: Any, chats: Chats) -> None:
    await run(app, "nudges", THURSDAY)
    seen = len(texts(chats.counselor))
    await run(app, "nudges", "2026-11-27 08:00")  # Friday; November ends on Monday the 30th
    assert "走访宿舍" not in "".join(texts(chats.counselor)[seen:])
    await run(app, "nudges", "2026-11-30 08:00")
    final = "".join(texts(chats.counselor)[seen:])
    assert "走访宿舍" in final and "⏰" in final


async def test_snooze_brings_the_rule_back_tomorrow_and_mute_silences_it(
    app: Any, chats: Chats
) -> None:
    await run(app, "nudges", THURSDAY)
    nudge = chats.counselor.last_with_buttons()
    rules_in_it = [data for _, data in nudge.buttons() if data.startswith("nz:s:")]
    assert len(rules_in_it) >= 2
    snoozed, muted = rules_in_it[0], rules_in_it[1].replace("nz:s:", "nz:m:")
    await chats.counselor.emu.press_button(chats.counselor.user, nudge.message_id, snoozed)
    await chats.counselor.emu.press_button(chats.counselor.user, nudge.message_id, muted)
    answers = await _answers(chats)
    assert any("明天再提醒" in a for a in answers) and any("本期不再提醒" in a for a in answers)
    seen = len(texts(chats.counselor))
    await run(app, "nudges", "2026-11-20 08:00")
    again = chats.counselor.emu.messages(chats.counselor.chat_id)[seen:]
    data = [d for m in again for _, d in m.buttons()]
    assert snoozed in data  # the snoozed rule is back, once
    assert muted.replace("nz:m:", "nz:s:") not in data  # the muted one is not
    await run(app, "nudges", "2026-11-20 09:00")
    assert len(texts(chats.counselor)) == seen + len(again)


async def test_nobody_is_nudged_on_days_they_said_they_are_away(app: Any, chats: Chats) -> None:
    answer = await chats.counselor.say("/away 11-19 11-20")
    assert "2026-11-19" in answer.plain_text and "2026-11-20" in answer.plain_text
    seen = len(texts(chats.counselor))
    await run(app, "nudges", THURSDAY)
    assert len(texts(chats.counselor)) == seen
    await run(app, "nudges", "2026-11-23 08:00")
    assert len(texts(chats.counselor)) == seen + 1


async def test_away_refuses_an_end_before_its_start(app: Any, chats: Chats) -> None:
    answer = await chats.counselor.say("/away 11-20 11-19")
    assert "结束日期早于开始日期" in answer.plain_text
    answer = await chats.counselor.say("/away 2月30日")
    assert "用法" in answer.plain_text


async def _answers(chats: Chats) -> list[str]:
    """The toasts the counselor saw after pressing two buttons."""
    emu = chats.counselor.emu
    await emu.wait_for(lambda: len(emu.answered_callbacks) >= 2)
    return [str(a.get("text", "")) for a in emu.answered_callbacks]
