"""/todo lists what is furthest behind and starts logging it; /rules cites the articles."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import registered


async def test_it_lists_urgent_quotas_and_opens_the_form_from_a_button(
    app: Any, emulator: Emulator, world: World
) -> None:
    me = await registered(emulator, world)
    todo = await me.say("/todo")
    assert "最紧迫的事项" in todo.plain_text
    lines = [line for line in todo.plain_text.splitlines() if line[:2] in {"1.", "2.", "3."}]
    assert len(lines) == 3
    first_button = todo.reply_markup[0][0]
    assert first_button["text"].startswith("记录：")
    kinds = [b["callback_data"] for row in todo.reply_markup for b in row]
    assert len(kinds) == len(set(kinds))  # one button per kind, however many classes lag
    form = await me.tap(first_button["text"])
    assert "取消" in str(form.reply_markup)


async def test_it_shows_the_rules_with_catalog_ids_and_articles(
    app: Any, emulator: Emulator, world: World
) -> None:
    me = await registered(emulator, world)
    answer = await me.say("/rules")
    text = "\n".join(m.plain_text for m in emulator.messages(me.chat_id)[-3:])
    assert "C15" in text and "到学生宿舍" in text and "U 11(四)1" in text
    assert "C32" in text  # 机电工程学院's own rule (document 004) applies to this college
    # Part 2 of issue 20: the months of 2026-2027 that ask for no monthly duty (寒假, 暑假).
    assert "本学年不计的月份" in text and "2027 年 2 月、2027 年 8 月。" in text
    # Part 3: the window and the note (what the college decides) reach /rules.
    assert "（只计学期最后 4 周）" in text and "说明：“期末”：默认学期最后 4 周" in text
    assert "（原文未规定次数：次数由学院决定）" in text
    assert answer.plain_text
