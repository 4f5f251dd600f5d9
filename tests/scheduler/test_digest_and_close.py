"""Monday's digest job, the summaries after a month closes, and escalation after two misses."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from tests.scheduler.conftest import Chats, run, texts


async def test_monday_brings_the_leader_the_digest_text_chart_and_workbook_once(
    app: Any, chats: Chats
) -> None:
    sent = await run(app, "digest", "2026-11-23 08:00")
    assert sent == 1  # one batch: the leader's own college
    messages = chats.leader.emu.messages(chats.leader.chat_id)
    assert "机电工程学院" in messages[0].plain_text
    [photo] = [m.photo for m in messages if m.photo is not None]
    assert photo.content.startswith(b"\x89PNG")
    [document] = [m.document for m in messages if m.document is not None]
    book = load_workbook(io.BytesIO(document.content))
    assert book.sheetnames
    assert await run(app, "digest", "2026-11-24 08:00") == 0  # a late second run: nothing
    assert texts(chats.counselor) == []


async def test_after_a_month_closes_each_person_hears_what_they_met_and_missed(
    app: Any, chats: Chats
) -> None:
    await run(app, "period_close", "2026-12-01 08:00")
    [summary] = texts(chats.counselor)
    assert "上月工作小结" in summary and "2026-11-01～2026-11-30" in summary
    assert "走访宿舍（C15）：0/2" in summary
    college = [t for t in texts(chats.leader) if "学院上月工作小结" in t]
    assert college and "张老师" in college[0]
    assert await run(app, "period_close", "2026-12-02 08:00") == 0


async def test_a_rule_missed_two_months_running_is_escalated_to_the_leader(
    app: Any, chats: Chats
) -> None:
    await run(app, "period_close", "2026-11-01 09:00")
    assert not any("连续未完成" in t for t in texts(chats.leader))
    await run(app, "period_close", "2026-12-01 08:00")
    escalations = [t for t in texts(chats.leader) if "连续未完成" in t]
    assert any("张老师" in t and "走访宿舍" in t for t in escalations)
